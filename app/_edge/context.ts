import type { AdminCtx } from "@/lib/admin/operation";

/** What every edge passes to the domain: where the request came from (rate limits and audit only). */
export type EdgeCtx = AdminCtx & {
  /** rate-limit key for the client address in a scope ("register" → "register:ip:203.0.113.7"); null without an address */
  ipKey: (scope: string) => string | null;
};

export function ctxFor(ip: string | null): EdgeCtx {
  return { ip, ipKey: (scope) => (ip ? `${scope}:ip:${ip}` : null) };
}

