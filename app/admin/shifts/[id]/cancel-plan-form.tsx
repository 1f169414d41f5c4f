"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { MAX_REASON_LENGTH } from "@/lib/requests/limits";
import type { CancelShiftPlanState } from "../actions";

/** Cancel the whole plan: a confirmation checkbox (works without JavaScript) and an optional reason for the helpers. */
export function CancelPlanForm({ planId, action }: { planId: string; action: (prev: CancelShiftPlanState, fd: FormData) => Promise<CancelShiftPlanState> }) {
  const t = useTranslations("shifts.admin");
  const [state, formAction] = useActionState(action, {} as CancelShiftPlanState);
  if (state.ok) return <FormSummary outcome={state} tone="success" title={t("overview.cancelledDone", { count: state.notified ?? 0 })} />;
  const confirmError = state.error === "confirm_required" ? t("errors.confirm_required") : undefined;
  return (
    <form action={formAction} className="space-y-3" data-testid="cancel-plan">
      {state.error ? <FormSummary outcome={state} tone="error" title={t(`errors.${state.error}` as "errors.invalid")} /> : null}
      <input type="hidden" name="planId" value={planId} />
      <p>{t("overview.cancelIntro")}</p>
      <div>
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" name="confirm" value="yes" className="size-5" aria-invalid={confirmError ? true : undefined} aria-describedby={confirmError ? "cancel-confirm-error" : undefined} />
          {t("overview.cancelConfirm")}
        </label>
        {confirmError ? (
          <p id="cancel-confirm-error" className="text-sm font-semibold text-red-700">
            {confirmError}
          </p>
        ) : null}
      </div>
      <Field id="cancel-reason" label={t("overview.cancelReason")}>
        {(p) => <TextInput {...p} name="reason" maxLength={MAX_REASON_LENGTH} />}
      </Field>
      <Button type="submit" variant="danger">
        {t("overview.cancelSubmit")}
      </Button>
    </form>
  );
}
