"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { FormOutcome, roundOf, SubmitButton, useFieldError } from "./form-bits";
import { ASSESSMENT_METHODS, CONFORMANCE_STATUSES } from "@/lib/accessibility/constants";
import type { SettingsFormValues as Values } from "@/lib/organizations/settings";

type NumberField = "defaultDurationMinutes" | "reminder1Hours" | "reminder2Hours" | "quietStart" | "quietEnd" | "urgentWithinHours" | "unconfirmedDays" | "messageBodyDays" | "inactiveMonths" | "inactiveNoticeDays" | "auditIpDays" | "escalationHoursBefore" | "reopenAskPerSeat";

/** The timed-work numbers, grouped as the form shows them. */
const GROUPS: [legend: "requestsLegend" | "remindersLegend" | "quietLegend" | "retentionLegend", fields: NumberField[]][] = [
  ["requestsLegend", ["defaultDurationMinutes", "reopenAskPerSeat"]],
  ["remindersLegend", ["reminder1Hours", "reminder2Hours", "escalationHoursBefore"]],
  ["quietLegend", ["quietStart", "quietEnd", "urgentWithinHours"]],
  ["retentionLegend", ["unconfirmedDays", "messageBodyDays", "inactiveMonths", "inactiveNoticeDays", "auditIpDays"]],
];

export function SettingsForm({ values, timeZones, action: save }: { values: Values; timeZones: string[]; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v: Values = { ...values, ...(state.ok ? {} : state.values) };
  const text = (name: keyof Values, opts: { hint?: boolean; type?: "email" | "tel" | "url" | "date"; className?: string } = {}) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}`)} hint={opts.hint ? t(`settings.${name}Hint` as "settings.smsSenderNameHint") : undefined} error={err(name)}>
      {(p) => <TextInput {...p} name={name} type={opts.type} defaultValue={v[name]} className={opts.className ?? inputClass} />}
    </Field>
  );
  const num = (name: NumberField) => (
    <Field key={name} id={`settings-${name}`} label={t(`settings.${name}`)} hint={t(`settings.${name}Hint`)} error={err(name)}>
      {(p) => <TextInput {...p} name={name} inputMode="numeric" defaultValue={v[name]} className={`${inputClass} max-w-32`} />}
    </Field>
  );
  return (
    <form action={action} className="space-y-4" noValidate key={roundOf(state)}>
      <FormOutcome state={state} savedText={t("settings.saved")} fieldLink={(f) => (f in values ? { id: `settings-${f}`, label: t(`settings.${f as keyof Values}`) } : null)} />
      {text("name")}
      {text("emailSenderName")}
      {text("smsSenderName", { hint: true })}
      <Field id="settings-timeZone" label={t("settings.timeZone")} error={err("timeZone")}>
        {(p) => (
          <select {...p} name="timeZone" className={inputClass} defaultValue={v.timeZone}>
            {timeZones.map((z) => (
              <option key={z} value={z}>{z}</option>
            ))}
          </select>
        )}
      </Field>
      {text("privacyContact", { hint: true })}
      {text("address")}
      <Field id="settings-imprint" label={t("settings.imprint")} error={err("imprint")}>
        {(p) => <textarea {...p} name="imprint" rows={5} className={inputClass} defaultValue={v.imprint} />}
      </Field>
      <Field id="settings-listed" label={t("settings.listed")} hint={t("settings.listedHint")} error={err("listed")}>
        {(p) => (
          <select {...p} name="listed" className={`${inputClass} max-w-80`} defaultValue={v.listed}>
            <option value="unlisted">{t("settings.listedOptions.unlisted")}</option>
            <option value="listed">{t("settings.listedOptions.listed")}</option>
          </select>
        )}
      </Field>
      {GROUPS.map(([legend, fields]) => (
        <fieldset key={legend} className="space-y-4 rounded-lg border border-slate-300 p-4">
          <legend className="px-1 font-bold">{t(`settings.${legend}`)}</legend>
          {fields.map((f) => num(f))}
          {legend === "requestsLegend" ? (
            <Field id="settings-showOpenNeedsCount" label={t("settings.showOpenNeedsCount")} hint={t("settings.showOpenNeedsCountHint")} error={err("showOpenNeedsCount")}>
              {(p) => (
                <select {...p} name="showOpenNeedsCount" className={`${inputClass} max-w-80`} defaultValue={v.showOpenNeedsCount}>
                  <option value="hide">{t("settings.showOpenNeedsCountOptions.hide")}</option>
                  <option value="show">{t("settings.showOpenNeedsCountOptions.show")}</option>
                </select>
              )}
            </Field>
          ) : null}
        </fieldset>
      ))}
      <fieldset className="min-w-0 space-y-4 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("settings.accessibilityLegend")}</legend>
        <p className="text-sm text-slate-700">{t("settings.accessibilityLead")}</p>
        <Field id="settings-conformance" label={t("settings.conformance")} error={err("conformance")}>
          {(p) => (
            <select {...p} name="conformance" className={inputClass} defaultValue={v.conformance}>
              {CONFORMANCE_STATUSES.map((c) => (
                <option key={c} value={c}>{t(`settings.conformanceOptions.${c}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="settings-nonAccessible" label={t("settings.nonAccessible")} hint={t("settings.nonAccessibleHint")} error={err("nonAccessible")}>
          {(p) => <textarea {...p} name="nonAccessible" rows={5} className={inputClass} defaultValue={v.nonAccessible} />}
        </Field>
        {text("statementPreparedOn", { type: "date", className: `${inputClass} max-w-60` })}
        {text("statementReviewedOn", { type: "date", className: `${inputClass} max-w-60` })}
        <Field id="settings-assessmentMethod" label={t("settings.assessmentMethod")} error={err("assessmentMethod")}>
          {(p) => (
            <select {...p} name="assessmentMethod" className={inputClass} defaultValue={v.assessmentMethod}>
              {ASSESSMENT_METHODS.map((m) => (
                <option key={m} value={m}>{t(`settings.methodOptions.${m}`)}</option>
              ))}
            </select>
          )}
        </Field>
        {text("assessmentDetails", { hint: true })}
        {text("accessibilityEmail", { hint: true, type: "email" })}
        {text("accessibilityPhone", { hint: true, type: "tel" })}
        {text("enforcementName", { hint: true })}
        {text("enforcementUrl", { hint: true, type: "url" })}
      </fieldset>
      <fieldset className="min-w-0 space-y-4 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("settings.signLanguageLegend")}</legend>
        {text("signLanguageVideoUrl", { hint: true, type: "url" })}
        {text("signLanguageDownloadUrl", { hint: true, type: "url" })}
      </fieldset>
      <SubmitButton>{t("settings.save")}</SubmitButton>
    </form>
  );
}
