import type { Locale } from "@/i18n/config";
import { calendarDateIn } from "@/lib/time-zone";
import type { ReportFigures } from "./figures";

/**
 * The tables of the reports page, built once from the figures: the page renders them (after each
 * chart, as its data table) and the CSV export writes the very same rows. Values stay raw numbers
 * (minutes, fractions, cents); each cell says what it is, the page formats it for the reader and
 * the CSV writes plain decimal numbers.
 */
export const TABLE_KEYS = ["requests", "people", "hours_activity", "hours_month", "funnel", "curve", "messages", "fairness", "non_responders"] as const;
export type TableKey = (typeof TABLE_KEYS)[number];
/** tables with names in them: exported by admins only, like the volunteer directory */
export const PERSONAL_TABLES: readonly TableKey[] = ["non_responders"];

export type CellKind = "text" | "int" | "hours" | "percent" | "minutes" | "cents" | "date";
export type Cell = { value: string | number | null; kind: CellKind };
export type ReportTable = { key: TableKey; columns: string[]; rows: Cell[][] };

/** A translator of the `reports` namespace (next-intl's, loosely typed for building rows). */
export type ReportT = (key: string, values?: Record<string, string | number>) => string;

const int = (value: number): Cell => ({ value, kind: "int" });
const text = (value: string): Cell => ({ value, kind: "text" });
const hours = (minutes: number): Cell => ({ value: minutes, kind: "hours" });
const share = (part: number, whole: number): Cell => ({ value: whole > 0 ? part / whole : null, kind: "percent" });

/** "5 min", "2 h", "1 day", "1 week" for the response curve's marks. */
export function durationLabel(minutes: number, t: ReportT): string {
  if (minutes < 60) return t("duration.minutes", { n: minutes });
  if (minutes < 1440) return t("duration.hours", { n: minutes / 60 });
  if (minutes < 10080) return t("duration.days", { n: minutes / 1440 });
  return t("duration.weeks", { n: minutes / 10080 });
}

/** "2026-03" → "März 2026" */
export function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
}

