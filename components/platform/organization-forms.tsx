"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormOutcome, SubmitButton, useFieldError } from "@/components/admin/form-bits";
import { Field, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";

/** The platform area's forms (app/platform): plain forms that work without JavaScript, errors next to the field. */

function useForm(action: StateAction) {
  const [state, formAction] = useActionState<ActionState, FormData>(action, {});
  const err = useFieldError(state);
  const v = state.values ?? {};
  return { state, formAction, err, v };
}

export function CreateOrganizationForm({ action }: { action: StateAction }) {
  const t = useTranslations("admin.platform");
  const { state, formAction, err, v } = useForm(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormOutcome state={state} />
      <Field id="org-name" label={t("name")} error={err("name")}>
        {(p) => <TextInput {...p} name="name" required maxLength={120} autoComplete="organization" defaultValue={v.name ?? ""} />}
      </Field>
      <Field id="org-slug" label={t("slug")} hint={t("slugHint")} error={err("slug")}>
        {(p) => <TextInput {...p} name="slug" required maxLength={40} autoCapitalize="none" autoCorrect="off" spellCheck={false} defaultValue={v.slug ?? ""} />}
      </Field>
      <SubmitButton>{t("create")}</SubmitButton>
    </form>
  );
}

export function RenameOrganizationForm({ action, organizationId, name }: { action: StateAction; organizationId: string; name: string }) {
  const t = useTranslations("admin.platform");
  const { state, formAction, err, v } = useForm(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormOutcome state={state} savedText={t("renamed")} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <Field id="rename-name" label={t("name")} error={err("name")}>
        {(p) => <TextInput {...p} name="name" required maxLength={120} defaultValue={v.name ?? name} />}
      </Field>
      <SubmitButton variant="secondary">{t("rename")}</SubmitButton>
    </form>
  );
}

export function InviteAdminForm({ action, organizationId }: { action: StateAction; organizationId: string }) {
  const t = useTranslations("admin.platform");
  const { state, formAction, err, v } = useForm(action);
  return (
    <form action={formAction} className="space-y-4" noValidate key={state.doneAt}>
      <FormOutcome state={state} savedText={t("invited")} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <Field id="invite-admin-email" label={t("email")} error={err("email")}>
        {(p) => <TextInput {...p} name="email" type="email" required autoComplete="off" defaultValue={state.ok ? "" : (v.email ?? "")} />}
      </Field>
      <SubmitButton>{t("invite")}</SubmitButton>
    </form>
  );
}

export function SuspendForm({ action, organizationId }: { action: StateAction; organizationId: string }) {
  const t = useTranslations("admin.platform");
  const { state, formAction, err } = useForm(action);
  const error = err("confirm") ?? err("organizationId");
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormOutcome state={state} savedText={t("suspendedDone")} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <div className="flex flex-col gap-1">
        <label className="inline-flex min-h-11 items-center gap-3 font-semibold">
          <input type="checkbox" name="confirm" value="yes" className="size-6" aria-invalid={error ? true : undefined} aria-describedby={error ? "suspend-error" : undefined} />
          {t("suspendConfirm")}
        </label>
        {error ? (
          <p id="suspend-error" className="text-sm font-semibold text-red-700" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <SubmitButton variant="danger">{t("suspend")}</SubmitButton>
    </form>
  );
}

export function ReactivateForm({ action, organizationId }: { action: StateAction; organizationId: string }) {
  const t = useTranslations("admin.platform");
  const { state, formAction } = useForm(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormOutcome state={state} savedText={t("reactivated")} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <SubmitButton>{t("reactivate")}</SubmitButton>
    </form>
  );
}
