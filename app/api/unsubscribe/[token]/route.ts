import { publicRoute } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { ALWAYS_DELIVER_KINDS } from "@/lib/messaging/outbox";
import { unsubscribeByToken, unsubscribePageUrl } from "@/lib/messaging/unsubscribe";

type Ctx = { params: Promise<{ token: string }> };

/**
 * RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" here. The page's
 * own button posts the same form and is sent back to the page. A GET changes nothing.
 * Pool exhausted: the busy page, 503 + Retry-After (a mail client retries).
 */
export const POST = publicRoute(async (req: Request, ctx: Ctx) => {
  const { token } = await ctx.params;
  const result = await unsubscribeByToken(await getDb(), token, ALWAYS_DELIVER_KINDS);
  const fromBrowser = (req.headers.get("accept") ?? "").includes("text/html");
  if (!result.ok) {
    return fromBrowser ? Response.redirect(unsubscribePageUrl(encodeURIComponent(token)), 303) : Response.json({ error: result.error }, { status: 404 });
  }
  return fromBrowser ? Response.redirect(unsubscribePageUrl(token, true), 303) : Response.json({ ok: true });
});

export async function GET(_req: Request, ctx: Ctx) {
  const { token } = await ctx.params;
  return Response.redirect(unsubscribePageUrl(encodeURIComponent(token)), 303);
}
