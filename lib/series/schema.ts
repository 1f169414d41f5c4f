import { z } from "zod";
import type { SeriesTemplate } from "@/db/schema";
import { fieldErrorsOf, type FieldErrors } from "@/lib/result";
import { parseRequestInput, requestRawFromFormData, type RequestField, type RequestInput } from "@/lib/requests/schema";
import { SETTINGS_BOUNDS } from "@/lib/organizations/settings-schema";
import { isCalendarDate } from "@/lib/time-zone";
import { occurrenceDays, occurrenceTimes, ruleText, TIME_RE, weekdayOf, type RecurrenceSpec } from "./recurrence";

/**
 * Input of a new series: the request fields every occurrence shares (the same rules as a new
 * request: lib/requests/schema.ts parses each occurrence) plus the recurrence. Error codes are
 * snake_case, translated under requests.series.errors (and requests.form.errors for the shared fields).
 */

export const MAX_SERIES_INTERVAL = 52;

const intField = (min: number, max: number, code: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z.number({ error: code }).int({ error: code }).min(min, { error: code }).max(max, { error: code }),
  );
const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().trim().refine(isCalendarDate, { error: "invalid_date" }).optional());

export const recurrenceFields = z.object({
  firstDate: z.string({ error: "required" }).trim().min(1, { error: "required" }).refine(isCalendarDate, { error: "invalid_date" }),
  startTime: z.string({ error: "required" }).trim().regex(TIME_RE, { error: "invalid_time" }),
  endTime: z.string({ error: "required" }).trim().regex(TIME_RE, { error: "invalid_time" }),
  frequency: z.enum(["weekly", "monthly"], { error: "required" }).default("weekly"),
  interval: intField(1, MAX_SERIES_INTERVAL, "interval_range").default(1),
  weekdays: z.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(intField(1, 7, "weekday_invalid")).max(7)).default([]),
  monthlyNth: z.preprocess((v) => (v === "" || v === undefined ? "1" : v), intField(-1, 5, "nth_invalid").refine((n) => n !== 0, { error: "nth_invalid" })),
  monthlyWeekday: z.preprocess((v) => (v === "" || v === undefined ? undefined : v), intField(1, 7, "weekday_invalid").optional()),
  ends: z.enum(["until", "count"], { error: "never_ends" }),
  untilDate: optionalDate,
  count: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, 100_000, "count_range").optional()),
  leadDays: intField(SETTINGS_BOUNDS.seriesLeadDays.min, SETTINGS_BOUNDS.seriesLeadDays.max, "lead_days_range").optional(),
});

export type SeriesField = RequestField | keyof z.infer<typeof recurrenceFields>;

export type SeriesInput = {
  spec: RecurrenceSpec;
  rule: string;
  startTime: string;
  endTime: string;
  leadDays: number;
  /** the shared fields, parsed as for the first occurrence */
  request: RequestInput;
  template: SeriesTemplate;
  /** every occurrence: local day and instants */
  occurrences: { day: string; startsAt: Date; endsAt: Date }[];
};

/** The occurrence's request fields map onto the series form: its start is the first day, its end the end time. */
const REQUEST_TO_SERIES: Partial<Record<RequestField, SeriesField>> = { startsAt: "firstDate", endsAt: "endTime" };

/**
 * Validates a series: the recurrence (a rule must end, by a date or a number, and yield at most
 * `max` occurrences; an end date before the first day, an end time not after the start time are
 * refused) and the request fields, checked by the request's own parser on the first occurrence
 * (start in the past, activity id, languages, briefing …). All errors at once.
 */
