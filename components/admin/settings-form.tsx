"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { updateSettingsAction } from "@/app/admin/actions";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState } from "@/lib/admin/action";
import { FormOutcome, SubmitButton, useFieldError } from "./form-bits";

type Values = { name: string; emailSenderName: string; smsSenderName: string; timeZone: string; privacyContact: string; address: string; imprint: string };

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
      <SubmitButton>{t("settings.save")}</SubmitButton>
    </form>
  );
}
