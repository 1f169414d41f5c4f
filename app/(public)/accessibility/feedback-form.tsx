"use client";

import { useTranslations } from "@/i18n/client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { emptyFeedback, type FeedbackField, type FeedbackFormState } from "@/lib/accessibility/feedback-form";
import { sendFeedbackAction } from "./actions";

const FIELDS: FeedbackField[] = ["message", "page", "name", "email"];

/** A plain <form> posting to a server action: works before JavaScript loads, keeps what was typed. */
export function FeedbackForm({ organization }: { /** the page's organisation slug ("" = the public organisation) */ organization: string }) {
  const t = useTranslations("accessibility.feedback");
  const [state, action, pending] = useActionState<FeedbackFormState, FormData>(sendFeedbackAction, { status: "idle", values: emptyFeedback });
  const v = state.values;
  const err = (k: FeedbackField) => {
    const code = state.errors?.[k];
    return code ? t(`errors.${code}` as "errors.invalid") : undefined;
  };
  const optional = <span className="font-normal text-slate-700"> {t("optional")}</span>;
  const summary =
    state.formError === "rate_limited" ? t("rateLimited", { minutes: state.retryMinutes ?? 60 }) : state.formError === "no_contact" ? t("noContact") : t("errorSummary");
  return (
    <form action={action} noValidate className="space-y-4">
      <input type="hidden" name="organization" value={organization} />
      {state.status === "error" ? (
        <FormSummary
          outcome={state}
          tone="error"
          title={summary}
          errors={FIELDS.filter((k) => state.errors?.[k]).map((k) => ({ href: `#feedback-${k}`, text: t(k) }))}
        />
      ) : null}
      <Field id="feedback-message" label={t("message")} hint={t("messageHint")} error={err("message")}>
        {(p) => <textarea {...p} name="message" rows={6} maxLength={4000} defaultValue={v.message} className={inputClass} />}
      </Field>
      <Field id="feedback-page" label={<>{t("page")}{optional}</>} hint={t("pageHint")} error={err("page")}>
        {(p) => <TextInput {...p} name="page" maxLength={500} defaultValue={v.page} />}
      </Field>
      <Field id="feedback-name" label={<>{t("name")}{optional}</>} error={err("name")}>
        {(p) => <TextInput {...p} name="name" autoComplete="name" maxLength={200} defaultValue={v.name} />}
      </Field>
      <Field id="feedback-email" label={<>{t("email")}{optional}</>} hint={t("emailHint")} error={err("email")}>
        {(p) => <TextInput {...p} name="email" type="email" inputMode="email" autoComplete="email" maxLength={320} defaultValue={v.email} />}
      </Field>
      <p className="text-sm text-slate-700">{t("privacy")}</p>
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {t("submit")}
      </Button>
    </form>
  );
}
