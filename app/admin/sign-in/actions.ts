"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { getDb } from "@/db";
import { hasMembership } from "@/lib/auth/session";
import { clientIpFrom } from "@/lib/http/client-ip";
import { hitRateLimits } from "@/lib/rate-limit";

export type SignInState = { error?: string; email?: string };

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
const WINDOW = 15 * 60_000;

/**
 * Asks for a sign-in link. Known and unknown addresses see the same "check your inbox" page;
 * only members get a mail (decided here and again in sendVerificationRequest).
 */
export async function requestSignInAction(_prev: SignInState, fd: FormData): Promise<SignInState> {
  const raw = String(fd.get("email") ?? "");
  const email = emailSchema.safeParse(raw);
  if (!email.success) return { error: "email_invalid", email: raw };
  const db = await getDb();
  const ip = clientIpFrom(await headers());
  const limited = await hitRateLimits(db, [
    { key: `admin-sign-in:email:${email.data}`, rule: { limit: 5, windowMs: WINDOW } },
    ...(ip ? [{ key: `admin-sign-in:ip:${ip}`, rule: { limit: 30, windowMs: WINDOW } }] : []),
  ]);
  if (!limited.ok) return { error: "rate_limited", email: raw };
  if (await hasMembership(db, email.data)) {
    await signIn("email", { email: email.data, redirect: false, redirectTo: "/admin" });
  }
  redirect("/admin/sign-in/check-email");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/admin/sign-in?signedOut=1" });
}
