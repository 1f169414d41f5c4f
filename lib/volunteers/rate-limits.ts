import type { DbOrTx } from "@/db";
import { config } from "@/lib/config";
import { hitRateLimits, type RateLimitRule } from "@/lib/rate-limit";
import { hashToken } from "@/lib/tokens";

const HOUR = 3600_000;

/**
 * Limits on public, unauthenticated actions. Addresses are counted by hash: no personal data in
 * rate_limits. The per-address limits are fixed (nobody needs more); the per-IP ones are set in
 * the configuration, because a registration day in a town hall sends everyone through one NAT.
 */
export function rateLimits() {
  const c = config();
  return {
    registerPerIp: { limit: c.RATE_LIMIT_REGISTER_PER_IP_HOUR, windowMs: HOUR },
    registerPerContact: { limit: 3, windowMs: HOUR },
    signInPerIp: { limit: c.RATE_LIMIT_SIGN_IN_PER_IP_HOUR, windowMs: HOUR },
    signInPerContact: { limit: 5, windowMs: HOUR },
  } satisfies Record<string, RateLimitRule>;
}

export async function hitPublicLimits(
  db: DbOrTx,
  action: "register" | "sign-in",
  ip: string | null,
  contacts: string[],
  now = new Date(),
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const limits = rateLimits();
  const perIp = action === "register" ? limits.registerPerIp : limits.signInPerIp;
  const perContact = action === "register" ? limits.registerPerContact : limits.signInPerContact;
  const hits = [
    ...(ip ? [{ key: `${action}:ip:${ip}`, rule: perIp }] : []),
    ...contacts.map((c) => ({ key: `${action}:to:${hashToken(c)}`, rule: perContact })),
  ];
  const r = await hitRateLimits(db, hits, now);
  return r.ok ? { ok: true } : { ok: false, retryAfterMs: r.retryAfterMs };
}
