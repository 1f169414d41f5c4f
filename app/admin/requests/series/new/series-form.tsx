"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { BriefingFields } from "@/components/admin/briefing-fields";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FieldError, inputClass, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { LIMIT_MESSAGE_VALUES, MAX_DETAILS_LENGTH, MAX_HELPERS, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH } from "@/lib/requests/limits";
import type { SeriesFormState } from "../actions";
import { roundOf } from "@/components/admin/form-bits";

export type ActivityOption = { id: string; name: string };

function Choice({ type, name, value, checked, children }: { type: "checkbox" | "radio"; name: string; value: string; checked: boolean; children: ReactNode }) {
  return (
    <label className="flex min-h-11 items-center gap-3">
      <input type={type} name={name} value={value} defaultChecked={checked} className="size-5" />
      {children}
    </label>
  );
}

/** The order of the fields on the form: the error summary links them in this order. */
const FIELD_ORDER = ["activityId", "title", "details", "place", "helpersNeeded", "firstDate", "startTime", "endTime", "frequency", "interval", "weekdays", "monthlyNth", "monthlyWeekday", "ends", "count", "untilDate", "leadDays", "meetingPoint", "contactName", "contactPhone", "whatToBring", "channels"] as const;
const REQUEST_FIELDS = new Set(["activityId", "title", "details", "place", "helpersNeeded", "meetingPoint", "contactName", "contactPhone", "whatToBring", "channels"]);
const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
const NTH = ["1", "2", "3", "4", "5", "-1"] as const;

/**
 * The series form: what every date shares (as on the new-request form), when it repeats, and how
 * far ahead each date is asked. A plain form posting to a server action (works without
 * JavaScript); "Vorschau" posts the same form and lists the first dates without storing anything.
 */