export function parseSeriesInput(raw: unknown, opts: { timeZone: string; now?: Date; max: number; defaultLeadDays: number }): { ok: true; data: SeriesInput } | { ok: false; fieldErrors: FieldErrors<SeriesField> } {
  const o = (raw ?? {}) as Record<string, unknown>;
  const parsed = recurrenceFields.safeParse(o);
  const fieldErrors: FieldErrors<SeriesField> = parsed.success ? {} : fieldErrorsOf<SeriesField>(parsed.error);
  const r = parsed.success ? parsed.data : undefined;
  if (r) {
    if (r.ends === "until" && !r.untilDate) fieldErrors.untilDate = "required";
    if (r.ends === "count" && r.count === undefined) fieldErrors.count = "required";
    if (r.ends === "until" && r.untilDate && r.untilDate < r.firstDate) fieldErrors.untilDate = "until_before_start";
    if (r.endTime <= r.startTime) fieldErrors.endTime = "end_before_start";
  }
  const firstDay = typeof o.firstDate === "string" && isCalendarDate(o.firstDate.trim()) ? o.firstDate.trim() : null;
  const startTime = typeof o.startTime === "string" ? o.startTime.trim() : "";
  const endTime = typeof o.endTime === "string" ? o.endTime.trim() : "";
  // the request fields, checked on the first occurrence (its times only when they are well-formed)
  const first = firstDay ? occurrenceTimes(firstDay, startTime, endTime, opts.timeZone) : null;
  const req = parseRequestInput({ ...o, startsAt: first ? first.startsAt.toISOString() : "x", endsAt: first ? first.endsAt.toISOString() : "x", waves: undefined, inviteLimit: undefined }, { timeZone: opts.timeZone, now: opts.now });
  if (!req.ok) {
    for (const [k, code] of Object.entries(req.fieldErrors) as [RequestField, string][]) {
      const target = REQUEST_TO_SERIES[k] ?? k;
      // malformed times are the recurrence fields' errors already
      if ((k === "startsAt" || k === "endsAt") && !first) continue;
      if (!fieldErrors[target]) fieldErrors[target] = code;
    }
  }
  if (Object.keys(fieldErrors).length > 0 || !r || !req.ok || !first) return { ok: false, fieldErrors };

  const spec: RecurrenceSpec = {
    firstDate: r.firstDate,
    frequency: r.frequency,
    interval: r.interval,
    weekdays: r.frequency === "weekly" ? (r.weekdays.length ? r.weekdays : [weekdayOf(r.firstDate)]) : [],
    monthlyNth: r.monthlyNth,
    monthlyWeekday: r.monthlyWeekday ?? weekdayOf(r.firstDate),
    untilDate: r.ends === "until" ? r.untilDate! : null,
    count: r.ends === "count" ? r.count! : null,
  };
  const days = occurrenceDays(spec, opts.max);
  if (!days.ok) {
    const field: SeriesField = days.error === "never_ends" ? "ends" : r.ends === "until" ? "untilDate" : "count";
    return { ok: false, fieldErrors: { [field]: days.error === "none" ? "no_occurrences" : days.error } };
  }
  const occurrences = days.days.map((day) => ({ day, ...occurrenceTimes(day, r.startTime, r.endTime, opts.timeZone)! }));
  const now = opts.now ?? new Date();
  // the rule may start before the first day's weekday; only occurrences still ahead count
  if (occurrences[0].startsAt.getTime() < now.getTime()) return { ok: false, fieldErrors: { firstDate: "start_in_past" } };
  const d = req.data;
  return {
    ok: true,
    data: {
      spec,
      rule: ruleText(spec),
      startTime: r.startTime,
      endTime: r.endTime,
      leadDays: r.leadDays ?? opts.defaultLeadDays,
      request: d,
      template: {
        title: d.title,
        details: d.details,
        place: d.place,
        helpersNeeded: d.helpersNeeded,
        languageMode: d.languageMode,
        languages: d.languages,
        channels: d.channels,
        requireDrivingLicence: d.requireDrivingLicence,
        requireCar: d.requireCar,
        notifyPendingWhenFilled: d.notifyPendingWhenFilled,
        escalateHoursBefore: d.escalateHoursBefore ?? null,
        meetingPoint: d.meetingPoint,
        contactName: d.contactName,
        contactPhone: d.contactPhone,
        whatToBring: d.whatToBring,
      },
      occurrences,
    },
  };
}

/** FormData of the series form → the plain object parseSeriesInput expects. */
export function seriesRawFromFormData(fd: FormData): Record<string, unknown> {
  const get = (k: string) => {
    const v = fd.get(k);
    return typeof v === "string" ? v : undefined;
  };
  return {
    ...requestRawFromFormData(fd),
    firstDate: get("firstDate"),
    startTime: get("startTime"),
    endTime: get("endTime"),
    frequency: get("frequency"),
    interval: get("interval"),
    weekdays: fd.getAll("weekdays").filter((v): v is string => typeof v === "string"),
    monthlyNth: get("monthlyNth"),
    monthlyWeekday: get("monthlyWeekday"),
    ends: get("ends"),
    untilDate: get("untilDate"),
    count: get("count"),
    leadDays: get("leadDays"),
  };
}
