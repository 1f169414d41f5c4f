import { NextResponse, type NextRequest } from "next/server";

/**
 * Convenience only: sends visitors without a session cookie from /admin/** to the sign-in page.
 * It is not the security boundary — every admin page, action and route handler checks the
 * session, role and organisation itself (invariant 6).
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/admin/sign-in")) return NextResponse.next();
  const hasSession = request.cookies.has("helferruf.session") || request.cookies.has("__Host-helferruf.session");
  if (!hasSession && request.method === "GET") {
    return NextResponse.redirect(new URL("/admin/sign-in", request.url));
  }
  return NextResponse.next();
}

export const config = { matcher: ["/admin", "/admin/:path*"] };
