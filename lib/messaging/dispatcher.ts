import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { Message } from "@/db/schema";
import { getTransports, type Transports } from "./transports";

export const MAX_ATTEMPTS = 8;
/** A claim older than this is treated as abandoned (the process died) and retried. */
const CLAIM_MS = 2 * 60_000;

/**
 * Claim due messages with FOR UPDATE SKIP LOCKED so that several dispatchers (app instances,
 * cron and in-process scheduler) never take the same row (invariant 4).
 */
export async function claimDueMessages(db: Db, limit: number, now = new Date()): Promise<Message[]> {
  const lockedUntil = new Date(now.getTime() + CLAIM_MS);
  const result = await db.execute(sql`
    update ${s.messages} set status = 'sending', attempts = attempts + 1, locked_until = ${lockedUntil}
    where id in (
      select id from ${s.messages}
      where (status = 'queued' and next_attempt_at <= ${now})
         or (status = 'sending' and locked_until < ${now})
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning id`);
  const ids = (result.rows as { id: string }[]).map((r) => r.id);
  if (ids.length === 0) return [];
  return db.query.messages.findMany({ where: (m, { inArray }) => inArray(m.id, ids), orderBy: (m, { asc }) => asc(m.nextAttemptAt) });
}

export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 6 * 3600_000);
  const jitter = Math.floor(Math.random() * base * 0.2);
  return Math.max(base + jitter, retryAfterMs ?? 0);
}

export type DispatchSummary = { claimed: number; sent: number; retried: number; failed: number };

export async function dispatchDueMessages(db: Db, opts: { limit?: number; now?: Date; transports?: Transports } = {}): Promise<DispatchSummary> {
  const transports = opts.transports ?? getTransports();
  const now = opts.now ?? new Date();
  const claimed = await claimDueMessages(db, opts.limit ?? 100, now);
  const summary: DispatchSummary = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
  for (const message of claimed) {
    const transport = message.channel === "email" ? transports.email : transports.sms;
    let result;
    try {
      result = await transport.send(message);
    } catch (err) {
      result = { ok: false as const, retryable: true, error: err instanceof Error ? err.message : String(err) };
    }
    if (result.ok) {
      await db
        .update(s.messages)
        .set({ status: "sent", sentAt: new Date(), providerId: result.providerId, transport: transport.name, lockedUntil: null, lastError: null })
        .where(eq(s.messages.id, message.id));
      summary.sent++;
    } else if (result.retryable && message.attempts < MAX_ATTEMPTS) {
      await db
        .update(s.messages)
        .set({
          status: "queued",
          nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts, result.retryAfterMs)),
          lastError: result.error.slice(0, 500),
          transport: transport.name,
          lockedUntil: null,
        })
        .where(eq(s.messages.id, message.id));
      summary.retried++;
    } else {
      await db
        .update(s.messages)
        .set({ status: "failed", lastError: result.error.slice(0, 500), transport: transport.name, lockedUntil: null })
        .where(eq(s.messages.id, message.id));
      summary.failed++;
    }
  }
  return summary;
}
