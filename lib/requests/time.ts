/**
 * Wall-clock times in the organisation's time zone (default Europe/Berlin) ↔ instants, with the
 * platform's ICU data only (no extra dependency). Coordinators type local times; matching needs
 * the local weekday and part of day; messages show local times.
 */

export type PartOfDay = "morning" | "afternoon" | "evening";
export type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string) {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Local calendar fields of an instant in a time zone; weekday is ISO (1 = Monday … 7 = Sunday). */
export function zonedParts(date: Date, timeZone: string): ZonedParts & { second: number } {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday],
  };
}

function offsetMs(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * "2026-12-01T09:00" (an <input type="datetime-local"> value) in the given zone → the instant.
 * Returns null for malformed or impossible values. In the autumn overlap the earlier instant wins;
 * a time skipped in spring is moved forward by the gap, as calendars do.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL_RE.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(guess);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  // The offsets just before and after this wall time: equal on normal days, different around a
  // clock change. Keep the candidates that really show this wall time in the zone.
  const before = guess - offsetMs(new Date(guess - 12 * 3600_000), timeZone);
  const after = guess - offsetMs(new Date(guess + 12 * 3600_000), timeZone);
  const shows = (t: number) => toLocalInput(new Date(t), timeZone) === local.slice(0, 16);
  const valid = [before, after].filter(shows);
  // skipped in spring: the offset before the change moves it forward by the gap
  return new Date(valid.length ? Math.min(...valid) : before);
}

/** The instant as an <input type="datetime-local"> value in the zone. */
export function toLocalInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** morning < 12:00 ≤ afternoon < 17:00 ≤ evening */
export function partOfDayAt(hour: number): PartOfDay {
  return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
}

/** The weekday and part of day a request starts at, in the organisation's zone (what matching uses). */
export function slotOf(startsAt: Date, timeZone: string): { weekday: number; partOfDay: PartOfDay } {
  const p = zonedParts(startsAt, timeZone);
  return { weekday: p.weekday, partOfDay: partOfDayAt(p.hour) };
}
