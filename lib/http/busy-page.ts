import { LOCALE_COOKIE, localeDirection, toLocale, volunteerLocales, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { escapeHtml } from "@/lib/messaging/templates/layout";
import { BUSY_RETRY_AFTER_SECONDS } from "./busy";

/** The visitor's language: their choice (cookie), else the first supported one their browser asks for, else German. */
function localeOf(request: Request): Locale {
  const cookie = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`).exec(request.headers.get("cookie") ?? "")?.[1];
  if (cookie) return toLocale(cookie);
  for (const part of (request.headers.get("accept-language") ?? "").split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if ((volunteerLocales as readonly string[]).includes(tag)) return tag as Locale;
  }
  return "de";
}

/** Back to the page the visitor came from (same origin only), else the start page. */
function backOf(request: Request, appUrl: string): string {
  try {
    const ref = new URL(request.headers.get("referer") ?? "");
    if (ref.origin === new URL(appUrl).origin && ref.pathname !== "/busy") return ref.pathname + ref.search;
  } catch {
    // no or malformed referer
  }
  return "/";
}

/**
 * The calm "please try again" page: 503 with Retry-After, no database access, no script. Plain
 * HTML because it must answer when the application has no database connection to spare.
 */
export function busyResponse(request: Request, appUrl: string): Response {
  const locale = localeOf(request);
  const t = translator(locale, "common");
  const back = backOf(request, appUrl);
  const html = `<!doctype html>
<html lang="${locale}" dir="${localeDirection(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(t("errors.busyTitle"))}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0f172a">
<main>
<h1>${escapeHtml(t("errors.busyTitle"))}</h1>
<p>${escapeHtml(t("errors.busyBody"))}</p>
<p><a href="${escapeHtml(back)}" style="display:inline-block;min-height:44px;line-height:44px;font-weight:600">${escapeHtml(t("errors.busyBack"))}</a></p>
</main>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(BUSY_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
