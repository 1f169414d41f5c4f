import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config";
import { checkDeclaredLength, checkPath, checkPostBody, checkQuery, checksOwnBody, isForeignOrigin } from "@/lib/http/guard-request";
import { contentSecurityPolicy } from "@/lib/http/security-headers";
import { smsLinkHostRedirect } from "@/lib/http/sms-link-host";
import { PATHNAME_HEADER } from "@/i18n/resolve";

function refuse(status: number, reason: string) {
  return new NextResponse(status === 413 ? "Payload too large" : status === 403 ? "Forbidden" : "Bad request", {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "x-refused": reason },
  });
}

/**
 * In front of every route:
 * - refuses requests that Next.js would answer with a 500 (see lib/http/guard-request.ts) with a
 *   plain 400/403/413;
 * - does not let a client choose the host: without trusted proxies (TRUSTED_PROXY_HOPS=0)
 *   X-Forwarded-Host/-Proto are replaced by the Host header and APP_URL's scheme, so Next's own
 *   server-action origin check compares against the real host;
 * - sends a tap on a link of the short SMS host (SMS_LINK_BASE_URL) on to the same path on
 *   APP_URL (lib/http/sms-link-host.ts), so the response page and its forms run on one origin;
 * - sets the Content-Security-Policy with a fresh nonce;
 * - tells the page which path it renders (PATHNAME_HEADER, always overwritten), so the locale
 *   rules (i18n/resolve.ts) can keep the coordinator area German/English;
 * - sends visitors without a session cookie from /admin/** to the sign-in page. That is
 *   convenience only: every admin page, action and route handler checks the session, role and
 *   organisation itself (invariant 6).
 */
export async function proxy(request: NextRequest) {
  const c = appConfig();
  const app = new URL(c.appUrl);
  const url = new URL(request.url);
  const bad = checkPath(url.pathname) ?? checkQuery(url.search);
  if (bad) return refuse(bad.status, bad.reason);
  const onSmsHost = smsLinkHostRedirect(request, c);
  if (onSmsHost) return "redirect" in onSmsHost ? NextResponse.redirect(onSmsHost.redirect, 307) : refuse(403, "sms_link_host");

  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  if (request.method === "POST") {
    const serverAction = request.headers.has("next-action") || !isApi;
    if (serverAction && isForeignOrigin(request, app.origin)) return refuse(403, "foreign_origin");
    const refused = checksOwnBody(pathname, request) ? checkDeclaredLength(request) : await checkPostBody(request);
    if (refused) return refuse(refused.status, refused.reason);
  }

  const headers = new Headers(request.headers);
  if (c.TRUSTED_PROXY_HOPS === 0) {
    headers.set("x-forwarded-host", request.headers.get("host") ?? app.host);
    headers.set("x-forwarded-proto", app.protocol.replace(/:$/, ""));
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { dev: c.NODE_ENV === "development", https: app.protocol === "https:" });
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  headers.set(PATHNAME_HEADER, pathname);

  let response: NextResponse;
  const hasSession = request.cookies.has("helferruf.session") || request.cookies.has("__Host-helferruf.session");
  if ((pathname === "/admin" || pathname.startsWith("/admin/")) && !pathname.startsWith("/admin/sign-in") && !hasSession && request.method === "GET") {
    response = NextResponse.redirect(new URL("/admin/sign-in", app.origin));
  } else {
    response = NextResponse.next({ request: { headers } });
  }
  if (!isApi) response.headers.set("content-security-policy", csp);
  if (app.protocol === "https:") response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  // everything but Next's static files
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
