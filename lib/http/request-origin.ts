import { config } from "@/lib/config";

/**
 * The app's public origin: APP_URL, never a Host or X-Forwarded-Host header a client can send.
 * Redirects and same-origin checks use it.
 */
export function appOrigin(): string {
  return new URL(config().appUrl).origin;
}

/** For redirects from route handlers (kept as a function of the request for the call sites). */
export function requestOrigin(_req?: Request): string {
  return appOrigin();
}

/** Same-origin check for form POSTs to route handlers (server actions are checked in proxy.ts too). */
export function isCrossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  // "null" (sandboxed frames, or a page with Referrer-Policy no-referrer) is not trusted either;
  // our pages use the app-wide "same-origin" policy, so their forms send their real origin.
  return !!origin && origin !== appOrigin();
}
