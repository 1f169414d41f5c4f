import { absoluteUrl } from "@/lib/urls";
import { brandOf } from "@/lib/organizations/branding-rules";
import { and, eq, isNull, lt, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { recordAudit } from "@/lib/audit";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { DEFAULT_RETENTION, retentionOf } from "@/lib/organizations/settings-schema";
import { urls } from "@/lib/urls";
import { reachableChannels } from "@/lib/volunteers/channels";
import { eraseVolunteerInTransaction } from "@/lib/volunteers/erase";
import { purgeAuditIps } from "./audit-ips";

/**
 * Data retention (organisation settings.retention, documented in
 * docs/operations.md and docs/data-protection.md):
 * - message bodies (subject, body, HTML, attachments) are removed `messageBodyDays` (default 90)
 *   after the message was written; the metadata (channel, kind, status, times) stays for statistics;
 * - volunteers inactive for `inactiveMonths` (default 24; last sign-in / answer, else registration)
 *   get a notice with a sign-in link; whoever does not sign in (or answer) within
 *   `inactiveNoticeDays` (default 30) is erased like an Art. 17 request (invitations anonymised);
 * - IP addresses in the audit log are removed after `auditIpDays` (default 90; ./audit-ips.ts).
 * Unconfirmed registrations (7 days) are handled by lib/volunteers/purge.ts. Periods and their
 * defaults: lib/organizations/settings-schema.ts.
 */

const DAY = 86_400_000;
function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

const purgedBody = { subject: null, body: null, html: null, attachments: null, sealedSecrets: null } as const;

/** Removes old message bodies (sent, failed or cancelled ones; queued/sending stay until settled). */
export async function purgeMessageBodies(db: Db, now = new Date()): Promise<{ purged: number }> {
  const orgs = await db.select({ id: s.organizations.id, settings: s.organizations.settings }).from(s.organizations);
  let purged = 0;
  const done = ["queued", "sending"] as const;
  for (const org of orgs) {
    const cutoff = new Date(now.getTime() - retentionOf(org.settings ?? {}).messageBodyDays * DAY);
    const rows = await db
      .update(s.messages)
      .set({ ...purgedBody, bodyPurgedAt: now })
      .where(and(eq(s.messages.organizationId, org.id), isNull(s.messages.bodyPurgedAt), lt(s.messages.createdAt, cutoff), notInArray(s.messages.status, [...done])))
      .returning({ id: s.messages.id });
    purged += rows.length;
  }
  // messages without an organisation (coordinator sign-in links): the default period
  const cutoff = new Date(now.getTime() - DEFAULT_RETENTION.messageBodyDays * DAY);
  const rows = await db
    .update(s.messages)
    .set({ ...purgedBody, bodyPurgedAt: now })
    .where(and(isNull(s.messages.organizationId), isNull(s.messages.bodyPurgedAt), lt(s.messages.createdAt, cutoff), notInArray(s.messages.status, [...done])))
    .returning({ id: s.messages.id });
  return { purged: purged + rows.length };
}

function noticeMessages(org: { id: string; name: string; accentColor?: string | null; logoFile?: string | null }, v: s.Volunteer, months: number, days: number): OutgoingMessage[] {
  const locale = toLocale(v.locale);
  const t = translator(locale, "timed");
  const channel = reachableChannels(v)[0];
  const link = urls.manage();
  const base = { organizationId: org.id, volunteerId: v.id, kind: "inactivity-notice", locale } as const;
  if (channel === "email" && v.email) {
    const mail = renderEmail({
      locale,
      subject: t("inactive.subject", { org: org.name }),
      greeting: t("reminder.greeting", { name: v.firstName }),
      paragraphs: [t("inactive.body", { org: org.name, months, days })],
      buttons: [{ label: t("inactive.button"), url: link }],
      volunteerFooter: true,
      brand: brandOf(org, absoluteUrl),
    });
    return [{ ...base, channel: "email", recipient: v.email, subject: mail.subject, body: mail.text, html: mail.html }];
  }
  if (channel === "sms" && v.phone) return [{ ...base, channel: "sms", recipient: v.phone, body: t("inactive.sms", { org: org.name, days, link }) }];
  return [];
}

/**
 * Inactive volunteers: first a notice (claimed by setting inactivity_notice_at in the same
 * conditional UPDATE), then erasure when they stayed inactive for the notice period. A sign-in or
 * an answer sets last_active_at after the notice, which cancels the erasure.
 */
export async function handleInactiveVolunteers(db: Db, now = new Date(), opts: { batch?: number } = {}): Promise<{ notified: number; erased: number }> {
  const orgs = await db.select({ id: s.organizations.id, name: s.organizations.name, settings: s.organizations.settings }).from(s.organizations);
  let notified = 0;
  let erased = 0;
  const v = s.volunteers;
  const lastActive = sql`coalesce(${v.lastActiveAt}, ${v.createdAt})`;
  for (const org of orgs) {
    const r = retentionOf(org.settings ?? {});
    const inactiveSince = monthsBefore(now, r.inactiveMonths);
    // 1) notices
    const claimed = await db.transaction(async (tx) => {
      const rows = await tx.execute(sql`
        update ${v} set inactivity_notice_at = ${now}
        where id in (
          select id from ${v}
          where organization_id = ${org.id} and status <> 'pending' and ${lastActive} < ${inactiveSince}
            and (inactivity_notice_at is null or inactivity_notice_at < ${lastActive})
          limit ${opts.batch ?? 500} for update skip locked)
        returning id`);
      const ids = (rows.rows as { id: string }[]).map((x) => x.id);
      if (ids.length === 0) return 0;
      const vols = await tx.select().from(v).where(sql`${v.id} in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
      await enqueueMessages(tx, vols.flatMap((vol) => noticeMessages(org, vol, r.inactiveMonths, r.inactiveNoticeDays)));
      for (const id of ids) await recordAudit(tx, { organizationId: org.id, actorType: "system", action: "volunteer.inactivity_notice", objectType: "volunteer", objectId: id });
      return ids.length;
    });
    notified += claimed;
    // 2) erasure after the notice period without activity
    const noticeBefore = new Date(now.getTime() - r.inactiveNoticeDays * DAY);
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const rows = await tx.execute(sql`
          select id from ${v}
          where organization_id = ${org.id} and inactivity_notice_at is not null and inactivity_notice_at <= ${noticeBefore}
            and ${lastActive} < inactivity_notice_at and ${lastActive} < ${inactiveSince}
          limit 100 for update skip locked`);
        const ids = (rows.rows as { id: string }[]).map((x) => x.id);
        for (const id of ids) {
          if (await eraseVolunteerInTransaction(tx, id, now)) {
            await recordAudit(tx, { organizationId: org.id, actorType: "system", action: "volunteer.erased_inactive", objectType: "volunteer", objectId: id });
          }
        }
        return ids.length;
      });
      erased += n;
      if (n < 100) break;
    }
  }
  return { notified, erased };
}

export async function runRetention(db: Db, now = new Date()) {
  return { ...(await purgeMessageBodies(db, now)), ...(await handleInactiveVolunteers(db, now)), ...(await purgeAuditIps(db, now)) };
}
