"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { SubmitButton } from "./form-bits";

/** The coordinator sign-in form; `action` (the page passes it in) answers with a field error or redirects. */
export function SignInForm({ action: requestLink }: { action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(requestLink, {});
  const code = state.fieldErrors?.email ?? (state.error !== "invalid" ? state.error : undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field id="email" label={t("signIn.email")} hint={t("signIn.emailHint")} error={code ? t(`errors.${code}` as "errors.invalid") : undefined}>
        {(p) => <TextInput {...p} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email ?? ""} />}
      </Field>
      <SubmitButton>{t("signIn.submit")}</SubmitButton>
    </form>
  );
}
