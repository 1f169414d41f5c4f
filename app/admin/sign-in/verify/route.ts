import { NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { EMAIL_PROVIDER_ID, handlers } from "@/auth";
import { parseSignInCode } from "@/lib/auth/sign-in-mail";
import { isCrossSite, requestOrigin } from "@/lib/http/request-origin";

const form = z.object({ code: z.string().max(600) });
const FORWARDED = ["cookie", "host", "user-agent", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip"];

/**
 * The "sign in" button on /admin/sign-in/confirm/<code> posts here. Only this POST spends the
 * one-time token: it hands the token to the Auth.js e-mail callback internally (the public GET
 * of that callback is closed, see app/api/auth/[...nextauth]/route.ts) and returns its answer
 * (session cookie + redirect to /admin, or the error page for a used/expired link).
 */
export async function POST(req: NextRequest) {
  if (isCrossSite(req)) return new NextResponse(null, { status: 403 });
  const origin = requestOrigin(req);
  const parsed = form.safeParse(Object.fromEntries(await req.formData().catch(() => new FormData())));
  const code = parsed.success ? parseSignInCode(parsed.data.code) : null;
  if (!code) return NextResponse.redirect(new URL("/admin/sign-in?error=Verification", origin), 303);
  const callback = new URL(`/api/auth/callback/${EMAIL_PROVIDER_ID}`, origin);
  callback.search = new URLSearchParams({ token: code.token, email: code.email, callbackUrl: "/admin" }).toString();
  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = req.headers.get(name);
    if (value) headers.set(name, value);
  }
  const res = await handlers.GET(new NextRequest(callback, { method: "GET", headers }));
  // Auth.js answers 302; after a POST the browser must GET the target. Its redirects stay on
  // our site (redirect callback), but NextRequest normalises 127.0.0.1 to localhost, so the
  // target is re-based on the origin the browser used.
  const location = res.headers.get("location");
  if (location && res.status >= 300 && res.status < 400) {
    const target = new URL(location, origin);
    const out = NextResponse.redirect(new URL(target.pathname + target.search, origin), 303);
    for (const cookie of res.headers.getSetCookie()) out.headers.append("set-cookie", cookie);
    return out;
  }
  return res;
}

export function GET(req: NextRequest) {
  return NextResponse.redirect(new URL("/admin/sign-in", requestOrigin(req)), 303);
}
