"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { requestSignInAction } from "./actions";

export function ManageForm() {
  const t = useTranslations("volunteers");
  const [state, action, pending] = useActionState(requestSignInAction, {});
  if (state.ok) {
    return (
      <FormSummary outcome={state} tone="success" title={t("manage.sentTitle")}>
        <p>{t("manage.sentBody")}</p>
      </FormSummary>
    );
  }
  const error =
    state.ok === false
      ? state.error === "rate_limited"
        ? t("register.rateLimited", { minutes: state.retryMinutes ?? 60 })
        : t(`errors.${state.fieldErrors?.contact ?? state.error}` as "errors.invalid")
      : undefined;
  return (
    <form action={action} noValidate className="space-y-4">
      {error ? <FormSummary outcome={state} tone="error" title={error} /> : null}
      <Field id="contact" label={t("manage.contact")} error={error}>
        {(p) => <TextInput {...p} name="contact" autoComplete="email" dir="ltr" maxLength={320} defaultValue={state.values?.contact ?? ""} />}
      </Field>
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {t("manage.submit")}
      </Button>
    </form>
  );
}
