import { NextResponse, type NextRequest } from "next/server";
import { PATHNAME_HEADER } from "@/i18n/resolve";

/**
 * Convenience only: sends visitors without a session cookie from /admin/** to the sign-in page.
 * It is not the security boundary — every admin page, action and route handler checks the
 * session, role and organisation itself (invariant 6).
 *
 * It also tells the page which path it renders (PATHNAME_HEADER, always overwritten), so the
 * locale rules (i18n/resolve.ts) can keep the coordinator area German/English.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, pathname);
  const isAdmin = pathname === "/admin" || pathname.startsWith("/admin/");
  if (isAdmin && !pathname.startsWith("/admin/sign-in")) {
    const hasSession = request.cookies.has("helferruf.session") || request.cookies.has("__Host-helferruf.session");
    if (!hasSession && request.method === "GET") {
      return NextResponse.redirect(new URL("/admin/sign-in", request.url));
    }
  }
  return NextResponse.next({ request: { headers } });
}

// every page (the API and static files need neither the redirect nor the path header)
export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
