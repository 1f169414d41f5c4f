/**
 * SMS_LINK_BASE_URL is a second, short host name of the same app, used only for the links inside
 * SMS (lib/urls.ts smsLink). A request that arrives on it is sent on to the same path on APP_URL:
 * the response page, its forms (server actions are refused from any origin but APP_URL's, proxy.ts)
 * and the cookies all live on the one origin. Pure, for proxy.ts and the tests.
 *
 * The host is the Host header — or, behind trusted proxies, the last X-Forwarded-Host entry the
 * proxy wrote. Only GET and HEAD are redirected (what a tap on a link sends); anything else on
 * that host is refused.
 */
export function smsLinkHostRedirect(
  request: { method: string; url: string; headers: Headers },
  c: { appUrl: string; smsLinkBaseUrl: string; TRUSTED_PROXY_HOPS: number },
): { redirect: string } | { refuse: true } | null {
  const sms = new URL(c.smsLinkBaseUrl);
  const app = new URL(c.appUrl);
  if (sms.host === app.host) return null;
  const forwarded = c.TRUSTED_PROXY_HOPS > 0 ? request.headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() : undefined;
  const host = (forwarded || request.headers.get("host") || "").toLowerCase();
  if (host !== sms.host) return null;
  if (request.method !== "GET" && request.method !== "HEAD") return { refuse: true };
  const url = new URL(request.url);
  return { redirect: `${app.origin}${url.pathname}${url.search}` };
}
