import { getDb } from "@/db";
import { defaultLocale, isLocale, LOCALE_COOKIE } from "@/i18n/config";
import { getCalendarForToken } from "@/lib/requests/respond";
import { hashToken, isWellFormedToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/** The calendar entry of an accepted helper. Reads only (GET and HEAD change nothing). */
export async function GET(request: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } });
  if (!isWellFormedToken(token)) return notFound();
  const cookie = request.headers.get("cookie")?.match(new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]+)`))?.[1];
  const locale = isLocale(cookie) ? cookie : defaultLocale;
  const ics = await getCalendarForToken(await getDb(), hashToken(token), locale);
  if (!ics) return notFound();
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="helferruf.ics"',
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
