"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { publicAction } from "@/app/_edge/actions";
import { registerVolunteer } from "@/lib/volunteers/register";
import { readVolunteerForm } from "@/lib/volunteers/schema";

/** The form's values and which consent text it showed (its hidden fields, checked in the domain). */
const readRegistration = (fd: FormData) => ({
  values: readVolunteerForm(fd),
  consent: { version: fd.get("consentVersion"), locale: fd.get("consentLocale") },
  organization: fd.get("organization"),
});

export const registerAction = publicAction(
  readRegistration,
  async ({ values, consent, organization }, ctx) => {
    const result = await registerVolunteer(values, { ...ctx, consent, organization, pageLocale: await getLocale() });
    const base = typeof organization === "string" && organization ? `/o/${encodeURIComponent(organization)}` : "";
    // suspended since the form was shown: the page now says it takes no registrations
    if (!result.ok && result.error === "not_taking_registrations") redirect(`${base}/register`);
    if (!result.ok) return result;
    const via = values.email.trim() && values.phone.trim() ? "both" : values.phone.trim() ? "sms" : "email";
    // the organisation's own page (the slug was just resolved by the domain: it is a known one)
    redirect(`${base}/register/sent?via=${via}`);
  },
  { keep: readVolunteerForm },
);
