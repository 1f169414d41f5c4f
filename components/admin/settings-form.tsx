"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { updateSettingsAction } from "@/app/admin/actions";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState } from "@/lib/admin/action";
import { FormOutcome, SubmitButton, useFieldError } from "./form-bits";

import type { SettingsFormValues as Values } from "@/lib/organizations/settings";

type NumberField = "reminder1Hours" | "reminder2Hours" | "quietStart" | "quietEnd" | "urgentWithinHours" | "unconfirmedDays" | "messageBodyDays" | "inactiveMonths" | "inactiveNoticeDays" | "auditIpDays";

export function SettingsForm({ values, timeZones }: { values: Values; timeZones: string[] }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(updateSettingsAction, {});
  const err = useFieldError(state);
  const v: Values = { ...values, ...(state.ok ? {} : state.values) };
  const text = (name: keyof Values, opts: { hint?: boolean } = {}) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}`)} hint={opts.hint ? t(`settings.${name}Hint` as "settings.smsSenderNameHint") : undefined} error={err(name)}>
      {(p) => <TextInput {...p} name={name} defaultValue={v[name]} />}
    </Field>
  );
  const num = (name: NumberField) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}`)} hint={t(`settings.${name}Hint`)} error={err(name)}>
      {(p) => <TextInput {...p} name={name} inputMode="numeric" defaultValue={v[name]} className={`${inputClass} max-w-32`} />}
    </Field>
  );
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormOutcome state={state} savedText={t("settings.saved")} />
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
      <fieldset className="space-y-4 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("settings.remindersLegend")}</legend>
        {num("reminder1Hours")}
        {num("reminder2Hours")}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("settings.quietLegend")}</legend>
        {num("quietStart")}
        {num("quietEnd")}
        {num("urgentWithinHours")}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("settings.retentionLegend")}</legend>
        {num("unconfirmedDays")}
        {num("messageBodyDays")}
        {num("inactiveMonths")}
        {num("inactiveNoticeDays")}
        {num("auditIpDays")}
      </fieldset>
      <SubmitButton>{t("settings.save")}</SubmitButton>
    </form>
  );
}
