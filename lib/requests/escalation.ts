import { eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { escalationHoursOf } from "@/lib/organizations/settings-schema";
import { notifyCoordinators } from "./coordinator-notices";

/**
 * Scheduler job "escalation": a request still short of helpers `escalate_hours_before` hours
 * before its start (null: the organisation's escalationHoursBefore, default 24; 0: never) is
 * reported to the coordinators ("short", lib/requests/coordinator-notices.ts) — once per request.
 * The claim is the conditional UPDATE of `escalated_at` (… is null, FOR UPDATE SKIP LOCKED), in
 * the same transaction as the notices, so two runs never warn twice and a failed run warns later.
 */
export async function escalateShortRequests(db: Db, now = new Date(), opts: { batch?: number } = {}): Promise<{ escalated: number; messages: number }> {
  // a suspended organisation (lib/platform) sends nothing
  const orgs = await db.select({ id: s.organizations.id, settings: s.organizations.settings }).from(s.organizations).where(isNull(s.organizations.suspendedAt));
  let escalated = 0;
  let messages = 0;
  for (const org of orgs) {
    const fallback = escalationHoursOf(org.settings);
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const claimed = await tx.execute(sql`
          update ${s.requests} set escalated_at = ${now}
          where id in (
            select r.id from ${s.requests} r
            where r.organization_id = ${org.id} and r.status = 'open' and r.escalated_at is null and r.ask_at is null
              and r.accepted_count < r.helpers_needed and r.starts_at > ${now}
              and coalesce(r.escalate_hours_before, ${fallback}) > 0
              and r.starts_at <= ${now}::timestamptz + make_interval(hours => coalesce(r.escalate_hours_before, ${fallback})::int)
            order by r.starts_at
            limit ${opts.batch ?? 50}
            for update skip locked)
          and escalated_at is null
          returning id`);
        const ids = (claimed.rows as { id: string }[]).map((r) => r.id);
        let queued = 0;
        for (const id of ids) queued += await notifyCoordinators(tx, { kind: "short", requestId: id, now });
        return { count: ids.length, queued };
      });
      escalated += done.count;
      messages += done.queued;
      if (done.count === 0) break;
    }
  }
  return { escalated, messages };
}

/** The organisation's default (what the request form and "Meine Benachrichtigungen" show). */
export async function organizationEscalationHours(db: DbOrTx, organizationId: string): Promise<number> {
  const [org] = await db.select({ settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return escalationHoursOf(org?.settings);
}
