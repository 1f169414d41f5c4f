import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { OutgoingMessage } from "@/lib/messaging/outbox";
import { DEFAULT_QUIET_HOURS, quietHoursOf, type QuietHours } from "@/lib/organizations/settings-schema";
import { zonedLocalToUtc, zonedParts } from "@/lib/time-zone";

/**
 * Quiet hours: no SMS between `start` and `end` o'clock in the organisation's time zone (default
 * 21:00–07:00, settings in lib/organizations/settings-schema.ts), unless the request starts within
 * `urgentWithinHours` (default 4): then waiting would make the question useless. Implemented as
 * notBefore on the queued SMS, so a fill or a cancellation before the morning still cancels it
 * (invariant 5). E-mails are not held back.
 */

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

/**
 * The SMS among `messages` wait until `smsAfter` (when given), and so do Telegram and WhatsApp messages (they
 * take the SMS slot and ring the phone the same way); e-mails go at once.
 */
export function holdSms(messages: OutgoingMessage[], smsAfter: Date | undefined): OutgoingMessage[] {
  return smsAfter ? messages.map((m) => (m.channel === "sms" || m.channel === "telegram" || m.channel === "whatsapp" ? { ...m, notBefore: smsAfter } : m)) : messages;
}

export async function loadQuietHours(tx: DbOrTx, organizationId: string): Promise<QuietHours> {
  const [row] = await tx.select({ settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return quietHoursOf(row?.settings ?? {});
}
