import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { translator } from "@/i18n/translator";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { reminderHoursOf } from "@/lib/organizations/settings-schema";
import { smsLink, urls } from "@/lib/urls";
import type { Locale } from "@/i18n/config";
import { loadMessageOrg, loadRequest, toMessageRequest } from "./load";
import { briefingFacts, formatWhenShort, localizedSms, messagesTo, smsSender, type MessageOrg, type MessageRecipient, type MessageRequest } from "./messages";
import { holdSms, loadQuietHours, smsNotBefore } from "./quiet-hours";
import { recipientsOf } from "./recipients";
import { storedResponseToken } from "./tokens";

/**
 * Reminders to accepted helpers before the start — also of a request closed early or filled (its
 * accepted helpers still come; never of a cancelled one, lib/messaging/stop-kinds.ts): by default 24 h and 2 h before
 * (organisation settings.reminderHours, read by reminderHoursOf in
 * lib/organizations/settings-schema.ts; the larger value is reminder 1, the smaller reminder 2).
 * Reminder 1 goes out between 24 h and 2 h before the start; reminder 2 in the last 2 h. Each
 * invitation's reminder is claimed with a conditional UPDATE (… where reminderN_sent_at is null,
 * FOR UPDATE SKIP LOCKED), so two runs never send one twice. The message carries the withdraw link.
 */
function reminderMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, link: string | null): OutgoingMessage[] {
  const t = translator(to.locale, "timed");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  return messagesTo(org, r, to, "helper-reminder", "one", {
    email: () => ({
      subject: t("reminder.subject", { title: r.title, when }),
      greeting: t("reminder.greeting", { name: to.firstName }),
      paragraphs: [t("reminder.body", { title: r.title, when, place: r.place || "-" }), t("reminder.withdraw")],
      // reminders go to accepted helpers only: they carry the briefing
      facts: briefingFacts(r, to.locale),
      buttons: link ? [{ label: t("reminder.button"), url: link, tone: "secondary" }] : [],
    }),
    sms: () => reminderSms(org, r, to.locale, link),
  });
}

/** The reminder SMS in `locale`, fitted per language (localizedSms), the link on the SMS host (smsLink). */
export function reminderSms(org: MessageOrg, r: MessageRequest, locale: Locale, link: string | null): string {
  const sms = link ? smsLink(link) : "";
  return localizedSms(org, r, locale, `reminder:${sms.length}`, (l) => {
    const tl = translator(l, "timed");
    const at = formatWhenShort(l, org.timeZone, r.startsAt);
    return (title) => tl("reminder.sms", { org: smsSender(org), title, when: at, link: sms });
  });
}

/** The withdraw link; null for invitations from before derived tokens (their link cannot be rebuilt). */
function linkFor(invitationId: string, tokenHash: string): string | null {
  const token = storedResponseToken(invitationId, tokenHash);
  return token ? urls.response(token) : null;
}

export async function sendDueReminders(db: Db, now = new Date(), opts: { batch?: number } = {}): Promise<{ reminders: number }> {
  // a suspended organisation (lib/platform) sends nothing
  const orgs = await db.select({ id: s.organizations.id, settings: s.organizations.settings }).from(s.organizations).where(isNull(s.organizations.suspendedAt));
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
                and r.status in ('open', 'filled', 'closed') and r.starts_at <= ${upper} and r.starts_at > ${lower}
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
            for (const to of recipients) outgoing.push(...holdSms(reminderMessages(message, mr, to, linkFor(to.invitationId, hashes.get(to.invitationId)!)), smsAfter));
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
