"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { contrastRatio, normalizeHexColor } from "@/lib/organizations/branding-rules";
import { FormOutcome, SubmitButton, useFieldError, useFocusFirstError } from "./form-bits";

/**
 * The senders and the appearance of an organisation (issue 16), two forms on /admin/settings.
 * After an invalid submit the focus goes to the first wrong field (its message stands next to
 * it); without JavaScript the reloaded form puts it there with autofocus.
 */

type SendersValues = { emailFromAddress: string; emailReplyTo: string; smsSender: string };

/** The outcome above a form: saved, or refused as a whole; invalid fields speak for themselves. */
function Outcome({ state, savedText }: { state: ActionState; savedText: string }) {
  if (state.error === "invalid") return null;
  return <FormOutcome state={state} savedText={savedText} />;
}

export function SendersForm({ values, verifiedDomains, action: save }: { values: SendersValues; verifiedDomains: string[]; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v: SendersValues = { ...values, ...(state.values as Partial<SendersValues> | undefined) };
  const { first, formRef } = useFocusFirstError(state, { emailFromAddress: "senders-emailFromAddress", emailReplyTo: "senders-emailReplyTo", smsSender: "senders-smsSender" });
  const fromHint = verifiedDomains.length ? t("settings.emailFromAddressHint", { domains: verifiedDomains.join(", ") }) : t("settings.emailFromAddressNoDomains");
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate aria-labelledby="senders-title">
      <h2 id="senders-title" className="text-xl font-bold">{t("settings.sendersTitle")}</h2>
      <p className="text-sm text-slate-700">{t("settings.sendersLead")}</p>
      <Outcome state={state} savedText={t("settings.sendersSaved")} />
      <Field id="senders-emailFromAddress" label={t("settings.emailFromAddress")} hint={fromHint} error={err("emailFromAddress")}>
        {(p) => <TextInput {...p} name="emailFromAddress" type="email" autoComplete="off" defaultValue={v.emailFromAddress} autoFocus={first === "emailFromAddress"} />}
      </Field>
      <Field id="senders-emailReplyTo" label={t("settings.emailReplyTo")} hint={t("settings.emailReplyToHint")} error={err("emailReplyTo")}>
        {(p) => <TextInput {...p} name="emailReplyTo" type="email" autoComplete="off" defaultValue={v.emailReplyTo} autoFocus={first === "emailReplyTo"} />}
      </Field>
      <Field id="senders-smsSender" label={t("settings.smsSender")} hint={t("settings.smsSenderHint")} error={err("smsSender")}>
        {(p) => <TextInput {...p} name="smsSender" autoComplete="off" spellCheck={false} defaultValue={v.smsSender} className={`${inputClass} max-w-md`} autoFocus={first === "smsSender"} />}
      </Field>
      <SubmitButton>{t("settings.sendersSave")}</SubmitButton>
    </form>
  );
}

export function BrandingForm({ values, action: save }: { values: { accentColor: string; logoUrl: string | null }; action: StateAction }) {
  const t = useTranslations("admin");
  const locale = useLocale();
  const [state, action] = useActionState<ActionState<Record<string, string>, { logoUrl: string | null }>, FormData>(save as never, {});
  const fieldError = useFieldError(state);
  const accent = (state.values as { accentColor?: string } | undefined)?.accentColor ?? values.accentColor;
  const logoUrl = state.ok && "logoUrl" in state ? (state.logoUrl ?? null) : values.logoUrl;
  const { first, formRef } = useFocusFirstError(state, { accentColor: "branding-accentColor", logo: "branding-logo" });
  const accentError = () => {
    if (state.fieldErrors?.accentColor !== "accent_contrast") return fieldError("accentColor");
    // the ratio as the admin reads it: rounded down, so 4.499 never shows as 4.50
    const hex = normalizeHexColor(accent);
    const ratio = hex ? Math.floor(contrastRatio(hex, "#ffffff") * 100) / 100 : 0;
    return t("errors.accent_contrast", { ratio: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ratio) });
  };
  const swatch = normalizeHexColor(accent);
  return (
    <form ref={formRef} action={action} encType="multipart/form-data" className="space-y-4" noValidate aria-labelledby="branding-title">
      <h2 id="branding-title" className="text-xl font-bold">{t("settings.brandingTitle")}</h2>
      <p className="text-sm text-slate-700">{t("settings.brandingLead")}</p>
      <Outcome state={state} savedText={t("settings.brandingSaved")} />
      <Field id="branding-accentColor" label={t("settings.accentColor")} hint={t("settings.accentColorHint")} error={accentError()}>
        {(p) => (
          <div className="flex items-center gap-3">
            <TextInput {...p} name="accentColor" defaultValue={accent} autoComplete="off" spellCheck={false} placeholder="#174c99" className={`${inputClass} max-w-40 font-mono`} autoFocus={first === "accentColor"} />
            {swatch ? <span aria-hidden="true" className="size-11 shrink-0 rounded-lg border border-slate-500" style={{ background: swatch }} /> : null}
          </div>
        )}
      </Field>
      <div className="space-y-2">
        <p className="font-semibold">{t("settings.logoCurrent")}</p>
        {logoUrl ? (
          <>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={logoUrl} alt={t("settings.logoCurrent")} className="h-16 w-auto max-w-60 rounded border border-slate-300 bg-white object-contain p-1" data-testid="current-logo" />
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name="logoAction" value="remove" className="size-5" />
              {t("settings.logoRemove")}
            </label>
          </>
        ) : (
          <p className="text-sm text-slate-700">{t("settings.logoNone")}</p>
        )}
      </div>
      <Field id="branding-logo" label={t("settings.logo")} hint={t("settings.logoHint")} error={fieldError("logo")}>
        {(p) => <input {...p} type="file" name="logo" accept="image/png,image/jpeg" className={`${inputClass} file:me-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1`} autoFocus={first === "logo"} />}
      </Field>
      <SubmitButton>{t("settings.brandingSave")}</SubmitButton>
    </form>
  );
}
