import type { OrganizationSettings } from "@/db/schema";
import { zonedLocalToUtc, zonedParts } from "./time";

/**
 * Quiet hours: no SMS between `start` and `end` o'clock in the organisation's time zone (default
 * 21:00–07:00), unless the request starts within `urgentWithinHours` (default 4): then waiting
 * would make the question useless. Implemented as notBefore on the queued SMS, so a fill or a
 * cancellation before the morning still cancels it (invariant 5). E-mails are not held back.
 */
export type QuietHours = { start: number; end: number; urgentWithinHours: number };

export const DEFAULT_QUIET_HOURS: QuietHours = { start: 21, end: 7, urgentWithinHours: 4 };

const hour = (v: unknown, def: number) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 23 ? v : def);

export function quietHoursOf(settings: OrganizationSettings): QuietHours {
  const q = settings.quietHours;
  if (!q) return DEFAULT_QUIET_HOURS;
  const urgent = typeof q.urgentWithinHours === "number" && q.urgentWithinHours >= 0 && q.urgentWithinHours <= 48 ? q.urgentWithinHours : DEFAULT_QUIET_HOURS.urgentWithinHours;
  return { start: hour(q.start, DEFAULT_QUIET_HOURS.start), end: hour(q.end, DEFAULT_QUIET_HOURS.end), urgentWithinHours: urgent };
}

function inQuietHours(localHour: number, q: QuietHours): boolean {
  if (q.start === q.end) return false;
  return q.start > q.end ? localHour >= q.start || localHour < q.end : localHour >= q.start && localHour < q.end;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The instant an SMS queued at `now` may go out, or undefined for "now". */
export function smsNotBefore(now: Date, timeZone: string, startsAt: Date, q: QuietHours = DEFAULT_QUIET_HOURS): Date | undefined {
  const p = zonedParts(now, timeZone);
  if (!inQuietHours(p.hour, q)) return undefined;
  if (startsAt.getTime() - now.getTime() <= q.urgentWithinHours * 3_600_000) return undefined;
  // the end of the quiet hours: today if we are already past midnight (or the window lies within one day), else tomorrow
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day) + (p.hour >= q.end && q.start > q.end ? 86_400_000 : 0));
  const end = zonedLocalToUtc(`${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T${pad(q.end)}:00`, timeZone);
  if (!end || end.getTime() <= now.getTime()) return undefined;
  return end;
}
