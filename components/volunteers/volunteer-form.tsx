"use client";

import { useLocale, useTranslations } from "@/i18n/client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FieldError, inputClass, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { isolateLtrRuns } from "@/i18n/bidi";
import type { ActivityOption, LanguageChoice, MessageLanguageChoice, VolunteerFormState } from "@/lib/volunteers/form-state";
import type { VolunteerFormValues } from "@/lib/volunteers/schema";
import { ConsentTextView, type ConsentDisplay } from "./consent-text";
import { Choice, Fieldset } from "./form-parts";
import { LanguagePicker } from "./language-picker";

const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
const PARTS = ["morning", "afternoon", "evening"] as const;
/** the fields in the order of the form, for the error summary (each id is the field's name) */
const FIELD_ORDER = ["firstName", "lastName", "email", "phone", "contactPreference", "locale", "activities", "languages", "availability", "maxRequestsPerWeek", "postalCode", "note", "consent"] as const;

/** outcomes of joining a further organisation (lib/volunteers/join.ts) and of a tampered organisation field, with their own text */
const JOIN_ERRORS: Record<string, "not_found" | "not_listed" | "already_member" | "contact_taken"> = {
  not_found: "not_found",
  unknown_organization: "not_found",
  not_listed: "not_listed",
  already_member: "already_member",
  contact_taken: "contact_taken",
};

/**
 * The volunteer form for registration and the profile. A plain <form> posting to a server
 * action (works before JavaScript loads); the action returns what was typed plus one error code
 * per field, so nothing typed is lost.
 */
