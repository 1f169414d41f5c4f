import { and, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";

export type RateLimitRule = { limit: number; windowMs: number };
export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/**
 * Fixed-window counter in the database, so several app instances share it. One atomic upsert
 * per hit: no read-then-write race.
 */
export async function hitRateLimit(db: DbOrTx, key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitResult> {
  const windowStart = rateLimitWindowStart(rule, now);
  const [row] = await db
    .insert(s.rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [s.rateLimits.key, s.rateLimits.windowStart], set: { count: sql`${s.rateLimits.count} + 1` } })
    .returning({ count: s.rateLimits.count });
  if (row.count > rule.limit) return { ok: false, retryAfterMs: windowStart.getTime() + rule.windowMs - now.getTime() };
  return { ok: true, remaining: rule.limit - row.count };
}

/** The start of the fixed window `now` falls in (the counter's key with `key`). */
export function rateLimitWindowStart(rule: RateLimitRule, now: Date): Date {
  return new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
}

/** Hits every rule; refused if any is over its limit. */
export async function hitRateLimits(db: DbOrTx, hits: { key: string; rule: RateLimitRule }[], now = new Date()): Promise<RateLimitResult> {
  let worst: RateLimitResult = { ok: true, remaining: Number.POSITIVE_INFINITY };
  for (const h of hits) {
    const r = await hitRateLimit(db, h.key, h.rule, now);
    if (!r.ok && (worst.ok || r.retryAfterMs > worst.retryAfterMs)) worst = r;
    if (r.ok && worst.ok) worst = { ok: true, remaining: Math.min(worst.remaining, r.remaining) };
  }
  return worst;
}

export async function purgeOldRateLimits(db: DbOrTx, olderThan: Date): Promise<void> {
  await db.delete(s.rateLimits).where(and(lt(s.rateLimits.windowStart, olderThan)));
}
