"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LanguagePicker, type LanguagePickerChoice } from "@/components/language-picker";
import { Field, FieldError, inputClass, TextInput } from "@/components/ui/field";
import {
  DEFAULT_WAVE_INTERVAL_MINUTES,
  LIMIT_MESSAGE_VALUES,
  MAX_DETAILS_LENGTH,
  MAX_ESCALATION_HOURS,
  MAX_HELPERS,
  MAX_INVITES_PER_SEND,
  MAX_PLACE_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_WAVE_INTERVAL_MINUTES,
} from "@/lib/requests/limits";
import type { RequestPreview } from "@/lib/requests/preview";
import { FormSummary } from "@/components/ui/form-summary";
import { RequestTimeFields } from "@/components/admin/request-time-fields";
import { BriefingFields } from "@/components/admin/briefing-fields";
import { createRequestAction, type CreateRequestState } from "../actions";
import { roundOf } from "@/components/admin/form-bits";

export type ActivityOption = { id: string; name: string };
export type QualificationOption = { id: string; name: string };

/** A checkbox or radio button with its label (44 px touch target). */
function Choice({ type, name, value, checked, children }: { type: "checkbox" | "radio"; name: string; value?: string; checked: boolean; children: ReactNode }) {
  return (
    <label className="flex min-h-11 items-center gap-3">
      <input type={type} name={name} value={value} defaultChecked={checked} className="size-5" />
      {children}
    </label>
  );
}

/** A whole number from 1 to `max` (blank allowed unless required). */
function NumberField({ name, label, hint, error, max, defaultValue, required }: { name: string; label: string; hint?: string; error?: string; max: number; defaultValue: string; required?: boolean }) {
  return (
    <Field id={name} label={label} hint={hint} error={error}>
      {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={max} name={name} defaultValue={defaultValue} required={required} className={`${inputClass} max-w-32`} />}
    </Field>
  );
}

/**
 * The new-request form. A plain form posting to a server action (works before JavaScript
 * loads); with JavaScript it also shows, live, how many volunteers match and the messages.
 */
/** The order of the fields on the form: the error summary links them in this order. */
const FIELD_ORDER = ["activityId", "title", "details", "place", "startsAt", "endsAt", "helpersNeeded", "meetingPoint", "contactName", "contactPhone", "whatToBring", "languages", "channels", "requiredQualificationId", "inviteLimit", "waveSize", "waveIntervalMinutes", "waveDeadline", "escalateHoursBefore"] as const;

