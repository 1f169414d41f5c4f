import NextAuth from "next-auth";
import type { EmailConfig } from "next-auth/providers/email";
import { getDb } from "@/db";
import { LOCALE_COOKIE, toAdminLocale } from "@/i18n/config";
import { authSecret, coordinatorAdapter } from "@/lib/auth/adapter";
import { maySignIn, secureCookies, sessionCookieName } from "@/lib/auth/session";
import { queueSignInMail } from "@/lib/auth/sign-in-mail";
import { config } from "@/lib/config";
import { generateToken } from "@/lib/tokens";

export const EMAIL_PROVIDER_ID = "email";

/** A coordinator's sign-in mail: German or English (the coordinator area's languages), as chosen. */
function localeOf(request: Request) {
  const match = /(?:^|;\s*)NEXT_LOCALE=([a-z]{2})/.exec(request.headers.get("cookie") ?? "");
  void LOCALE_COOKIE;
  return toAdminLocale(match?.[1]);
}

/**
 * Auth.js v5 for coordinators. Lazy config because our database is opened asynchronously.
 * Sign-in links go through our outbox; sessions live in the database (see lib/auth/session.ts
 * for lifetime and idle timeout).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  const c = config();
  // Auth.js derives its own URLs from the request, which Next normalises (127.0.0.1 becomes
  // localhost); the public APP_URL is the truth for links, cookies and redirects.
  process.env.AUTH_URL ??= c.appUrl;
  const maxAge = c.AUTH_SESSION_MAX_HOURS * 3600;
  const email: EmailConfig = {
    id: EMAIL_PROVIDER_ID,
    type: "email",
    name: "E-Mail",
    maxAge: c.AUTH_LINK_MINUTES * 60,
    generateVerificationToken: generateToken,
    // Our sign-in page does not go through Auth.js's signIn (lib/auth/sign-in-request.ts stores the
    // token and queues the mail for members, deferred, so that known and unknown addresses take
    // the same time); this stays for Auth.js's own POST /api/auth/signin/email.
    async sendVerificationRequest({ identifier, token, expires, request }) {
      await queueSignInMail(await getDb(), { email: identifier, token, expires, locale: localeOf(request) });
    },
  };
  return {
    secret: authSecret(c),
    // sessions.session_token holds the SHA-256 of the cookie value (lib/auth/hashed-sessions.ts)
    adapter: coordinatorAdapter(db),
    providers: [email],
    // updateAge = maxAge: Auth.js never slides `expires`, so it is the absolute lifetime; the
    // idle timeout is enforced on last_seen_at (lib/auth/session.ts).
    session: { strategy: "database", maxAge, updateAge: maxAge, generateSessionToken: generateToken },
    useSecureCookies: secureCookies(),
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies() },
      },
    },
    pages: { signIn: "/admin/sign-in", verifyRequest: "/admin/sign-in/check-email", error: "/admin/sign-in" },
    callbacks: {
      // Only people with a membership: checked again when the link is used (access may have
      // been removed since the mail was sent).
      async signIn({ user }) {
        return !!user.email && (await maySignIn(await getDb(), user.email));
      },
      redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        return new URL(url).origin === baseUrl ? url : `${baseUrl}/admin`;
      },
    },
  };
});
