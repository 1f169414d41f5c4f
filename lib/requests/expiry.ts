import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { expireRequest } from "./lifecycle";

/**
 * Scheduler job: at its start time an open or filled request closes and its unanswered
 * invitations expire (lifecycle.ts `expireRequest`). One short transaction per request, claimed
 * with FOR UPDATE SKIP LOCKED, so parallel runs never expire one request twice.
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
      return { expired: (await expireRequest(tx, id, now))?.expired ?? 0 };
    });
    if (!done) break;
    closed++;
    expired += done.expired;
  }
  return { closed, expired };
}
