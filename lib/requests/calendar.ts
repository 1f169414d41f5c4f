import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard-types";
import { addDays, calendarDateIn, isCalendarDate, startOfDayIn } from "@/lib/time-zone";
import { isUuid } from "./schema";

/**
 * The coordinator calendar (issue 15, /admin/calendar): every request of the organisation in a week
 * or a month, with how full each is. Series occurrences and shift slots are ordinary requests, so
 * they appear here as they are. Days are calendar days in the organisation's zone; a week starts
 * on Monday.
 */

export type CalendarView = "week" | "month";
export type CalendarQuery = { view: CalendarView; date: string; activityId: string | null };

/** at most this many requests in one view (a month of a large organisation); the page says when more exist */
export const CALENDAR_MAX_ROWS = 1000;

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The query from the page's search parameters; anything unreadable falls back (today, week, all activities). */
export function readCalendarQuery(sp: Record<string, string | string[] | undefined>, timeZone: string, now = new Date()): CalendarQuery {
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : "");
  const view: CalendarView = one("view") === "month" ? "month" : "week";
  const date = isCalendarDate(one("date")) && one("date") >= "2000-01-01" && one("date") <= "2100-12-31" ? one("date") : calendarDateIn(now, timeZone);
  const activityId = isUuid(one("activity")) ? one("activity") : null;
  return { view, date, activityId };
}

export type CalendarRange = {
  /** the shown days, whole weeks from Monday (a month view shows the weeks the month touches) */
  days: string[];
  /** the first day of the month (month view) or the Monday (week view) */
  first: string;
  /** the last day of the month (month view) or the Sunday (week view) */
  last: string;
  previous: string;
  next: string;
};

export function calendarRange(view: CalendarView, date: string): CalendarRange {
  if (view === "week") {
    const monday = addDays(date, 1 - weekdayOf(date));
    return { days: Array.from({ length: 7 }, (_, i) => addDays(monday, i)), first: monday, last: addDays(monday, 6), previous: addDays(monday, -7), next: addDays(monday, 7) };
  }
  const first = `${date.slice(0, 7)}-01`;
  const nextMonth = addDays(first, 32).slice(0, 7) + "-01";
  const last = addDays(nextMonth, -1);
  const gridStart = addDays(first, 1 - weekdayOf(first));
  const gridEnd = addDays(last, 7 - weekdayOf(last));
  const days: string[] = [];
  for (let d = gridStart; d <= gridEnd; d = addDays(d, 1)) days.push(d);
  return { days, first, last, previous: addDays(first, -1).slice(0, 7) + "-01", next: nextMonth };
}

export type CalendarEntry = {
  id: string;
  title: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  /** the calendar day of the start in the organisation's zone */
  day: string;
  status: s.Request["status"];
  acceptedCount: number;
  helpersNeeded: number;
  activityId: string;
  activityNameDe: string;
  activityNameEn: string;
  activityNames: s.LocalizedTexts;
};

/** The requests of the actor's organisation that start on the shown days (reads only). */
export async function listCalendarEntries(db: DbOrTx, actor: Actor, range: Pick<CalendarRange, "days">, timeZone: string, activityId: string | null): Promise<{ entries: CalendarEntry[]; truncated: boolean }> {
  const from = startOfDayIn(range.days[0], timeZone);
  const to = startOfDayIn(addDays(range.days[range.days.length - 1], 1), timeZone);
  const rows = await db
    .select({
      id: s.requests.id,
      title: s.requests.title,
      place: s.requests.place,
      startsAt: s.requests.startsAt,
      endsAt: s.requests.endsAt,
      status: s.requests.status,
      acceptedCount: s.requests.acceptedCount,
      helpersNeeded: s.requests.helpersNeeded,
      activityId: s.requests.activityId,
      activityNameDe: s.activities.nameDe,
      activityNameEn: s.activities.nameEn,
      activityNames: s.activities.names,
    })
    .from(s.requests)
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    // requests_org_starts_idx (organisation, start)
    .where(and(eq(s.requests.organizationId, actor.organizationId), gte(s.requests.startsAt, from), lt(s.requests.startsAt, to), activityId ? eq(s.requests.activityId, activityId) : undefined))
    .orderBy(asc(s.requests.startsAt), asc(s.requests.id))
    .limit(CALENDAR_MAX_ROWS + 1);
  return { entries: rows.slice(0, CALENDAR_MAX_ROWS).map((r) => ({ ...r, day: calendarDateIn(r.startsAt, timeZone) })), truncated: rows.length > CALENDAR_MAX_ROWS };
}

/** How full a request is, as the calendar marks it. */
export function fillOf(e: Pick<CalendarEntry, "status" | "acceptedCount" | "helpersNeeded">): "cancelled" | "full" | "partial" | "empty" {
  if (e.status === "cancelled") return "cancelled";
  if (e.acceptedCount >= e.helpersNeeded) return "full";
  return e.acceptedCount > 0 ? "partial" : "empty";
}