export function VolunteerForm({
  mode,
  action,
  initial,
  activities,
  languages,
  messageLanguages,
  consent,
  organization,
  submitLabel,
}: {
  mode: "register" | "profile";
  /** the organisation the registration is for (its slug, a hidden field; lib/organizations/public.ts); none: the public organisation */
  organization?: string;
  /** instead of "Registrieren" (joining a further organisation from the profile) */
  submitLabel?: string;
  /** registration: the consent text to show (lib/volunteers/consent-texts.ts); its version and language travel as hidden fields */
  consent?: ConsentDisplay;
  action: (state: VolunteerFormState, form: FormData) => Promise<VolunteerFormState>;
  /** the values the form starts with */
  initial: VolunteerFormValues;
  activities: ActivityOption[];
  languages: { common: LanguageChoice[]; other: LanguageChoice[] };
  messageLanguages: MessageLanguageChoice[];
}) {
  const t = useTranslations("volunteers");
  const locale = useLocale();
  // example numbers and addresses inside right-to-left hints and errors stay left to right
  const ltr = (text: string) => isolateLtrRuns(locale, text);
  const [state, formAction, pending] = useActionState(action, { values: initial });
  const v = state.values ?? initial;
  const errors = (state.ok === false && state.fieldErrors) || {};
  const err = (k: keyof typeof errors) => {
    const code = errors[k];
    return code ? ltr(t(`errors.${code}` as "errors.invalid")) : undefined;
  };
  const optional = <span className="font-normal text-slate-700"> {t("fields.optional")}</span>;
  const slots = new Set(v.availability);

  return (
    <form action={formAction} noValidate className="space-y-6">
      {state.ok === false ? (
        <FormSummary
          outcome={state}
          tone="error"
          title={
            state.error === "rate_limited"
              ? t("register.rateLimited", { minutes: state.retryMinutes ?? 60 })
              : state.error && state.error in JOIN_ERRORS
                ? t(`join.errors.${JOIN_ERRORS[state.error]}`)
                : t("register.errorSummary")
          }
          errors={FIELD_ORDER.filter((k) => errors[k]).map((k) => ({ href: `#${k}`, text: t(k === "consent" ? "fields.consentShort" : `fields.${k}`) }))}
        />
      ) : null}
      {state.ok ? <FormSummary outcome={state} tone="success" title={state.reconfirm?.length ? t("profile.savedReconfirm") : t("profile.saved")} /> : null}

      <Card className="space-y-4">
        <h2 className="text-xl font-bold">{t("register.person")}</h2>
        <Field id="firstName" label={t("fields.firstName")} error={err("firstName")}>
          {(p) => <TextInput {...p} name="firstName" autoComplete="given-name" maxLength={200} defaultValue={v.firstName} />}
        </Field>
        <Field id="lastName" label={t("fields.lastName")} error={err("lastName")}>
          {(p) => <TextInput {...p} name="lastName" autoComplete="family-name" maxLength={200} defaultValue={v.lastName} />}
        </Field>
      </Card>

      <Card className="space-y-4">
        <h2 className="text-xl font-bold">{t("register.contact")}</h2>
        <Field id="email" label={t("fields.email")} hint={ltr(t("fields.emailHint"))} error={err("email")}>
          {(p) => <TextInput {...p} name="email" type="email" inputMode="email" autoComplete="email" dir="ltr" maxLength={320} defaultValue={v.email} />}
        </Field>
        <Field id="phone" label={t("fields.phone")} hint={ltr(t("fields.phoneHint"))} error={err("phone")}>
          {(p) => <TextInput {...p} name="phone" type="tel" inputMode="tel" autoComplete="tel" dir="ltr" maxLength={40} defaultValue={v.phone} />}
        </Field>
        <Fieldset id="contactPreference" heading="h3" legend={t("fields.contactPreference")} error={err("contactPreference")}>
          {(["sms", "email", "both"] as const).map((p) => (
            <Choice key={p} type="radio" name="contactPreference" value={p} defaultChecked={v.contactPreference === p} label={t(`fields.pref.${p}`)} />
          ))}
        </Fieldset>
        <Fieldset id="locale" heading="h3" legend={t("fields.locale")} error={err("locale")}>
          {messageLanguages.map((l) => (
            <Choice
              key={l.code}
              type="radio"
              name="locale"
              value={l.code}
              defaultChecked={v.locale === l.code}
              label={
                <span lang={l.code} dir={l.dir}>
                  {l.name}
                </span>
              }
              description={l.inPageLanguage}
            />
          ))}
        </Fieldset>
      </Card>

      <Card>
        <Fieldset id="activities" heading="h2" legend={t("fields.activities")} hint={t("fields.activitiesHint")} error={err("activities")}>
          <ul className="grid grid-cols-1 gap-x-6 sm:grid-cols-2">
            {activities.map((a) => (
              <li key={a.id}>
                <Choice name="activities" value={a.id} defaultChecked={v.activities.includes(a.id)} label={a.name} description={a.description} />
              </li>
            ))}
          </ul>
        </Fieldset>
      </Card>

      <Card>
        <LanguagePicker common={languages.common} other={languages.other} selected={v.languages} error={err("languages")} />
      </Card>

      <Card>
        <Fieldset id="availability" heading="h2" legend={t("fields.availability")} hint={t("fields.availabilityHint")} error={err("availability")}>
          <Choice name="flexible" defaultChecked={v.flexible} label={t("fields.flexible")} />
          <table className="w-full table-fixed border-collapse text-center">
            <thead>
              <tr>
                <th scope="col" className="w-12 p-1 text-start text-sm">
                  <span className="sr-only">{t("fields.weekdayHeader")}</span>
                </th>
                {PARTS.map((p) => (
                  <th key={p} scope="col" className="p-1 text-sm font-semibold [overflow-wrap:anywhere]">
                    {t(`fields.partOfDayShort.${p}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((d) => (
                <tr key={d} className="border-t border-slate-200">
                  <th scope="row" className="p-1 text-start font-semibold">
                    <abbr title={t(`fields.weekday.${d}`)} className="no-underline">
                      {t(`fields.weekdayShort.${d}`)}
                    </abbr>
                  </th>
                  {PARTS.map((p) => (
                    <td key={p} className="p-0">
                      <label className="flex min-h-11 cursor-pointer items-center justify-center">
                        <input
                          type="checkbox"
                          name="availability"
                          value={`${d}-${p}`}
                          defaultChecked={slots.has(`${d}-${p}`)}
                          aria-label={t("fields.slotLabel", { weekday: t(`fields.weekday.${d}`), partOfDay: t(`fields.partOfDay.${p}`) })}
                          className="size-6 accent-brand-700"
                        />
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Fieldset>
      </Card>

      <Card className="space-y-4">
        <h2 className="text-xl font-bold">{t("register.more")}</h2>
        <Fieldset id="mobility" heading="h3" legend={t("fields.mobility")}>
          <Choice name="drivingLicence" defaultChecked={v.drivingLicence} label={t("fields.drivingLicence")} />
          <Choice name="car" defaultChecked={v.car} label={t("fields.car")} />
        </Fieldset>
        <Field id="maxRequestsPerWeek" label={<>{t("fields.maxRequestsPerWeek")}{optional}</>} hint={t("fields.maxRequestsPerWeekHint")} error={err("maxRequestsPerWeek")}>
          {(p) => <TextInput {...p} type="number" name="maxRequestsPerWeek" inputMode="numeric" min={1} max={50} defaultValue={v.maxRequestsPerWeek ?? ""} className={`${inputClass} max-w-32`} />}
        </Field>
        <Field id="postalCode" label={<>{t("fields.postalCode")}{optional}</>} hint={t("fields.postalCodeHint")} error={err("postalCode")}>
          {(p) => <TextInput {...p} name="postalCode" inputMode="numeric" autoComplete="postal-code" maxLength={10} defaultValue={v.postalCode} className={`${inputClass} max-w-40`} />}
        </Field>
        <Field id="note" label={<>{t("fields.note")}{optional}</>} hint={t("fields.noteHint")} error={err("note")}>
          {(p) => <textarea {...p} name="note" rows={4} maxLength={2000} defaultValue={v.note} className={inputClass} />}
        </Field>
      </Card>

      {mode === "register" && consent ? (
        <div className="space-y-1">
          <input type="hidden" name="consentVersion" value={consent.version} />
          <input type="hidden" name="consentLocale" value={consent.locale} />
          {organization ? <input type="hidden" name="organization" value={organization} /> : null}
          <label className="flex min-h-11 cursor-pointer items-start gap-3">
            <input
              id="consent"
              type="checkbox"
              name="consent"
              defaultChecked={v.consent}
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? "consent-error" : undefined}
              className="mt-0.5 size-6 shrink-0 accent-brand-700"
            />
            <span lang={consent.locale}>
              <ConsentTextView text={consent.text} privacyHref={consent.privacyHref} />
            </span>
          </label>
          <FieldError id="consent-error" error={err("consent")} />
        </div>
      ) : null}

      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {submitLabel ?? (mode === "register" ? t("register.submit") : t("profile.save"))}
      </Button>
    </form>
  );
}
