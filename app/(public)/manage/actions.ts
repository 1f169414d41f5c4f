"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isWellFormedToken } from "@/lib/tokens";
import { setVolunteerSessionCookie } from "@/lib/volunteers/session";
import { redeemSignInLink, requestSignInLink } from "@/lib/volunteers/sign-in";

export type ManageState =
  | { status: "idle"; contact: string }
  | { status: "sent"; contact: string }
  | { status: "error"; contact: string; error: string; retryMinutes?: number };

export async function requestSignInAction(_prev: ManageState, form: FormData): Promise<ManageState> {
  const raw = form.get("contact");
  const contact = typeof raw === "string" ? raw.slice(0, 400) : "";
  const result = await requestSignInLink(contact, { ip: clientIpFrom(await headers()) });
  if (result.ok) return { status: "sent", contact };
  if (result.error === "rate_limited") return { status: "error", contact, error: "rate_limited", retryMinutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) };
  return { status: "error", contact, error: result.fieldError };
}

/** The POST behind "sign in" on the page a sign-in link opens. */
export async function signInAction(form: FormData) {
  const token = form.get("token");
  if (!isWellFormedToken(token)) redirect("/manage/invalid");
  const result = await redeemSignInLink(token, { ip: clientIpFrom(await headers()) });
  if (!result.ok) redirect(`/manage/${token}`);
  await setVolunteerSessionCookie(result.sessionToken, result.expiresAt);
  redirect("/profile");
}
