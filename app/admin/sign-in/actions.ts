"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { noInput, publicAction } from "@/app/_edge/actions";
import { signIn, signOut } from "@/auth";
import { getDb } from "@/db";
import { hasMembership } from "@/lib/auth/session";
import { hitRateLimits } from "@/lib/rate-limit";
import { err } from "@/lib/result";

const WINDOW = 15 * 60_000;
const email = z.string().trim().toLowerCase().max(254, "email_invalid").pipe(z.email({ message: "email_invalid" }));
const schema = z.object({ email: z.string().catch("").pipe(email) });

/**
 * Asks for a sign-in link. Known and unknown addresses see the same "check your inbox" page;
 * only members get a mail (decided here and again in sendVerificationRequest). 5 per address and
 * 30 per client address in 15 minutes.
 */
export const requestSignInAction = publicAction(schema, async ({ email }, ctx) => {
  const db = await getDb();
  const perIp = ctx.ipKey("admin-sign-in");
  const limited = await hitRateLimits(db, [
    { key: `admin-sign-in:email:${email}`, rule: { limit: 5, windowMs: WINDOW } },
    ...(perIp ? [{ key: perIp, rule: { limit: 30, windowMs: WINDOW } }] : []),
  ]);
  if (!limited.ok) return err("rate_limited");
  if (await hasMembership(db, email)) {
    await signIn("email", { email, redirect: false, redirectTo: "/admin" });
  }
  redirect("/admin/sign-in/check-email");
});

export const signOutAction = publicAction(noInput, async () => {
  await signOut({ redirectTo: "/admin/sign-in?signedOut=1" });
  redirect("/admin/sign-in?signedOut=1"); // signOut redirects itself; this tells the types
});
