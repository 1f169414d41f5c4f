"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { inputClass } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { FormOutcome, SubmitButton, useFieldError } from "./form-bits";

/** The server actions are passed in by the page (components never import from app/). */
export function MemberActions({ userId, email, role, actions }: { userId: string; email: string; role: "admin" | "coordinator"; actions: { changeRole: StateAction; remove: StateAction } }) {
  const t = useTranslations("admin");
  const [roleState, roleAction] = useActionState<ActionState, FormData>(actions.changeRole, {});
  const [removeState, removeAction] = useActionState<ActionState, FormData>(actions.remove, {});
  const roleErr = useFieldError(roleState)("role");
  const removeErr = useFieldError(removeState)("userId");
  const selectId = `role-${userId}`;
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <form action={roleAction} className="flex min-w-0 flex-wrap items-end gap-2">
        <input type="hidden" name="userId" value={userId} />
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={selectId} className="text-sm font-semibold [overflow-wrap:anywhere]">{t("members.roleOf", { email })}</label>
          <select id={selectId} name="role" defaultValue={role} className={inputClass} aria-invalid={roleErr ? true : undefined} aria-describedby={roleErr ? `${selectId}-error` : undefined}>
            <option value="coordinator">{t("roles.coordinator")}</option>
            <option value="admin">{t("roles.admin")}</option>
          </select>
        </div>
        <SubmitButton variant="secondary">{t("members.saveRole")}</SubmitButton>
      </form>
      <form action={removeAction}>
        <input type="hidden" name="userId" value={userId} />
        <SubmitButton variant="danger" aria-label={t("members.removeOf", { email })}>{t("members.remove")}</SubmitButton>
      </form>
      {roleErr ? <p id={`${selectId}-error`} role="alert" className="text-sm font-semibold text-red-700">{roleErr}</p> : null}
      {removeErr ? <p role="alert" className="text-sm font-semibold text-red-700">{removeErr}</p> : null}
      <FormOutcome state={roleState} />
      <FormOutcome state={removeState} />
    </div>
  );
}
