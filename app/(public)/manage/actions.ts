"use server";

import { after } from "next/server";
import { redirect } from "next/navigation";
import { publicAction } from "@/app/_edge/actions";
import { isWellFormedToken } from "@/lib/tokens";
import { setVolunteerSessionCookie } from "@/lib/volunteers/session";
import { redeemSignInLink, requestSignInLink } from "@/lib/volunteers/sign-in";

const contactOf = (fd: FormData) => {
  const raw = fd.get("contact");
  return { contact: typeof raw === "string" ? raw.slice(0, 400) : "" };
};
const requestOf = (fd: FormData) => ({ ...contactOf(fd), organization: fd.get("organization") });

/** "Send me a sign-in link": the same answer, after the same work, whether the address is known or not. */
export const requestSignInAction = publicAction(
  requestOf,
  ({ contact, organization }, ctx) => requestSignInLink(contact, { ...ctx, organization, defer: after }),
  { keep: contactOf, keepOnSuccess: true },
);

/** The POST behind "sign in" on the page a sign-in link opens. */
export const signInAction = publicAction(
  (fd) => fd.get("token"),
  async (token, ctx) => {
    if (!isWellFormedToken(token)) redirect("/manage/invalid");
    const result = await redeemSignInLink(token, ctx);
    if (!result.ok) redirect(`/manage/${token}`);
    await setVolunteerSessionCookie(result.sessionToken, result.expiresAt);
    redirect("/profile");
  },
);
