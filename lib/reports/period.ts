import { z } from "zod";
import { UUID_RE } from "@/lib/admin/operation";
import { fieldErrorsOf, type FieldErrors } from "@/lib/result";
import { addDays, isCalendarDate, startOfDayIn } from "@/lib/time-zone";

/**
 * The period of a report: a preset (this month, quarter, year and the previous ones) or a custom
 * range of calendar days in the organisation's time zone. Bad input never fails the page: it
 * yields field errors (shown next to the fields, the typed values kept) and the default period.
 */
export const PERIOD_KINDS = ["month", "quarter", "year", "last_month", "last_quarter", "last_year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const DEFAULT_PERIOD = "month" satisfies PeriodKind;
/** "asked at least N times, never answered" */
export const DEFAULT_MIN_ASKED = 3;
/** the earliest day a report may start: nothing older exists in any installation */
export const EARLIEST_DAY = "2000-01-01";
/** how far into the future a report may reach (planned hours of requests already set up) */
export const FUTURE_DAYS = 2 * 366;

export type ReportPeriod = {
  kind: PeriodKind;
  /** first day, inclusive (YYYY-MM-DD, organisation time zone) */
  from: string;
  /** last day, inclusive */
  to: string;
};

export type ReportParams = { period: ReportPeriod; activityId: string | null; minAsked: number };
export type ReportField = "period" | "from" | "to" | "activity" | "minAsked";
export type ParsedReportParams = {
  params: ReportParams;
  fieldErrors: FieldErrors<ReportField>;
  /** what was submitted, to show again in the form */
  values: Record<ReportField, string>;
};

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
};
/** the last day of the month that starts at (y, m) + months */
const lastDayOf = (y: number, m: number) => ymd(y, m + 1, 0);

/** The days of a preset period around `today` (YYYY-MM-DD in the organisation's zone). */
export function presetPeriod(kind: Exclude<PeriodKind, "custom">, today: string): ReportPeriod {
  const [y, m] = today.split("-").map(Number);
  const q = Math.floor((m - 1) / 3) * 3 + 1;
  switch (kind) {
    case "month":
      return { kind, from: ymd(y, m, 1), to: lastDayOf(y, m) };
    case "last_month":
      return { kind, from: ymd(y, m - 1, 1), to: lastDayOf(y, m - 1) };
    case "quarter":
      return { kind, from: ymd(y, q, 1), to: lastDayOf(y, q + 2) };
    case "last_quarter":
      return { kind, from: ymd(y, q - 3, 1), to: lastDayOf(y, q - 1) };
    case "year":
      return { kind, from: ymd(y, 1, 1), to: ymd(y, 12, 31) };
    case "last_year":
      return { kind, from: ymd(y - 1, 1, 1), to: ymd(y - 1, 12, 31) };
  }
}

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (v: unknown) => (typeof one(v) === "string" ? (one(v) as string).trim() : "");

function schema(today: string) {
  const latest = addDays(today, FUTURE_DAYS);
  // "" (not given) passes; what is given must be a sane calendar day
  const day = z
    .string()
    .refine((d) => d === "" || isCalendarDate(d), "date_invalid")
    .refine((d) => d === "" || (d >= EARLIEST_DAY && d <= latest), "date_out_of_range");
  return z
    .object({
      period: z.enum(PERIOD_KINDS, { message: "period_invalid" }),
      from: day,
      to: day,
      activity: z.string().refine((v) => v === "" || UUID_RE.test(v), "activity_unknown"),
      minAsked: z
        .string()
        .refine((v) => v === "" || /^\d{1,3}$/.test(v), "number_invalid")
        .transform((v) => (v === "" ? DEFAULT_MIN_ASKED : Number(v)))
        .refine((n) => n >= 1 && n <= 50, "number_out_of_range"),
    })
    .superRefine((v, ctx) => {
      if (v.period !== "custom") return;
      if (v.from === "") ctx.addIssue({ code: "custom", path: ["from"], message: "date_required" });
      if (v.to === "") ctx.addIssue({ code: "custom", path: ["to"], message: "date_required" });
      if (isCalendarDate(v.from) && isCalendarDate(v.to) && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "end_before_start" });
    });
}

/**
 * Query parameters (`period`, `from`, `to`, `activity`, `minAsked`) → the report's parameters.
 * Any error gives the default period for all activities (and the errors to show); whether an
 * activity belongs to the organisation is checked by the report itself (it needs the database).
 */
export function parseReportParams(raw: Record<string, unknown>, today: string): ParsedReportParams {
  const values: Record<ReportField, string> = {
    period: text(raw.period) || DEFAULT_PERIOD,
    from: text(raw.from),
    to: text(raw.to),
    activity: text(raw.activity),
    minAsked: text(raw.minAsked),
  };
  const parsed = schema(today).safeParse(values);
  const fallback: ReportParams = { period: presetPeriod(DEFAULT_PERIOD, today), activityId: null, minAsked: DEFAULT_MIN_ASKED };
  if (!parsed.success) return { params: fallback, fieldErrors: fieldErrorsOf<ReportField>(parsed.error), values };
  const v = parsed.data;
  const period = v.period === "custom" ? { kind: "custom" as const, from: v.from, to: v.to } : presetPeriod(v.period, today);
  return { params: { period, activityId: v.activity || null, minAsked: v.minAsked }, fieldErrors: {}, values };
}

/** The period as instants: [fromAt, toAt) from local midnight to the midnight after the last day. */
export function periodBounds(period: ReportPeriod, timeZone: string): { fromAt: Date; toAt: Date } {
  return { fromAt: startOfDayIn(period.from, timeZone), toAt: startOfDayIn(addDays(period.to, 1), timeZone) };
}

/** The months ("YYYY-MM") a period touches, in order (hours by month show every one, even empty). */
export function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  let [y, m] = period.from.split("-").map(Number);
  const end = period.to.slice(0, 7);
  for (let i = 0; i < 240; i++) {
    const key = `${y}-${pad(m)}`;
    out.push(key);
    if (key >= end) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The query string of a report (links between the report, its print view and its exports). */
export function reportQuery(p: ReportParams): string {
  const q = new URLSearchParams({ period: p.period.kind });
  if (p.period.kind === "custom") {
    q.set("from", p.period.from);
    q.set("to", p.period.to);
  }
  if (p.activityId) q.set("activity", p.activityId);
  if (p.minAsked !== DEFAULT_MIN_ASKED) q.set("minAsked", String(p.minAsked));
  return q.toString();
}
