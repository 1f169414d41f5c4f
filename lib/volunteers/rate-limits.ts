import type { DbOrTx } from "@/db";
import { hitRateLimits, type RateLimitRule } from "@/lib/rate-limit";
import { hashToken } from "@/lib/tokens";

const HOUR = 3600_000;

/** Limits on public, unauthenticated actions. Addresses are counted by hash: no personal data in rate_limits. */
export const RATE_LIMITS = {
  registerPerIp: { limit: 10, windowMs: HOUR },
  registerPerContact: { limit: 3, windowMs: HOUR },
  signInPerIp: { limit: 20, windowMs: HOUR },
  signInPerContact: { limit: 5, windowMs: HOUR },
} satisfies Record<string, RateLimitRule>;

export async function hitPublicLimits(
  db: DbOrTx,
  action: "register" | "sign-in",
  ip: string | null,
  contacts: string[],
  now = new Date(),
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const perIp = action === "register" ? RATE_LIMITS.registerPerIp : RATE_LIMITS.signInPerIp;
  const perContact = action === "register" ? RATE_LIMITS.registerPerContact : RATE_LIMITS.signInPerContact;
  const hits = [
    ...(ip ? [{ key: `${action}:ip:${ip}`, rule: perIp }] : []),
    ...contacts.map((c) => ({ key: `${action}:to:${hashToken(c)}`, rule: perContact })),
  ];
  const r = await hitRateLimits(db, hits, now);
  return r.ok ? { ok: true } : { ok: false, retryAfterMs: r.retryAfterMs };
}