/** Every answer of the server remounts the form with what was typed (roundOf, components/admin/form-bits.tsx). */
export function RequestForm({
  activities,
  qualifications = [],
  languages,
  localeNames,
  timeZone,
  defaults,
  durationMinutes,
  initial,
  submissionKey,
  escalationHours,
}: {
  activities: ActivityOption[];
  /** the organisation's active qualification types a request can require (issue 16) */
  qualifications?: QualificationOption[];
  languages: { common: LanguagePickerChoice[]; other: LanguagePickerChoice[] };
  localeNames: Record<string, string>;
  timeZone: string;
  defaults: { startsAt: string; endsAt: string };
  /** the organisation's usual duration: the end follows the start by this much until the coordinator sets another */
  durationMinutes: number;
  /** values to start from (a copied request) */
  initial?: Record<string, string | string[]>;
  submissionKey: string;
  /** the organisation's default for the 'still short' warning (hours before the start) */
  escalationHours: number;
}) {
  const t = useTranslations("requests.form");
  const tp = useTranslations("requests.preview");
  const tw = useTranslations("timed.form");
  const tn = useTranslations("coordinatorNotices.requestForm");
  const format = useFormatter();
  const [state, action, pending] = useActionState<CreateRequestState, FormData>(createRequestAction, {});
  const round = roundOf(state);
  const formRef = useRef<HTMLFormElement>(null);
  const [preview, setPreview] = useState<RequestPreview | null>(null);
  const v = state.values ?? initial ?? {};
  const val = (k: string, d = "") => (typeof v[k] === "string" ? (v[k] as string) : d);
  const chosen = new Set(Array.isArray(v.languages) ? v.languages : []);
  const err = (k: string) => {
    const code = state.fieldErrors?.[k as keyof typeof state.fieldErrors];
    return code ? t(`errors.${code}` as "errors.required", LIMIT_MESSAGE_VALUES) : undefined;
  };
  const waveErr = (k: "waveSize" | "waveIntervalMinutes" | "waveDeadline") => {
    const code = state.fieldErrors?.[k];
    return code ? tw(`errors.${code}` as "errors.wave_size_range", LIMIT_MESSAGE_VALUES) : undefined;
  };
  const label = (k: (typeof FIELD_ORDER)[number]) =>
    k === "waveSize" ? tw("waveSize") : k === "waveIntervalMinutes" ? tw("waveInterval") : k === "waveDeadline" ? tw("waveDeadline") : k === "escalateHoursBefore" ? tn("escalation") : k === "activityId" ? t("activity") : k === "requiredQualificationId" ? t("requiredQualification") : k === "languages" ? t("languageMode") : t(k);
  // the summary names every wrong field and links to it (the message itself stands at the field)
  const errorLinks = FIELD_ORDER.filter((k) => state.fieldErrors?.[k]).map((k) => ({ href: k === "languages" ? "#request-languages" : `#${k}`, text: label(k) }));

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        controller?.abort();
        controller = new AbortController();
        const params = new URLSearchParams();
        for (const [k, value] of new FormData(form)) if (!k.startsWith("$ACTION") && typeof value === "string") params.append(k, value);
        try {
          const res = await fetch(`/api/admin/requests/preview?${params}`, { signal: controller.signal, headers: { accept: "application/json" } });
          if (res.ok) setPreview(await res.json());
        } catch {
          // aborted or offline: keep the last preview
        }
      }, 350);
    };
    // "tell the unanswered when filled" defaults to on for e-mail and off for SMS-only requests,
    // until the coordinator sets it themselves
    let notifyTouched = false;
    const onChange = (e: Event) => {
      const target = e.target as HTMLInputElement;
      if (target.name === "notifyPendingWhenFilled") notifyTouched = true;
      if (target.name === "channels" && !notifyTouched) {
        const box = form.elements.namedItem("notifyPendingWhenFilled") as HTMLInputElement | null;
        if (box) box.checked = target.value !== "sms";
      }
    };
    form.addEventListener("change", onChange);
    refresh();
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    return () => {
      clearTimeout(timer);
      controller?.abort();
      form.removeEventListener("input", refresh);
      form.removeEventListener("change", refresh);
      form.removeEventListener("change", onChange);
    };
  }, [round]);

  return (
    // min-w-0: a grid column may shrink below its longest word (the preview's link), so nothing scrolls sideways
    <div className="grid gap-6 lg:grid-cols-[3fr_2fr] [&>*]:min-w-0">
      <form key={round} ref={formRef} action={action} className="space-y-5" noValidate>
        {/* one key per rendered form: sending it twice creates one request (server de-duplicates) */}
        <input type="hidden" name="submissionKey" value={val("submissionKey", submissionKey)} />
        {state.error ? <FormSummary outcome={state} tone="error" title={state.error === "unauthenticated" || state.error === "forbidden" ? t("unauthorized") : t("errorSummary")} errors={errorLinks} /> : null}
        <Field id="activityId" label={t("activity")} error={err("activityId")}>
          {(p) => (
            <select {...p} name="activityId" defaultValue={val("activityId")} className={inputClass} required>
              <option value="">{t("activityChoose")}</option>
              {activities.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="title" label={t("title")} hint={t("titleHint")} error={err("title")}>
          {(p) => <TextInput {...p} name="title" defaultValue={val("title")} maxLength={MAX_TITLE_LENGTH} required />}
        </Field>
        <Field id="details" label={t("details")} error={err("details")}>
          {(p) => <textarea {...p} name="details" defaultValue={val("details")} maxLength={MAX_DETAILS_LENGTH} rows={3} className={inputClass} />}
        </Field>
        <Field id="place" label={t("place")} error={err("place")}>
          {(p) => <TextInput {...p} name="place" defaultValue={val("place")} maxLength={MAX_PLACE_LENGTH} autoComplete="street-address" />}
        </Field>
        <RequestTimeFields
          labels={{ startsAt: t("startsAt"), endsAt: t("endsAt"), hint: t("timeZoneHint", { tz: timeZone }) }}
          defaults={{ startsAt: val("startsAt", defaults.startsAt), endsAt: val("endsAt", defaults.endsAt) }}
          errors={{ startsAt: err("startsAt"), endsAt: err("endsAt") }}
          durationMinutes={durationMinutes}
        />
        <NumberField name="helpersNeeded" label={t("helpersNeeded")} error={err("helpersNeeded")} max={MAX_HELPERS} defaultValue={val("helpersNeeded", "1")} required />
        <BriefingFields values={v} error={err} />

        <fieldset className="space-y-2" aria-describedby={err("languages") ? "languages-error" : undefined}>
          <legend className="font-semibold">{t("languageMode")}</legend>
          {(["none", "any", "all"] as const).map((mode) => (
            <Choice key={mode} type="radio" name="languageMode" value={mode} checked={val("languageMode", "none") === mode}>
              {t(`languageModes.${mode}`)}
            </Choice>
          ))}
          {/* the same list volunteers choose from (lib/volunteers/languages.ts) */}
          <LanguagePicker
            id="request-languages"
            name="languages"
            common={languages.common}
            other={languages.other}
            selected={[...chosen]}
            labels={{
              legend: <span className="text-sm">{t("languages")}</span>,
              filter: t("languagesFilter"),
              filterHint: t("languagesFilterHint"),
              noMatch: t("languagesNoMatch"),
              common: t("languagesCommon"),
              other: (count) => t("languagesAll", { count }),
            }}
          />
          <FieldError id="languages-error" error={err("languages")} />
        </fieldset>

        <fieldset className="space-y-1">
          <legend className="font-semibold">{t("channels")}</legend>
          <p className="text-sm text-slate-700">{t("channelsHint")}</p>
          {(["both", "email", "sms"] as const).map((c) => (
            <Choice key={c} type="radio" name="channels" value={c} checked={val("channels", "both") === c}>
              {t(`channelOptions.${c}`)}
            </Choice>
          ))}
          <FieldError id="channels-error" error={err("channels")} />
        </fieldset>

        <fieldset className="space-y-1">
          <legend className="font-semibold">{t("options")}</legend>
          <Choice type="checkbox" name="requireDrivingLicence" checked={val("requireDrivingLicence") === "on"}>
            {t("requireDrivingLicence")}
          </Choice>
          <Choice type="checkbox" name="requireCar" checked={val("requireCar") === "on"}>
            {t("requireCar")}
          </Choice>
          {qualifications.length > 0 ? (
            <div className="pt-2">
              <Field id="requiredQualificationId" label={t("requiredQualification")} hint={t("requiredQualificationHint")} error={err("requiredQualificationId")}>
                {(p) => (
                  <select {...p} name="requiredQualificationId" defaultValue={val("requiredQualificationId")} className={inputClass}>
                    <option value="">{t("requiredQualificationNone")}</option>
                    {qualifications.map((q) => (
                      <option key={q.id} value={q.id}>
                        {q.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          ) : null}
          <input type="hidden" name="notifyPendingWhenFilledShown" value="1" />
          <Choice type="checkbox" name="notifyPendingWhenFilled" checked={state.values || initial ? val("notifyPendingWhenFilled") === "on" : val("channels", "both") !== "sms"}>
            {t("notifyPendingWhenFilled")}
          </Choice>
        </fieldset>

        <NumberField name="inviteLimit" label={t("inviteLimit")} hint={t("inviteLimitHint")} error={err("inviteLimit")} max={MAX_INVITES_PER_SEND} defaultValue={val("inviteLimit")} />

        <fieldset className="space-y-3">
          <legend className="font-semibold">{tw("legend")}</legend>
          <Choice type="checkbox" name="waves" checked={val("waves") === "on"}>
            {tw("waves")}
          </Choice>
          <NumberField name="waveSize" label={tw("waveSize")} hint={tw("waveSizeHint")} error={waveErr("waveSize")} max={MAX_INVITES_PER_SEND} defaultValue={val("waveSize")} />
          <NumberField
            name="waveIntervalMinutes"
            label={tw("waveInterval")}
            hint={tw("waveIntervalHint", { minutes: DEFAULT_WAVE_INTERVAL_MINUTES })}
            error={waveErr("waveIntervalMinutes")}
            max={MAX_WAVE_INTERVAL_MINUTES}
            defaultValue={val("waveIntervalMinutes")}
          />
          <Field id="waveDeadline" label={tw("waveDeadline")} hint={tw("waveDeadlineHint")} error={waveErr("waveDeadline")}>
            {(p) => <TextInput {...p} type="datetime-local" name="waveDeadline" defaultValue={val("waveDeadline")} className={`${inputClass} max-w-80`} />}
          </Field>
        </fieldset>

        <Field id="escalateHoursBefore" label={tn("escalation")} hint={tn("escalationHint", { hours: escalationHours })} error={state.fieldErrors?.escalateHoursBefore ? tn("escalation_range", { max: MAX_ESCALATION_HOURS }) : undefined}>
          {(p) => <TextInput {...p} type="number" inputMode="numeric" min={0} max={MAX_ESCALATION_HOURS} name="escalateHoursBefore" defaultValue={val("escalateHoursBefore")} className={`${inputClass} max-w-32`} />}
        </Field>

        <Button type="submit" disabled={pending} className="w-full sm:w-auto">
          {pending ? t("sending") : t("submit")}
        </Button>
      </form>

      <aside aria-labelledby="preview-title" className="space-y-4">
        <h2 id="preview-title" className="text-xl font-bold">
          {tp("title")}
        </h2>
        <div aria-live="polite" className="space-y-4">
          <Card>
            <p className="text-lg font-semibold" data-testid="match-count">
              {preview === null ? tp("loading") : preview.matches === null ? tp("matchesUnknown") : tp("matches", { count: preview.matches })}
            </p>
            {preview?.requiredQualification && preview.matches !== null ? (
              <p className="text-sm text-slate-700" data-testid="match-qualification">
                {tp("onlyQualified", { name: preview.requiredQualification.name })}
              </p>
            ) : null}
            {preview?.askedNow != null && preview.askedNow !== preview.matches ? (
              <p className="text-sm text-slate-700" data-testid="asked-now">
                {tp("askedNow", { count: preview.askedNow })}
              </p>
            ) : null}
          </Card>
          {preview ? (
            <>
              <Card>
                <h3 className="font-semibold">{tp("sms")}</h3>
                <p className="text-sm text-slate-700" data-testid="sms-info">
                  {tp("smsInfo", { characters: preview.sms.characters, segments: preview.sms.segments, encoding: preview.sms.encoding })}
                </p>
                <p className="text-sm text-slate-700" data-testid="sms-cost">
                  {tp("smsCost", { cost: format.number(preview.sms.costCents / 100, { style: "currency", currency: "EUR" }) })}
                </p>
                <pre className="mt-2 whitespace-pre-wrap font-sans [overflow-wrap:anywhere] text-sm">{preview.sms.text}</pre>
                {preview.smsByLocale && preview.smsByLocale.length > 0 ? (
                  <>
                    <h4 className="mt-3 text-sm font-semibold">{tp("smsByLocale")}</h4>
                    <p className="text-sm text-slate-700">{tp("smsByLocaleHint")}</p>
                    {!preview.smsLinkHost.short && preview.smsByLocale.some((l) => l.moreThanGerman > 0) ? (
                      <p className="text-sm text-slate-700" data-testid="sms-link-hint">
                        {tp("smsLinkHint", { host: preview.smsLinkHost.host })}
                      </p>
                    ) : null}
                    <ul className="mt-1 space-y-1 text-sm" data-testid="sms-by-locale">
                      {preview.smsByLocale.map((l) => (
                        <li key={l.locale}>
                          <details>
                            <summary className="cursor-pointer" data-locale={l.locale}>
                              {tp("smsLocaleLine", {
                                language: localeNames[l.locale] ?? l.locale,
                                recipients: l.recipients,
                                segments: l.segments,
                                encoding: l.encoding,
                                cost: format.number(l.totalCents / 100, { style: "currency", currency: "EUR" }),
                              })}
                              {l.moreThanGerman > 0 ? <span className="block text-slate-700">{tp("smsMoreThanGerman", { count: l.moreThanGerman })}</span> : null}
                            </summary>
                            <pre lang={l.locale} dir="auto" className="mt-1 whitespace-pre-wrap font-sans [overflow-wrap:anywhere]">
                              {l.text}
                            </pre>
                          </details>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </Card>
              <Card>
                <h3 className="font-semibold">{tp("email")}</h3>
                <p className="text-sm">
                  <span className="font-semibold">{tp("subject")}:</span> {preview.email.subject}
                </p>
                <pre className="mt-2 whitespace-pre-wrap font-sans [overflow-wrap:anywhere] text-sm">{preview.email.text}</pre>
              </Card>
            </>
          ) : null}
        </div>
      </aside>
    </div>
  );
}
