"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { FormOutcome, roundOf, SubmitButton, useFieldError } from "./form-bits";

export function VolunteerStatusForm({ id, status, reason, action: save }: { id: string; status: string; reason: string; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4" noValidate key={roundOf(state)}>
      <input type="hidden" name="id" value={id} />
      <FormOutcome state={state} savedText={t("volunteers.statusSaved")} />
      <Field id="status" label={t("volunteers.newStatus")} error={err("status")}>
        {(p) => (
          <select {...p} name="status" className={inputClass} defaultValue={v.status ?? (status === "paused" ? "paused" : status === "deactivated" ? "deactivated" : "paused")}>
            <option value="active">{t("status.active")}</option>
            <option value="paused">{t("status.paused")}</option>
            <option value="deactivated">{t("status.deactivated")}</option>
          </select>
        )}
      </Field>
      <Field id="reason" label={t("volunteers.reason")} hint={t("volunteers.reasonHint")} error={err("reason")}>
        {(p) => <textarea {...p} name="reason" rows={2} className={inputClass} defaultValue={v.reason ?? reason} />}
      </Field>
      <Field id="pausedUntil" label={t("volunteers.pausedUntil")} hint={t("volunteers.pausedUntilHint")} error={err("pausedUntil")}>
        {(p) => <TextInput {...p} name="pausedUntil" type="date" defaultValue={v.pausedUntil ?? ""} />}
      </Field>
      <SubmitButton>{t("volunteers.saveStatus")}</SubmitButton>
    </form>
  );
}
