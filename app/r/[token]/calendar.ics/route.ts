import { publicRoute } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { LOCALE_COOKIE } from "@/i18n/config";
import { resolveLocale } from "@/i18n/resolve";
import { recipientLocaleOfLink } from "@/lib/i18n/recipient-locale";
import { getCalendarForToken } from "@/lib/requests/respond";
import { hashToken, isWellFormedToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/** The calendar entry of an accepted helper. Reads only (GET and HEAD change nothing). */
export const GET = publicRoute(async (request: Request, ctx: { params: Promise<{ token: string }> }) => {
  const { token } = await ctx.params;
  const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } });
  if (!isWellFormedToken(token)) return notFound();
  const cookie = request.headers.get("cookie")?.match(new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]+)`))?.[1];
  const db = await getDb();
  // the same rule as the response page: this browser's choice, else the helper's message language
  const pathname = new URL(request.url).pathname;
  const locale = await resolveLocale({ pathname, cookie, recipientLocale: () => recipientLocaleOfLink(db, pathname) });
  const ics = await getCalendarForToken(db, hashToken(token), locale);
  if (!ics) return notFound();
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="helferruf.ics"',
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
});
