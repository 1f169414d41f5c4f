import { TZDate, tzOffset } from "@date-fns/tz";

/**
 * The one home of time-zone arithmetic: wall-clock times and calendar days in the organisation's
 * zone (default Europe/Berlin) ↔ instants, on @date-fns/tz (IANA zones through the platform's
 * Intl data). Coordinators type local times; matching needs the local weekday and hour; a
 * volunteer's pause ends with a local calendar day; messages show local times.
 */

export type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

/** Local calendar fields of an instant in a time zone; month 1–12, weekday ISO (1 = Monday … 7 = Sunday). */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const z = new TZDate(date.getTime(), timeZone);
  return {
    year: z.getFullYear(),
    month: z.getMonth() + 1,
    day: z.getDate(),
    hour: z.getHours(),
    minute: z.getMinutes(),
    second: z.getSeconds(),
    weekday: z.getDay() || 7,
  };
}

const pad = (n: number) => String(n).padStart(2, "0");
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;
const HOUR = 3_600_000;

/** The instant as an <input type="datetime-local"> value ("2026-12-01T09:00") in the zone. */
export function toLocalInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * "2026-12-01T09:00" (an <input type="datetime-local"> value) in the given zone → the instant.
 * Null for malformed or impossible values. In the autumn overlap the EARLIER instant wins (the
 * first time the clock shows it); a time skipped in spring is moved forward by the gap, as
 * calendars do.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL_RE.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  // The zone's offsets half a day before and after: equal on normal days, different around a
  // clock change. Of the instants they give, keep those that really show this wall time.
  const shows = (t: number) => toLocalInput(new Date(t), timeZone) === local.slice(0, 16);
  const candidates = [wall - tzOffset(timeZone, new Date(wall - 12 * HOUR)) * 60_000, wall - tzOffset(timeZone, new Date(wall + 12 * HOUR)) * 60_000].filter(shows);
  if (candidates.length) return new Date(Math.min(...candidates));
  // skipped in spring: TZDate moves it forward by the gap
  return new Date(new TZDate(year, month - 1, day, hour, minute, timeZone).getTime());
}

/** The instant a calendar day ("2026-12-24") begins in a time zone. */
export function startOfDayIn(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(new TZDate(y, m - 1, d, 0, 0, timeZone).getTime());
}

/** "YYYY-MM-DD" of an instant in a time zone. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** A calendar day plus some days (no time zone involved: days, not hours). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
