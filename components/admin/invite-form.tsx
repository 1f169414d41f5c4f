"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { FormOutcome, SubmitButton, useFieldError } from "./form-bits";

export function InviteForm({ action: invite }: { action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(invite, {});
  const err = useFieldError(state);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4" noValidate key={state.doneAt}>
      <FormOutcome state={state} savedText={t("members.invited")} />
      <Field id="invite-email" label={t("members.email")} error={err("email")}>
        {(p) => <TextInput {...p} name="email" type="email" autoComplete="off" required defaultValue={v.email ?? ""} />}
      </Field>
      <Field id="invite-role" label={t("members.role")} error={err("role")}>
        {(p) => (
          <select {...p} name="role" className={inputClass} defaultValue={v.role ?? "coordinator"}>
            <option value="coordinator">{t("roles.coordinator")}</option>
            <option value="admin">{t("roles.admin")}</option>
          </select>
        )}
      </Field>
      <SubmitButton>{t("members.invite")}</SubmitButton>
    </form>
  );
}
