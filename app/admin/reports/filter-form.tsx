import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import type { Locale } from "@/i18n/config";
import type { Report } from "@/lib/reports";
import { PERIOD_KINDS, type ReportField } from "@/lib/reports/period";

/** The period and activity of the report: a plain GET form (works without JavaScript, bookmarkable). */
export async function ReportFilterForm({ report, values, fieldErrors, locale }: { report: Report; values: Record<ReportField, string>; fieldErrors: Partial<Record<ReportField, string>>; locale: Locale }) {
  const t = await getTranslations("reports");
  const err = (f: ReportField) => (fieldErrors[f] ? t(`errors.${fieldErrors[f]}` as "errors.invalid") : undefined);
  const custom = report.params.period.kind === "custom";
  // what was typed stays in the form; without errors, the dates of the custom period shown
  const v = (f: ReportField, fallback: string) => (Object.keys(fieldErrors).length > 0 ? values[f] : fallback);
  return (
    <form method="get" action="/admin/reports" className="print:hidden" noValidate>
      <fieldset className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <legend className="mb-2 text-lg font-bold">{t("filter.legend")}</legend>
        <Field id="report-period" label={t("filter.period")} error={err("period")}>
          {(p) => (
            <select {...p} name="period" defaultValue={PERIOD_KINDS.includes(values.period as never) ? values.period : "month"} className={inputClass}>
              {PERIOD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`filter.periods.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="report-from" label={t("filter.from")} error={err("from")}>
          {(p) => <input {...p} type="date" name="from" defaultValue={v("from", custom ? report.params.period.from : "")} className={inputClass} />}
        </Field>
        <Field id="report-to" label={t("filter.to")} error={err("to")}>
          {(p) => <input {...p} type="date" name="to" defaultValue={v("to", custom ? report.params.period.to : "")} className={inputClass} />}
        </Field>
        <Field id="report-activity" label={t("filter.activity")} error={err("activity")}>
          {(p) => (
            <select {...p} name="activity" defaultValue={report.activity?.id ?? ""} className={inputClass}>
              <option value="">{t("filter.allActivities")}</option>
              {report.activities.map((a) => {
                const name = locale === "de" ? a.nameDe : a.nameEn;
                return (
                  <option key={a.id} value={a.id}>
                    {a.active ? name : t("filter.inactive", { name })}
                  </option>
                );
              })}
            </select>
          )}
        </Field>
        <Field id="report-min-asked" label={t("filter.minAsked")} hint={t("filter.minAskedHint")} error={err("minAsked")}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={50} name="minAsked" defaultValue={v("minAsked", String(report.params.minAsked))} className={inputClass} />}
        </Field>
        <div className="flex items-end">
          <Button type="submit">{t("filter.submit")}</Button>
        </div>
      </fieldset>
    </form>
  );
}
