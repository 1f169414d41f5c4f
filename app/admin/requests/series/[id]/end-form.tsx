"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FieldError, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import type { EndSeriesState } from "../actions";

/** "Serie beenden": a confirmation checkbox (works without JavaScript) and an optional reason for the helpers. */
export function EndSeriesForm({ seriesId, action: serverAction }: { seriesId: string; action: (prev: EndSeriesState, fd: FormData) => Promise<EndSeriesState> }) {
  const t = useTranslations("requests.series.overview");
  const [state, action, pending] = useActionState<EndSeriesState, FormData>(serverAction, {});
  const code = state.error === "invalid" ? (Object.values(state.fieldErrors ?? {})[0] ?? "invalid") : state.error;
  const at = state.fieldErrors?.reason ? "reason" : state.fieldErrors?.confirm ? "confirm" : null;
  const message = code ? t(`endErrors.${code}` as "endErrors.invalid") : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="seriesId" value={seriesId} />
      {code && !at ? (
        <FormSummary outcome={state} tone="error" title={message} />
      ) : null}
      <Field id="end-reason" label={t("endReason")} error={at === "reason" ? message : undefined}>
        {(p) => <TextInput {...p} name="reason" defaultValue={state.values?.reason ?? ""} maxLength={500} />}
      </Field>
      <label className="flex min-h-11 items-center gap-3">
        <input type="checkbox" name="confirm" value="yes" className="size-5" aria-invalid={at === "confirm" ? true : undefined} aria-describedby={at === "confirm" ? "end-confirm-error" : undefined} />
        {t("endConfirm")}
      </label>
      <FieldError id="end-confirm-error" error={at === "confirm" ? message : undefined} />
      <Button type="submit" variant="danger" disabled={pending} className="w-full sm:w-auto">
        {t("endSubmit")}
      </Button>
    </form>
  );
}
