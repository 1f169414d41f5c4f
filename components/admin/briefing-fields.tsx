"use client";

import { useTranslations } from "next-intl";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { MAX_BRIEFING_LENGTH } from "@/lib/requests/limits";

/**
 * The briefing for accepted helpers (optional): meeting point, contact person on site with phone,
 * what to bring. Only helpers who accepted see it (response page, confirmation, reminders).
 */
export function BriefingFields({ values, error }: { values: Record<string, string | string[] | undefined>; error: (field: string) => string | undefined }) {
  const t = useTranslations("requests.form");
  const val = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-300 p-4">
      <legend className="px-1 font-semibold">{t("briefingLegend")}</legend>
      <p className="text-sm text-slate-700">{t("briefingHint")}</p>
      <Field id="meetingPoint" label={t("meetingPoint")} error={error("meetingPoint")}>
        {(p) => <TextInput {...p} name="meetingPoint" defaultValue={val("meetingPoint")} maxLength={MAX_BRIEFING_LENGTH} />}
      </Field>
      <div className="grid gap-4 [grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr))]">
        <Field id="contactName" label={t("contactName")} error={error("contactName")}>
          {(p) => <TextInput {...p} name="contactName" defaultValue={val("contactName")} maxLength={MAX_BRIEFING_LENGTH} autoComplete="off" />}
        </Field>
        <Field id="contactPhone" label={t("contactPhone")} hint={t("contactPhoneHint")} error={error("contactPhone")}>
          {(p) => <TextInput {...p} type="tel" name="contactPhone" defaultValue={val("contactPhone")} autoComplete="off" />}
        </Field>
      </div>
      <Field id="whatToBring" label={t("whatToBring")} error={error("whatToBring")}>
        {(p) => <textarea {...p} name="whatToBring" defaultValue={val("whatToBring")} maxLength={MAX_BRIEFING_LENGTH} rows={2} className={inputClass} />}
      </Field>
    </fieldset>
  );
}
