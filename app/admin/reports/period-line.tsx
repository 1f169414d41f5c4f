import { getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import type { Report } from "@/lib/reports";

const day = (d: string, locale: Locale) => {
  const [y, m, dd] = d.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, dd, 12)));
};

/** "Zeitraum: 1. April 2026 bis 30. Juni 2026 · Alle Tätigkeiten · Stand: …" */
export async function PeriodLine({ report, locale }: { report: Report; locale: Locale }) {
  const t = await getTranslations("reports");
  const p = report.params.period;
  const activity = report.activity ? t("showingActivity", { name: locale === "de" ? report.activity.nameDe : report.activity.nameEn }) : t("showingAll");
  const generated = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: report.timeZone }).format(report.generatedAt);
  return (
    <div>
      <p className="text-lg font-semibold" data-testid="report-period">
        {t("showing", { from: day(p.from, locale), to: day(p.to, locale) })} · {activity}
      </p>
      <p className="text-sm text-slate-700">
        {t("generated", { date: generated })} · {t("countingRule")}
      </p>
    </div>
  );
}
