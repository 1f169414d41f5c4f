import { NextResponse, type NextRequest } from "next/server";
import { EMAIL_PROVIDER_ID, handlers } from "@/auth";
import { signInConfirmPath } from "@/lib/auth/sign-in-mail";
import { requestOrigin } from "@/lib/http/request-origin";

const EMAIL_CALLBACK = `/api/auth/callback/${EMAIL_PROVIDER_ID}`;
const EMAIL_SIGNIN = `/api/auth/signin/${EMAIL_PROVIDER_ID}`;

/**
 * Auth.js endpoints, with two doors closed:
 * - GET on the e-mail callback would spend the one-time token, so a link scanner that found the
 *   URL could sign in (or burn the link). It only leads to our confirmation page; the token is
 *   spent by POST /admin/sign-in/verify, which calls the Auth.js handler internally.
 * - POST on the e-mail callback spends the token just like GET: closed too.
 * - POST on the e-mail sign-in would bypass our form (membership check without telling whether
 *   an address is known); sign-in links are requested through /admin/sign-in only.
 */
export async function GET(req: NextRequest) {
  if (req.nextUrl.pathname === EMAIL_CALLBACK) {
    const token = req.nextUrl.searchParams.get("token");
    const email = req.nextUrl.searchParams.get("email");
    const target = token && email ? signInConfirmPath(token, email) : "/admin/sign-in";
    return NextResponse.redirect(new URL(target, requestOrigin(req)), 303);
  }
  return handlers.GET(req);
}

export async function POST(req: NextRequest) {
  // Auth.js also accepts the e-mail callback as POST (token in the query): closed the same way.
  if (req.nextUrl.pathname === EMAIL_SIGNIN || req.nextUrl.pathname === EMAIL_CALLBACK) {
    return NextResponse.redirect(new URL("/admin/sign-in", requestOrigin(req)), 303);
  }
  return handlers.POST(req);
}
