import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { intlLocale, toLocale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { recordAudit } from "@/lib/audit";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { addDays, calendarDateIn } from "@/lib/time-zone";
import { urls } from "@/lib/urls";
import { reachableChannels } from "@/lib/volunteers/channels";
import { REMINDER_DAYS_BEFORE } from "./index";

type Due = { entryId: string; expiresOn: string; typeName: string; volunteer: s.Volunteer };

function formatDay(day: string, locale: ReturnType<typeof toLocale>): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

/** The reminder in the volunteer's language, on their preferred usable channel (none when unreachable). */
export function qualificationReminderMessages(org: { id: string; name: string }, d: Due): OutgoingMessage[] {
  const v = d.volunteer;
  const locale = toLocale(v.locale);
  const t = translator(locale, "timed");
  const values = { org: org.name, qualification: d.typeName, date: formatDay(d.expiresOn, locale) };
  const channel = reachableChannels(v)[0];
  const base = { organizationId: org.id, volunteerId: v.id, kind: "qualification-reminder", locale } as const;
  if (channel === "email" && v.email) {
    const mail = renderEmail({
      locale,
      subject: t("qualification.subject", values),
      greeting: t("reminder.greeting", { name: v.firstName }),
      paragraphs: [t("qualification.body", values), t("qualification.noUpload", values)],
      volunteerFooter: true,
    });
    return [{ ...base, channel: "email", recipient: v.email, subject: mail.subject, body: mail.text, html: mail.html }];
  }
  if (channel === "sms" && v.phone) return [{ ...base, channel: "sms", recipient: v.phone, body: t("qualification.sms", { ...values, link: urls.manage() }) }];
  return [];
}

/**
 * Scheduler job "qualifications": a volunteer whose qualification expires within
 * REMINDER_DAYS_BEFORE days (on the organisation's calendar) gets ONE reminder per entry. The
 * entry is claimed by setting reminder_sent_at in the same conditional UPDATE (SKIP LOCKED, so two
 * instances never double), and the message is queued in that transaction. Recording the entry
 * again (renewal) clears reminder_sent_at. Pending (unconfirmed) and deactivated volunteers are
 * not reminded; an entry already expired when the job first sees it is not reminded either.
 */
export async function sendQualificationReminders(db: Db, now = new Date(), opts: { batch?: number } = {}): Promise<{ reminded: number }> {
  const orgs = await db.select({ id: s.organizations.id, name: s.organizations.name, timeZone: s.organizations.timeZone }).from(s.organizations);
  let reminded = 0;
  for (const org of orgs) {
    const today = calendarDateIn(now, org.timeZone);
    const until = addDays(today, REMINDER_DAYS_BEFORE);
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const claimed = await tx.execute(sql`
          update ${s.volunteerQualifications} set reminder_sent_at = ${now}
          where id in (
            select vq.id from ${s.volunteerQualifications} vq
            join ${s.volunteers} v on v.id = vq.volunteer_id
            where vq.organization_id = ${org.id} and vq.reminder_sent_at is null
              and vq.expires_on is not null and vq.expires_on >= ${today}::date and vq.expires_on <= ${until}::date
              and v.status in ('active', 'paused')
            order by vq.expires_on
            limit ${opts.batch ?? 200}
            for update of vq skip locked)
          returning id, volunteer_id as "volunteerId", type_id as "typeId", expires_on::text as "expiresOn"`);
        const rows = claimed.rows as { id: string; volunteerId: string; typeId: string; expiresOn: string }[];
        if (rows.length === 0) return 0;
        const inList = (ids: string[]) => sql.join([...new Set(ids)].map((id) => sql`${id}::uuid`), sql`, `);
        const [vols, types] = await Promise.all([
          tx.select().from(s.volunteers).where(sql`${s.volunteers.id} in (${inList(rows.map((r) => r.volunteerId))})`),
          tx.select({ id: s.qualificationTypes.id, name: s.qualificationTypes.name }).from(s.qualificationTypes).where(sql`${s.qualificationTypes.id} in (${inList(rows.map((r) => r.typeId))})`),
        ]);
        const volunteerById = new Map(vols.map((v) => [v.id, v]));
        const typeName = new Map(types.map((x) => [x.id, x.name]));
        const messages = rows.flatMap((r) => qualificationReminderMessages(org, { entryId: r.id, expiresOn: r.expiresOn, typeName: typeName.get(r.typeId) ?? "", volunteer: volunteerById.get(r.volunteerId)! }));
        await enqueueMessages(tx, messages);
        for (const r of rows) {
          await recordAudit(tx, { organizationId: org.id, actorType: "system", action: "volunteer.qualification_reminder", objectType: "volunteer", objectId: r.volunteerId, details: { qualificationTypeId: r.typeId, expiresOn: r.expiresOn } });
        }
        return rows.length;
      });
      reminded += n;
      if (n < (opts.batch ?? 200)) break;
    }
  }
  return { reminded };
}
