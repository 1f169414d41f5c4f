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
});

export const registerAction = publicAction(
  readRegistration,
  async ({ values, consent }, ctx) => {
    const result = await registerVolunteer(values, { ...ctx, consent, pageLocale: await getLocale() });
    if (!result.ok) return result;
    const via = values.email.trim() && values.phone.trim() ? "both" : values.phone.trim() ? "sms" : "email";
    redirect(`/register/sent?via=${via}`);
  },
  { keep: readVolunteerForm },
);
