/**
 * The origin the browser used (Host header, proto from the proxy). `request.nextUrl.origin` is
 * normalised by Next (127.0.0.1 becomes localhost), which breaks redirects and Origin checks.
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || url.host;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}

/** Same-origin check for form POSTs to route handlers (server actions have their own). */
export function isCrossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  // "null" (sandboxed frames, or a page with Referrer-Policy no-referrer) is not trusted either;
  // our pages use the app-wide "same-origin" policy, so their forms send their real origin.
  return !!origin && origin !== requestOrigin(req);
}
