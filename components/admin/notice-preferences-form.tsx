"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { NOTICE_EVENTS, type NoticePreferencesFormValues as Values } from "@/lib/members/notice-events";
import { FormOutcome, roundOf, SubmitButton } from "./form-bits";

/** A checkbox or radio button with its label (44 px touch target). */
function Choice({ type, name, value, checked, describedBy, children }: { type: "checkbox" | "radio"; name: string; value?: string; checked: boolean; describedBy?: string; children: ReactNode }) {
  return (
    <label className="flex min-h-11 items-center gap-3">
      <input type={type} name={name} value={value} defaultChecked={checked} aria-describedby={describedBy} className="size-5 shrink-0" />
      <span>{children}</span>
    </label>
  );
}

/**
 * "Meine Benachrichtigungen": events, for which requests, channels, the SMS number and the
 * language. A plain form posting to a server action: it works before JavaScript loads; after a
 * bad input the page shows the summary and the message at the field, with what was typed.
 */
export function NoticePreferencesForm({ values, email, escalationHours, localeNames, action: save }: { values: Values; email: string; escalationHours: number; localeNames: Record<"de" | "en", string>; action: StateAction }) {
  const t = useTranslations("coordinatorNotices");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  // after a submit: what was sent (unchecked boxes are absent from it), else what is stored
  const v: Partial<Values> = state.values ?? values;
  const on = (k: keyof Values) => v[k] === "on";
  const err = (field: string) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.phone_invalid") : undefined;
  };
  const channelError = err("byEmail");
  return (
    <form action={action} className="space-y-6" noValidate key={roundOf(state)}>
      <FormOutcome
        state={state}
        savedText={t("page.saved")}
        fieldLink={(f) => (f === "phone" ? { id: "notice-phone", label: t("page.phone") } : f === "byEmail" ? { id: "notice-channels", label: t("page.channelsLegend") } : null)}
      />
      <fieldset className="min-w-0 space-y-1 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("page.eventsLegend")}</legend>
        {NOTICE_EVENTS.map((e) => (
          <Choice key={e} type="checkbox" name={e} checked={on(e)} describedBy={e === "short" ? "notice-short-hint" : undefined}>
            {t(`page.events.${e}`)}
          </Choice>
        ))}
        <p id="notice-short-hint" className="text-sm text-slate-700">
          {t("page.shortHint", { hours: escalationHours })}
        </p>
      </fieldset>
      <fieldset className="min-w-0 space-y-1 rounded-lg border border-slate-300 p-4">
        <legend className="px-1 font-bold">{t("page.scopeLegend")}</legend>
        <Choice type="radio" name="scope" value="mine" checked={v.scope !== "organization"}>
          {t("page.scope.mine")}
        </Choice>
        <Choice type="radio" name="scope" value="organization" checked={v.scope === "organization"}>
          {t("page.scope.organization")}
        </Choice>
      </fieldset>
      <fieldset id="notice-channels" className="min-w-0 space-y-3 rounded-lg border border-slate-300 p-4" aria-describedby={channelError ? "notice-channels-error" : undefined}>
        <legend className="px-1 font-bold">{t("page.channelsLegend")}</legend>
        <Choice type="checkbox" name="byEmail" checked={on("byEmail")}>
          <span className="[overflow-wrap:anywhere]">{t("page.byEmail", { email })}</span>
        </Choice>
        <Choice type="checkbox" name="bySms" checked={on("bySms")}>
          {t("page.bySms")}
        </Choice>
        {channelError ? (
          <p id="notice-channels-error" className="text-sm font-semibold text-red-700" role="alert">
            {channelError}
          </p>
        ) : null}
        <Field id="notice-phone" label={t("page.phone")} hint={t("page.phoneHint")} error={err("phone")}>
          {(p) => <TextInput {...p} name="phone" type="tel" autoComplete="tel" inputMode="tel" defaultValue={v.phone ?? ""} className={`${inputClass} max-w-72`} />}
        </Field>
      </fieldset>
      <Field id="notice-locale" label={t("page.locale")} error={err("locale")}>
        {(p) => (
          <select {...p} name="locale" className={`${inputClass} max-w-72`} defaultValue={v.locale ?? "de"}>
            {(["de", "en"] as const).map((l) => (
              <option key={l} value={l} lang={l}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SubmitButton>{t("page.save")}</SubmitButton>
    </form>
  );
}
