"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { adminAction } from "@/app/_edge/actions";
import { createActivity, moveActivity, setActivityActive, updateActivity } from "@/lib/activities/manage";
import { ORG_COOKIE, secureCookies } from "@/lib/auth/session";
import { formValues } from "@/lib/http/action-state";
import { changeMemberRole, chooseOrganization, inviteMember, removeMember } from "@/lib/members";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { updateBranding, updateSenders } from "@/lib/organizations/branding";
import { createQualificationType, recordQualification, removeQualification, updateQualificationType } from "@/lib/qualifications";
import { addVolunteerNote, addVolunteerTag, removeVolunteerTag } from "@/lib/volunteers/notes-tags";
import { setVolunteerStatus } from "@/lib/volunteers/directory";

/**
 * The coordinator area's server actions. `adminAction` admits the session's role (refusals
 * audited, invariant 6) and hands the form's values to the domain function, which validates,
 * writes and audits in one transaction.
 */
const admin = "admin" as const;

export const inviteMemberAction = adminAction(formValues, async (actor, v, ctx) => inviteMember(actor, { ...v, locale: await getLocale() }, ctx), {
  role: admin,
  action: "member.invite",
  revalidate: "/admin/members",
});
export const changeMemberRoleAction = adminAction(formValues, changeMemberRole, { role: admin, action: "member.change_role", revalidate: "/admin/members" });
export const removeMemberAction = adminAction(formValues, removeMember, { role: admin, action: "member.remove", revalidate: "/admin/members" });
export const updateSendersAction = adminAction(formValues, updateSenders, { role: admin, action: "organization.update_senders", revalidate: "/admin/settings" });
/** The text fields and the uploaded logo (a File; absent or empty when none was chosen). */
const brandingInput = (fd: FormData) => {
  const logo = fd.get("logo");
  return { ...formValues(fd), logo: typeof logo === "object" && logo !== null ? logo : null };
};
export const updateBrandingAction = adminAction(brandingInput, updateBranding, {
  role: admin,
  action: "organization.update_branding",
  revalidate: "/admin/settings",
  keep: formValues,
});
export const updateSettingsAction = adminAction(formValues, updateOrganizationSettings, { role: admin, action: "organization.update_settings", revalidate: ["/admin", "layout"] });
export const createActivityAction = adminAction(formValues, createActivity, { role: admin, action: "activity.create", revalidate: "/admin/activities" });
export const updateActivityAction = adminAction(formValues, updateActivity, { role: admin, action: "activity.update", revalidate: "/admin/activities" });
export const moveActivityAction = adminAction(formValues, moveActivity, { role: admin, action: "activity.move", revalidate: "/admin/activities" });
export const setActivityActiveAction = adminAction(formValues, setActivityActive, { role: admin, action: "activity.set_active", revalidate: "/admin/activities" });
export const setVolunteerStatusAction = adminAction(formValues, setVolunteerStatus, {
  action: "volunteer.set_status",
  revalidate: (v) => `/admin/volunteers/${v.id ?? ""}`,
});


// issue 16: qualifications (types: admins; entries: coordinators), notes and tags on a volunteer
const volunteerPage = (v: Record<string, string>) => `/admin/volunteers/${v.volunteerId ?? ""}`;
export const createQualificationTypeAction = adminAction(formValues, createQualificationType, { role: admin, action: "qualification.type_create", revalidate: "/admin/volunteers/qualifications" });
export const updateQualificationTypeAction = adminAction(formValues, updateQualificationType, { role: admin, action: "qualification.type_update", revalidate: "/admin/volunteers/qualifications" });
export const recordQualificationAction = adminAction(formValues, (actor, v, ctx) => recordQualification(actor, v, ctx), { action: "volunteer.qualification_record", revalidate: volunteerPage });
export const removeQualificationAction = adminAction(formValues, removeQualification, { action: "volunteer.qualification_remove", revalidate: volunteerPage });
export const addVolunteerNoteAction = adminAction(formValues, (actor, v, ctx) => addVolunteerNote(actor, v, ctx), { action: "volunteer.note_add", revalidate: volunteerPage });
export const addVolunteerTagAction = adminAction(formValues, addVolunteerTag, { action: "volunteer.tag_add", revalidate: volunteerPage });
export const removeVolunteerTagAction = adminAction(formValues, removeVolunteerTag, { action: "volunteer.tag_remove", revalidate: volunteerPage });

/** Someone in several organisations chooses which one they work in (a cookie; checked on every use). */
export const switchOrganizationAction = adminAction(
  (fd) => String(fd.get("organizationId") ?? ""),
  async (actor, target, ctx) => {
    if (!(await chooseOrganization(actor, target, ctx)).ok) redirect("/admin?denied=1");
    (await cookies()).set(ORG_COOKIE, target, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies() });
    redirect("/admin");
  },
  { action: "organization.switch", onDenied: "redirect" },
);