export function reportTables(f: ReportFigures, t: ReportT, locale: Locale, timeZone: string): Record<TableKey, ReportTable> {
  const r = f.requests;
  const q = (v: { median: number; p90: number } | null, which: "median" | "p90"): Cell => ({ value: v ? v[which] : null, kind: "minutes" });
  const figure = (key: string, cell: Cell) => [text(t(`figures.${key}`)), cell];
  const activityName = (a: { nameDe: string; nameEn: string }) => (locale === "de" ? a.nameDe : a.nameEn);
  const decided = r.total - r.cancelled - r.open;
  return {
    requests: {
      key: "requests",
      columns: [t("columns.figure"), t("columns.value")],
      rows: [
        figure("requestsTotal", int(r.total)),
        figure("requestsFilled", int(r.filled)),
        figure("requestsFilledInTime", int(r.filledInTime)),
        figure("requestsCancelled", int(r.cancelled)),
        figure("requestsUnfilled", int(r.unfilled)),
        figure("requestsOpen", int(r.open)),
        figure("fillRate", share(r.filled, decided)),
        figure("firstYesMedian", q(r.minutesToFirstYes, "median")),
        figure("firstYesP90", q(r.minutesToFirstYes, "p90")),
        figure("filledMedian", q(r.minutesToFilled, "median")),
        figure("filledP90", q(r.minutesToFilled, "p90")),
      ],
    },
    people: {
      key: "people",
      columns: [t("columns.figure"), t("columns.value")],
      rows: [
        figure("activeVolunteers", int(f.people.active)),
        figure("registrations", int(f.people.registrations)),
        figure("confirmations", int(f.people.confirmations)),
        figure("pauses", int(f.people.pauses)),
        figure("erasures", int(f.people.erasures)),
        figure("helped", int(f.people.helped)),
        figure("committed", int(f.people.committed)),
      ],
    },
    hours_activity: {
      key: "hours_activity",
      columns: [t("columns.activity"), t("columns.confirmedHours"), t("columns.plannedHours"), t("columns.helpers")],
      rows: [
        ...f.hoursByActivity.map((a) => [text(activityName(a)), hours(a.confirmedMinutes), hours(a.plannedMinutes), int(a.helpers)]),
        [
          text(t("columns.total")),
          hours(f.hoursByActivity.reduce((n, a) => n + a.confirmedMinutes, 0)),
          hours(f.hoursByActivity.reduce((n, a) => n + a.plannedMinutes, 0)),
          int(f.people.helped),
        ],
      ],
    },
    hours_month: {
      key: "hours_month",
      columns: [t("columns.month"), t("columns.confirmedHours"), t("columns.plannedHours"), t("columns.helpers")],
      rows: f.hoursByMonth.map((m) => [text(monthLabel(m.month, locale)), hours(m.confirmedMinutes), hours(m.plannedMinutes), int(m.helpers)]),
    },
    funnel: {
      key: "funnel",
      columns: [t("columns.channel"), t("columns.asked"), t("columns.delivered"), t("columns.answered"), t("columns.yes"), t("columns.answeredShare"), t("columns.yesShare")],
      rows: f.funnel.map((c) => [text(t(`channels.${c.channel}`)), int(c.asked), int(c.delivered), int(c.answered), int(c.yes), share(c.answered, c.asked), share(c.yes, c.asked)]),
    },
    curve: {
      key: "curve",
      columns: [t("columns.within"), t("columns.answeredCumulative"), t("columns.answeredShare")],
      rows: f.curve.points.map((p) => [text(durationLabel(p.minutes, t)), int(p.answered), share(p.answered, f.curve.asked)]),
    },
    messages: {
      key: "messages",
      columns: [t("columns.channel"), t("columns.sent"), t("columns.delivered"), t("columns.failed"), t("columns.bounced"), t("columns.segments"), t("columns.cost")],
      rows: f.messages.map((m) => [
        text(t(`channels.${m.channel}`)),
        int(m.sent),
        int(m.delivered),
        int(m.failed),
        int(m.bounced),
        m.channel === "sms" ? int(m.segments) : text("—"),
        m.channel === "sms" ? { value: m.costCents, kind: "cents" } : text("—"),
      ]),
    },
    fairness: {
      key: "fairness",
      columns: [t("columns.timesAsked"), t("columns.volunteers")],
      rows: [
        [text(t("fairness.never")), int(f.fairness.neverAsked)],
        ...f.fairness.distribution.map((b) => [
          text(b.to === null ? t("fairness.atLeast", { n: b.from }) : b.to === b.from ? String(b.from) : `${b.from}–${b.to}`),
          int(b.volunteers),
        ]),
      ],
    },
    non_responders: {
      key: "non_responders",
      columns: [t("columns.name"), t("columns.status"), t("columns.asked"), t("columns.lastAsked")],
      rows: f.fairness.nonResponders.map((n) => [
        text(`${n.lastName}, ${n.firstName}`),
        text(t(`volunteerStatus.${n.status}`)),
        int(n.asked),
        { value: calendarDateIn(n.lastAskedAt, timeZone), kind: "date" },
      ]),
    },
  };
}

/** A cell as the CSV writes it: plain numbers with a decimal point, hours and euros with two decimals, days as YYYY-MM-DD. */
export function csvValue(cell: Cell): string | number {
  if (cell.value === null) return "";
  switch (cell.kind) {
    case "hours":
      return Math.round((Number(cell.value) / 60) * 100) / 100;
    case "percent":
      return Math.round(Number(cell.value) * 1000) / 10;
    case "minutes":
      return Math.round(Number(cell.value));
    case "cents":
      return (Number(cell.value) / 100).toFixed(2);
    default:
      return cell.value;
  }
}
