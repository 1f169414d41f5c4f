import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { cancelQueuedMessagesForRequest } from "@/lib/messaging/outbox";
import { ASKING_MESSAGE_KINDS } from "./messages";

/**
 * Expiry: at its start time an open or filled request closes (status closed, closed_at); its
 * unanswered (pending) and planned (queued) invitations expire, their links say so, and asking
 * messages still queued are cancelled. One short transaction per request, claimed with
 * FOR UPDATE SKIP LOCKED and re-checked by a conditional UPDATE.
 */
export async function expireStartedRequests(db: Db, now = new Date(), opts: { max?: number } = {}): Promise<{ closed: number; expired: number }> {
  let closed = 0;
  let expired = 0;
  for (let i = 0; i < (opts.max ?? 200); i++) {
    const done = await db.transaction(async (tx) => {
      const res = await tx.execute(sql`
        select id from ${s.requests} where status in ('open', 'filled') and starts_at <= ${now}
        order by starts_at limit 1 for update skip locked`);
      const id = (res.rows[0] as { id: string } | undefined)?.id;
      if (!id) return null;
      const [req] = await tx
        .update(s.requests)
        .set({ status: "closed", closedAt: now, nextWaveAt: null, updatedAt: now })
        .where(and(eq(s.requests.id, id), inArray(s.requests.status, ["open", "filled"])))
        .returning({ id: s.requests.id, organizationId: s.requests.organizationId });
      if (!req) return { expired: 0 };
      const invs = await tx
        .update(s.invitations)
        .set({ status: "expired" })
        .where(and(eq(s.invitations.requestId, id), inArray(s.invitations.status, ["pending", "queued"])))
        .returning({ id: s.invitations.id });
      await cancelQueuedMessagesForRequest(tx, id, ASKING_MESSAGE_KINDS);
      await recordAudit(tx, { organizationId: req.organizationId, actorType: "system", action: "request.expire", objectType: "request", objectId: id, details: { expiredInvitations: invs.length } });
      return { expired: invs.length };
    });
    if (!done) break;
    closed++;
    expired += done.expired;
  }
  return { closed, expired };
}
