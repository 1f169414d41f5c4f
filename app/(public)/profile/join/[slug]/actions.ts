"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { volunteerAction } from "@/app/_edge/actions";
import { joinOrganization } from "@/lib/volunteers/join";
import { readVolunteerForm } from "@/lib/volunteers/schema";

const readJoin = (fd: FormData) => ({
  values: readVolunteerForm(fd),
  consent: { version: fd.get("consentVersion"), locale: fd.get("consentLocale") },
  organization: fd.get("organization"),
});

/** Joining a further organisation from the profile: the session's volunteer, their own consent for that organisation. */
export const joinOrganizationAction = volunteerAction(
  readJoin,
  async (session, { values, consent, organization }, ctx) => {
    const result = await joinOrganization(session.volunteerId, organization, values, { ...ctx, consent, pageLocale: await getLocale() });
    if (!result.ok) return result;
    const reconfirm = result.reconfirm.length ? `&reconfirm=${result.reconfirm.join(",")}` : "";
    redirect(`/profile?joined=${encodeURIComponent(result.organization.slug)}${reconfirm}#organizations`);
  },
  { keep: readVolunteerForm },
);
