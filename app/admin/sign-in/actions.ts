"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { noInput, publicAction } from "@/app/_edge/actions";
import { signOut } from "@/auth";
import { getDb } from "@/db";
import { LOCALE_COOKIE, toAdminLocale } from "@/i18n/config";
import { requestCoordinatorSignIn } from "@/lib/auth/sign-in-request";
import { hitRateLimits } from "@/lib/rate-limit";
import { config } from "@/lib/config";
import { err } from "@/lib/result";

const WINDOW = 15 * 60_000;
const email = z.string().trim().toLowerCase().max(254, "email_invalid").pipe(z.email({ message: "email_invalid" }));
const schema = z.object({ email: z.string().catch("").pipe(email) });

/**
 * Asks for a sign-in link. Known and unknown addresses see the same "check your inbox" page after
 * the same work (the rate limits): the membership lookup, the token and the mail run after the
 * answer (`after()`, lib/auth/sign-in-request.ts); only members get a mail. 5 per address and 30
 * per client address in 15 minutes (RATE_LIMIT_ADMIN_SIGN_IN_PER_ADDRESS / _PER_IP).
 */
export const requestSignInAction = publicAction(schema, async ({ email }, ctx) => {
  const db = await getDb();
  const perIp = ctx.ipKey("admin-sign-in");
  const limited = await hitRateLimits(db, [
    { key: `admin-sign-in:email:${email}`, rule: { limit: config().RATE_LIMIT_ADMIN_SIGN_IN_PER_ADDRESS, windowMs: WINDOW } },
    ...(perIp ? [{ key: perIp, rule: { limit: config().RATE_LIMIT_ADMIN_SIGN_IN_PER_IP, windowMs: WINDOW } }] : []),
  ]);
  if (!limited.ok) return err("rate_limited");
  // the sign-in mail's language: the coordinator area's, as chosen on this browser
  const locale = toAdminLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  await requestCoordinatorSignIn(email, { db, locale, defer: after });
  redirect("/admin/sign-in/check-email");
});

export const signOutAction = publicAction(noInput, async () => {
  await signOut({ redirectTo: "/admin/sign-in?signedOut=1" });
  redirect("/admin/sign-in?signedOut=1"); // signOut redirects itself; this tells the types
});
