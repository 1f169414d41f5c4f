"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { clientIpFrom } from "@/lib/http/client-ip";
import { declineConsentRenewal, renewConsent } from "@/lib/volunteers/consent-renewal";
import { getVolunteerSession } from "@/lib/volunteers/session";

/** Both actions authorise themselves with the volunteer session (invariant 6). */
async function requireSession() {
  const session = await getVolunteerSession();
  if (!session) redirect("/manage");
  return session;
}

export async function acceptConsentAction(form: FormData) {
  const session = await requireSession();
  const shown = { version: form.get("consentVersion"), locale: form.get("consentLocale") };
  const result = await renewConsent(session.volunteerId, shown, await getLocale(), { ip: clientIpFrom(await headers()) });
  if (!result.ok) redirect(result.error === "not_found" ? "/manage" : "/profile/consent?outdated=1");
  redirect(result.resumed ? "/profile?consent=resumed" : "/profile?consent=renewed");
}

export async function declineConsentAction() {
  const session = await requireSession();
  const result = await declineConsentRenewal(session.volunteerId, { ip: clientIpFrom(await headers()) });
  if (!result.ok) redirect(result.error === "not_found" ? "/manage" : "/profile");
  redirect("/profile/consent");
}