export function SeriesForm({
  action: serverAction,
  activities,
  timeZone,
  submissionKey,
  defaults,
  max,
}: {
  action: (prev: SeriesFormState, fd: FormData) => Promise<SeriesFormState>;
  activities: ActivityOption[];
  timeZone: string;
  submissionKey: string;
  defaults: { firstDate: string; leadDays: number };
  max: number;
}) {
  const t = useTranslations("requests.series");
  const tf = useTranslations("requests.form");
  const locale = useLocale();
  const [state, action, pending] = useActionState<SeriesFormState, FormData>(serverAction, {});
  const round = roundOf(state);
  const v = state.values ?? {};
  const val = (k: string, d = "") => (typeof v[k] === "string" ? (v[k] as string) : d);
  const list = (k: string) => new Set(Array.isArray(v[k]) ? (v[k] as string[]) : []);
  const err = (k: string) => {
    const code = state.fieldErrors?.[k as keyof typeof state.fieldErrors];
    if (!code) return undefined;
    const values = { ...LIMIT_MESSAGE_VALUES, max };
    // the shared request fields speak the new-request form's words
    if (REQUEST_FIELDS.has(k)) return tf(`errors.${code}` as "errors.required", values);
    return t.has(`errors.${code}` as "errors.required") ? t(`errors.${code}` as "errors.required", values) : tf(`errors.${code}` as "errors.required", values);
  };
  const label = (k: (typeof FIELD_ORDER)[number]) => (REQUEST_FIELDS.has(k) ? tf(k === "activityId" ? "activity" : (k as "title")) : t(k as "firstDate"));
  const errorLinks = FIELD_ORDER.filter((k) => state.fieldErrors?.[k]).map((k) => ({ href: `#${k === "weekdays" ? "weekdays-1" : k === "ends" ? "ends-count" : k === "channels" ? "channels-both" : k}`, text: label(k) }));
  const dateFormat = new Intl.DateTimeFormat(locale, { timeZone, weekday: "short", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const weekdays = list("weekdays");

  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_2fr] [&>*]:min-w-0">
      <form key={round} action={action} className="space-y-5" noValidate>
        <input type="hidden" name="submissionKey" value={val("submissionKey", submissionKey)} />
        {state.error ? <FormSummary outcome={state} tone="error" title={state.error === "unauthenticated" || state.error === "forbidden" ? tf("unauthorized") : t("errorSummary")} errors={errorLinks} /> : null}
        <Field id="activityId" label={tf("activity")} error={err("activityId")}>
          {(p) => (
            <select {...p} name="activityId" defaultValue={val("activityId")} className={inputClass} required>
              <option value="">{tf("activityChoose")}</option>
              {activities.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="title" label={tf("title")} hint={tf("titleHint")} error={err("title")}>
          {(p) => <TextInput {...p} name="title" defaultValue={val("title")} maxLength={MAX_TITLE_LENGTH} required />}
        </Field>
        <Field id="details" label={tf("details")} error={err("details")}>
          {(p) => <textarea {...p} name="details" defaultValue={val("details")} maxLength={MAX_DETAILS_LENGTH} rows={3} className={inputClass} />}
        </Field>
        <Field id="place" label={tf("place")} error={err("place")}>
          {(p) => <TextInput {...p} name="place" defaultValue={val("place")} maxLength={MAX_PLACE_LENGTH} autoComplete="street-address" />}
        </Field>
        <Field id="helpersNeeded" label={tf("helpersNeeded")} error={err("helpersNeeded")}>
          {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={MAX_HELPERS} name="helpersNeeded" defaultValue={val("helpersNeeded", "1")} className={`${inputClass} max-w-32`} required />}
        </Field>

        <fieldset className="space-y-4 rounded-lg border border-slate-300 p-4">
          <legend className="px-1 font-semibold">{t("recurrenceLegend")}</legend>
          <p className="text-sm text-slate-700">{t("timesHint", { tz: timeZone })}</p>
          <Field id="firstDate" label={t("firstDate")} error={err("firstDate")}>
            {(p) => <TextInput {...p} type="date" name="firstDate" defaultValue={val("firstDate", defaults.firstDate)} className={`${inputClass} max-w-60`} required />}
          </Field>
          <div className="grid gap-4 [grid-template-columns:repeat(auto-fit,minmax(min(100%,10rem),1fr))]">
            <Field id="startTime" label={t("startTime")} error={err("startTime")}>
              {(p) => <TextInput {...p} type="time" name="startTime" defaultValue={val("startTime", "09:00")} required />}
            </Field>
            <Field id="endTime" label={t("endTime")} error={err("endTime")}>
              {(p) => <TextInput {...p} type="time" name="endTime" defaultValue={val("endTime", "11:00")} required />}
            </Field>
          </div>
          <fieldset className="space-y-1">
            <legend className="font-semibold">{t("frequency")}</legend>
            {(["weekly", "monthly"] as const).map((f) => (
              <Choice key={f} type="radio" name="frequency" value={f} checked={val("frequency", "weekly") === f}>
                {t(`frequencies.${f}`)}
              </Choice>
            ))}
            <FieldError id="frequency-error" error={err("frequency")} />
          </fieldset>
          <Field id="interval" label={t("interval")} hint={t("intervalHint")} error={err("interval")}>
            {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={52} name="interval" defaultValue={val("interval", "1")} className={`${inputClass} max-w-32`} />}
          </Field>
          <fieldset className="space-y-1" aria-describedby="weekdays-hint">
            <legend className="font-semibold">{t("weekdays")}</legend>
            <p id="weekdays-hint" className="text-sm text-slate-700">
              {t("weekdaysHint")}
            </p>
            <div className="flex flex-wrap gap-x-5">
              {WEEKDAYS.map((d) => (
                <label key={d} className="flex min-h-11 items-center gap-2">
                  <input id={`weekdays-${d}`} type="checkbox" name="weekdays" value={d} defaultChecked={weekdays.has(d)} className="size-5" />
                  {t(`weekdayNames.${d}`)}
                </label>
              ))}
            </div>
            <FieldError id="weekdays-error" error={err("weekdays")} />
          </fieldset>
          <div className="grid gap-4 [grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr))]">
            <Field id="monthlyNth" label={t("monthlyNth")} error={err("monthlyNth")}>
              {(p) => (
                <select {...p} name="monthlyNth" defaultValue={val("monthlyNth", "1")} className={inputClass}>
                  {NTH.map((n) => (
                    <option key={n} value={n}>
                      {t(`nth.${n}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="monthlyWeekday" label={t("monthlyWeekday")} error={err("monthlyWeekday")}>
              {(p) => (
                <select {...p} name="monthlyWeekday" defaultValue={val("monthlyWeekday")} className={inputClass}>
                  <option value="">{t("monthlyWeekdayFirst")}</option>
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {t(`weekdayNames.${d}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <fieldset className="space-y-1" aria-describedby="ends-hint">
            <legend className="font-semibold">{t("ends")}</legend>
            <p id="ends-hint" className="text-sm text-slate-700">
              {t("maxHint", { max })}
            </p>
            {(["count", "until"] as const).map((e) => (
              <label key={e} className="flex min-h-11 items-center gap-3">
                <input id={`ends-${e}`} type="radio" name="ends" value={e} defaultChecked={val("ends", "count") === e} className="size-5" />
                {t(`endsOptions.${e}`)}
              </label>
            ))}
            <FieldError id="ends-error" error={err("ends")} />
          </fieldset>
          <div className="grid gap-4 [grid-template-columns:repeat(auto-fit,minmax(min(100%,12rem),1fr))]">
            <Field id="count" label={t("count")} error={err("count")}>
              {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={max} name="count" defaultValue={val("count", "10")} />}
            </Field>
            <Field id="untilDate" label={t("untilDate")} error={err("untilDate")}>
              {(p) => <TextInput {...p} type="date" name="untilDate" defaultValue={val("untilDate")} />}
            </Field>
          </div>
          <Field id="leadDays" label={t("leadDays")} hint={t("leadDaysHint", { days: defaults.leadDays })} error={err("leadDays")}>
            {(p) => <TextInput {...p} type="number" inputMode="numeric" min={0} max={60} name="leadDays" defaultValue={val("leadDays", String(defaults.leadDays))} className={`${inputClass} max-w-32`} />}
          </Field>
        </fieldset>

        <BriefingFields values={v} error={err} />

        <fieldset className="space-y-1">
          <legend className="font-semibold">{tf("channels")}</legend>
          <p className="text-sm text-slate-700">{tf("channelsHint")}</p>
          {(["both", "email", "sms"] as const).map((c) => (
            <label key={c} className="flex min-h-11 items-center gap-3">
              <input id={`channels-${c}`} type="radio" name="channels" value={c} defaultChecked={val("channels", "both") === c} className="size-5" />
              {tf(`channelOptions.${c}`)}
            </label>
          ))}
          <FieldError id="channels-error" error={err("channels")} />
        </fieldset>

        <div className="flex flex-col gap-3 sm:flex-row">
          <Button type="submit" name="intent" value="preview" variant="secondary" disabled={pending} className="w-full sm:w-auto">
            {t("preview")}
          </Button>
          <Button type="submit" name="intent" value="create" disabled={pending} className="w-full sm:w-auto">
            {pending ? t("sending") : t("submit")}
          </Button>
        </div>
      </form>

      <aside aria-labelledby="series-preview-title" className="space-y-3">
        <h2 id="series-preview-title" className="text-xl font-bold">
          {t("previewTitle")}
        </h2>
        <div aria-live="polite">
          {state.ok && state.preview ? (
            <Card>
              <ol className="list-decimal space-y-1 ps-5" data-testid="series-preview">
                {state.preview.map((iso) => (
                  <li key={iso}>{dateFormat.format(new Date(iso))}</li>
                ))}
              </ol>
              <p className="mt-2 text-sm text-slate-700" data-testid="series-total">
                {t("previewTotal", { count: state.total ?? 0 })}
              </p>
            </Card>
          ) : null}
        </div>
      </aside>
    </div>
  );
}
