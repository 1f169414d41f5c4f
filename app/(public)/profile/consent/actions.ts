"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { noInput, volunteerAction } from "@/app/_edge/actions";
import { declineConsentRenewal, renewConsent } from "@/lib/volunteers/consent-renewal";

/** Both actions authorise themselves with the volunteer session (volunteerAction; none → /manage). */

/** Which text the page showed (its hidden fields, checked against the repository in the domain). */
const shownText = (fd: FormData) => ({ version: fd.get("consentVersion"), locale: fd.get("consentLocale") });

export const acceptConsentAction = volunteerAction(shownText, async (session, shown, ctx) => {
  const result = await renewConsent(session.volunteerId, shown, await getLocale(), ctx);
  if (!result.ok) redirect(result.error === "not_found" ? "/manage" : "/profile/consent?outdated=1");
  redirect(result.resumed ? "/profile?consent=resumed" : "/profile?consent=renewed");
});

export const declineConsentAction = volunteerAction(noInput, async (session, _none, ctx) => {
  const result = await declineConsentRenewal(session.volunteerId, ctx);
  if (!result.ok) redirect(result.error === "not_found" ? "/manage" : "/profile");
  redirect("/profile/consent");
});
