import { ctxFor } from "@/app/_edge/context";
import { publicRoute } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { clientIpFrom } from "@/lib/http/client-ip";
import { config } from "@/lib/config";
import { hitRateLimits } from "@/lib/rate-limit";
import { hashToken } from "@/lib/tokens";
import { renderCalendarFeed } from "@/lib/volunteers/calendar-feed";

export const dynamic = "force-dynamic";

const HOUR = 3600_000;
const FEED_TOKEN_RE = /^([A-Za-z0-9_-]{43})(?:\.ics)?$/;
const plain = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex", ...extra } });

/**
 * The personal calendar feed (lib/volunteers/calendar-feed.ts): GET and HEAD only, reads only.
 * An unknown, malformed or revoked token answers 404. Rate-limited per address
 * (RATE_LIMIT_CALENDAR_FEED_PER_IP_HOUR) and per feed (120 an hour: calendar apps poll every few
 * minutes to hours), counted in rate_limits like the other public routes (the feed by its token's hash).
 */
async function serve(request: Request, ctx: { params: Promise<{ file: string }> }, head: boolean): Promise<Response> {
  const { file } = await ctx.params;
  const token = FEED_TOKEN_RE.exec(file)?.[1];
  if (!token) return plain(404, "Not found");
  const db = await getDb();
  const tokenHash = hashToken(token);
  const ipKey = ctxFor(clientIpFrom(request.headers)).ipKey("calendar-feed");
  const limited = await hitRateLimits(db, [
    ...(ipKey ? [{ key: ipKey, rule: { limit: config().RATE_LIMIT_CALENDAR_FEED_PER_IP_HOUR, windowMs: HOUR } }] : []),
    { key: `calendar-feed:${tokenHash}`, rule: { limit: 120, windowMs: HOUR } },
  ]);
  if (!limited.ok) return plain(429, "Too many requests", { "Retry-After": String(Math.ceil(limited.retryAfterMs / 1000)) });
  const ics = await renderCalendarFeed(db, tokenHash);
  if (!ics) return plain(404, "Not found");
  return new Response(head ? null : ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="helferruf.ics"',
      "Content-Length": String(Buffer.byteLength(ics, "utf8")),
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}

export const GET = publicRoute((req: Request, ctx: { params: Promise<{ file: string }> }) => serve(req, ctx, false));
export const HEAD = publicRoute((req: Request, ctx: { params: Promise<{ file: string }> }) => serve(req, ctx, true));
