import type { Locale } from "@/i18n/config";
import type { Cell, ReportT } from "./tables";

/** Cells as the page shows them: numbers in the reader's language, hours with one decimal, shares in %. */
export function formatCell(cell: Cell, locale: Locale, t: ReportT): string {
  if (cell.value === null) return "—";
  const n = Number(cell.value);
  switch (cell.kind) {
    case "int":
      return new Intl.NumberFormat(locale).format(n);
    case "hours":
      return formatHoursOf(n, locale);
    case "percent":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(n);
    case "minutes":
      return formatMinutes(n, locale, t);
    case "cents":
      return new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(n / 100);
    case "date": {
      const [y, m, d] = String(cell.value).split("-").map(Number);
      return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d, 12)));
    }
    default:
      return String(cell.value);
  }
}

/** minutes → "12,5" (hours, at most one decimal) */
export function formatHoursOf(minutes: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(minutes / 60);
}

/** a time span: "45 Min.", "2,5 Stunden", "1,5 Tage" */
export function formatMinutes(minutes: number, locale: Locale, t: ReportT): string {
  const one = (v: number) => Number(new Intl.NumberFormat("en", { maximumFractionDigits: 1, useGrouping: false }).format(v));
  if (minutes < 60) return t("duration.minutes", { n: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(minutes) });
  if (minutes < 2880) return t("duration.hours", { n: one(minutes / 60) });
  return t("duration.days", { n: one(minutes / 1440) });
}
