import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { translator } from "@/i18n/translator";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { hashToken } from "@/lib/tokens";
import { urls } from "@/lib/urls";
import { loadMessageOrg, loadQuietHours, loadRequest, recipientsOf, toMessageRequest } from "./internal";
import { smsNotBefore } from "./quiet-hours";
import { formatWhenShort, type MessageOrg, type MessageRecipient, type MessageRequest } from "./messages";
import { fitOneSegment } from "./sms";
import { responseToken } from "./tokens";

/**
 * Reminders to accepted helpers before the start: by default 24 h and 2 h before
 * (organisation settings.reminderHours, the larger value is reminder 1, the smaller reminder 2).
 * Reminder 1 goes out between 24 h and 2 h before the start; reminder 2 in the last 2 h. Each
 * invitation's reminder is claimed with a conditional UPDATE (… where reminderN_sent_at is null,
 * FOR UPDATE SKIP LOCKED), so two runs never send one twice. The message carries the withdraw link.
 */
export const DEFAULT_REMINDER_HOURS: [number, number] = [24, 2];

export function reminderHoursOf(settings: s.OrganizationSettings): [number, number] {
  const hs = (settings.reminderHours ?? []).filter((h) => typeof h === "number" && h > 0 && h <= 24 * 14).sort((a, b) => b - a);
  if (hs.length === 0) return DEFAULT_REMINDER_HOURS;
  if (hs.length === 1) return [hs[0], 0];
  return [hs[0], hs[1]];
}

function reminderMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, link: string | null): OutgoingMessage[] {
  const t = translator(to.locale, "timed");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  const base = { organizationId: org.id, kind: "helper-reminder", locale: to.locale, volunteerId: to.volunteerId, requestId: r.id, invitationId: to.invitationId ?? null };
  if (to.channels.includes("email") && to.email) {
    const mail = renderEmail({
      locale: to.locale,
      subject: t("reminder.subject", { title: r.title, when }),
      greeting: t("reminder.greeting", { name: to.firstName }),
      paragraphs: [t("reminder.body", { title: r.title, when, place: r.place || "-" }), t("reminder.withdraw")],
      buttons: link ? [{ label: t("reminder.button"), url: link, tone: "secondary" }] : [],
      volunteerFooter: true,
    });
    return [{ ...base, channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html }];
  }
  if (to.channels.includes("sms") && to.phone) {
    const org_ = org.smsSenderName || org.name;
    return [{ ...base, channel: "sms", recipient: to.phone, body: fitOneSegment((title) => t("reminder.sms", { org: org_, title, when, link: link ?? "" }), r.title) }];
  }
  return [];
}

/** The withdraw link; null for invitations from before derived tokens (their link cannot be rebuilt). */
function linkFor(invitationId: string, tokenHash: string): string | null {
  const token = responseToken(invitationId);
  return hashToken(token) === tokenHash ? urls.response(token) : null;
}

export async function sendDueReminders(db: Db, now = new Date(), opts: { batch?: number } = {}): Promise<{ reminders: number }> {
  const orgs = await db.select({ id: s.organizations.id, settings: s.organizations.settings }).from(s.organizations);
  let total = 0;
  for (const org of orgs) {
    const [h1, h2] = reminderHoursOf(org.settings ?? {});
    for (const which of [1, 2] as const) {
      const hours = which === 1 ? h1 : h2;
      if (hours <= 0) continue;
      const col = which === 1 ? "reminder1_sent_at" : "reminder2_sent_at";
      const upper = new Date(now.getTime() + hours * 3_600_000);
      // reminder 1 only while the start is further away than reminder 2's time
      const lower = which === 1 && h2 > 0 ? new Date(now.getTime() + h2 * 3_600_000) : now;
      for (;;) {
        const sent = await db.transaction(async (tx) => {
          const claimed = await tx.execute(sql`
            update ${s.invitations} set ${sql.raw(col)} = ${now}
            where id in (
              select i.id from ${s.invitations} i join ${s.requests} r on r.id = i.request_id
              where r.organization_id = ${org.id} and i.status = 'accepted' and i.volunteer_id is not null
                and r.status in ('open', 'filled') and r.starts_at <= ${upper} and r.starts_at > ${lower}
                and i.${sql.raw(col)} is null
              limit ${opts.batch ?? 200}
              for update of i skip locked)
            and ${sql.raw(col)} is null
            returning id, request_id as "requestId", token_hash as "tokenHash"`);
          const rows = claimed.rows as { id: string; requestId: string; tokenHash: string }[];
          if (rows.length === 0) return 0;
          const message = await loadMessageOrg(tx, org.id);
          const byRequest = new Map<string, typeof rows>();
          for (const row of rows) byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row]);
          const quiet = await loadQuietHours(tx, org.id);
          const outgoing: OutgoingMessage[] = [];
          for (const [requestId, invs] of byRequest) {
            const request = await loadRequest(tx, requestId);
            if (!request) continue;
            const mr = toMessageRequest(request);
            const recipients = await recipientsOf(tx, requestId, { invitationIds: invs.map((i) => i.id) });
            const hashes = new Map(invs.map((i) => [i.id, i.tokenHash]));
            // an SMS reminder written at night waits for the morning unless the start is near
            const smsAfter = smsNotBefore(now, message.timeZone, request.startsAt, quiet);
            for (const to of recipients) {
              for (const m of reminderMessages(message, mr, to, linkFor(to.invitationId, hashes.get(to.invitationId)!))) outgoing.push(m.channel === "sms" && smsAfter ? { ...m, notBefore: smsAfter } : m);
            }
          }
          await enqueueMessages(tx, outgoing);
          return rows.length;
        });
        total += sent;
        if (sent === 0) break;
      }
    }
  }
  return { reminders: total };
}

/** For tests and the board: which reminders an invitation has had. */
export async function reminderState(db: Db, invitationIds: string[]) {
  return db
    .select({ id: s.invitations.id, reminder1SentAt: s.invitations.reminder1SentAt, reminder2SentAt: s.invitations.reminder2SentAt })
    .from(s.invitations)
    .where(and(inArray(s.invitations.id, invitationIds), eq(s.invitations.status, "accepted")));
}
