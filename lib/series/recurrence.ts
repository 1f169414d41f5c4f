import * as rrule from "rrule";
import type { Options, Weekday } from "rrule";
import { isCalendarDate, zonedLocalToUtc } from "@/lib/time-zone";

// rrule ships an ES module build (bundlers) and a UMD main file (plain Node, e.g. tsx scripts),
// whose named exports Node cannot see: take RRule from whichever form was loaded.
const RRule: typeof rrule.RRule = rrule.RRule ?? (rrule as unknown as { default: typeof rrule }).default.RRule;

/**
 * Recurrence of a series (issue 15), on the `rrule` package (RFC 5545 RRULE): weekly, every n
 * weeks (on one or more weekdays), monthly on the n-th (or last) weekday, until a date or n times.
 *
 * The rule runs over LOCAL CALENDAR DAYS only: rrule is given "floating" days (midnight UTC
 * standing for the local day, no TZID), so its own time-zone handling never enters. Each day is
 * then combined with the series' local wall-clock times in the organisation's zone through
 * lib/time-zone.ts (zonedLocalToUtc), so 09:00 stays 09:00 across both clock changes.
 * A month without the n-th weekday (a "5th Tuesday") yields no occurrence — RRULE's own rule.
 */

export type Frequency = "weekly" | "monthly";
export type RecurrenceSpec = {
  /** the first local calendar day, "YYYY-MM-DD" (DTSTART) */
  firstDate: string;
  frequency: Frequency;
  /** every n weeks / months */
  interval: number;
  /** weekly: ISO weekdays (1 = Monday … 7 = Sunday); empty = the first day's weekday */
  weekdays: number[];
  /** monthly: the n-th weekday of the month (1–5, or -1 for the last) … */
  monthlyNth: number;
  /** … and which weekday (ISO) */
  monthlyWeekday: number;
  untilDate: string | null;
  count: number | null;
};

const RRULE_DAYS: Weekday[] = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const floating = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/** ISO weekday of a calendar day. */
export function weekdayOf(date: string): number {
  return floating(date).getUTCDay() || 7;
}

function optionsOf(spec: RecurrenceSpec): Partial<Options> {
  const base: Partial<Options> = { interval: spec.interval, dtstart: floating(spec.firstDate) };
  if (spec.count !== null) base.count = spec.count;
  // UNTIL is inclusive: the whole last day counts
  if (spec.untilDate !== null) base.until = new Date(floating(spec.untilDate).getTime() + 86_399_000);
  if (spec.frequency === "weekly") {
    const days = spec.weekdays.length ? spec.weekdays : [weekdayOf(spec.firstDate)];
    return { ...base, freq: RRule.WEEKLY, byweekday: [...new Set(days)].sort().map((d) => RRULE_DAYS[d - 1]), wkst: RRule.MO };
  }
  return { ...base, freq: RRule.MONTHLY, byweekday: [RRULE_DAYS[spec.monthlyWeekday - 1].nth(spec.monthlyNth)] };
}

/** The RRULE text stored with the series (without DTSTART, which is `first_date`). */
export function ruleText(spec: RecurrenceSpec): string {
  const { dtstart: _ignored, ...rest } = optionsOf(spec);
  void _ignored;
  return new RRule(rest).toString().replace(/^RRULE:/, "");
}

export type ExpandError = "never_ends" | "too_many" | "none";

/**
 * The local calendar days of the rule, at most `max`. A rule without an end (neither until nor
 * count) or with more than `max` days is refused; so is one that yields no day at all.
 */
export function occurrenceDays(spec: RecurrenceSpec, max: number): { ok: true; days: string[] } | { ok: false; error: ExpandError } {
  if (spec.untilDate === null && spec.count === null) return { ok: false, error: "never_ends" };
  const rule = new RRule(optionsOf(spec));
  // one more than allowed tells "too many" without expanding a long rule to its end
  const days: string[] = [];
  rule.all((d, i) => {
    if (i > max) return false;
    days.push(dayOf(d));
    return true;
  });
  if (days.length > max) return { ok: false, error: "too_many" };
  if (days.length === 0) return { ok: false, error: "none" };
  return { ok: true, days };
}

/** The days of a stored rule (RRULE text + first day), e.g. for the overview; at most `max`. */
export function daysOfStoredRule(rule: string, firstDate: string, max: number): string[] {
  const r = new RRule({ ...RRule.parseString(rule), dtstart: floating(firstDate) });
  const out: string[] = [];
  r.all((d, i) => {
    if (i >= max) return false;
    out.push(dayOf(d));
    return true;
  });
  return out;
}

export const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** One local day at the series' local times → the instants (in the zone; DST handled by lib/time-zone.ts). */
export function occurrenceTimes(day: string, startTime: string, endTime: string, timeZone: string): { startsAt: Date; endsAt: Date } | null {
  if (!isCalendarDate(day) || !TIME_RE.test(startTime) || !TIME_RE.test(endTime)) return null;
  const startsAt = zonedLocalToUtc(`${day}T${startTime}`, timeZone);
  const endsAt = zonedLocalToUtc(`${day}T${endTime}`, timeZone);
  return startsAt && endsAt ? { startsAt, endsAt } : null;
}
