"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { requestSignInAction, type SignInState } from "@/app/admin/sign-in/actions";
import { Field, TextInput } from "@/components/ui/field";
import { SubmitButton } from "./form-bits";

export function SignInForm() {
  const t = useTranslations("admin");
  const [state, action] = useActionState<SignInState, FormData>(requestSignInAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field id="email" label={t("signIn.email")} hint={t("signIn.emailHint")} error={state.error ? t(`errors.${state.error}` as "errors.invalid") : undefined}>
        {(p) => <TextInput {...p} name="email" type="email" autoComplete="email" required defaultValue={state.email ?? ""} />}
      </Field>
      <SubmitButton>{t("signIn.submit")}</SubmitButton>
    </form>
  );
}
