"use client";

import { useTranslations } from "@/i18n/client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { requestSignInAction } from "./actions";

/** organization: the page's organisation slug (`/o/<slug>/manage`); "" asks every organisation the address belongs to */
export function ManageForm({ organization = "" }: { organization?: string }) {
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
      {organization ? <input type="hidden" name="organization" value={organization} /> : null}
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
