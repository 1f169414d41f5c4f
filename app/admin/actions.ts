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
export const updateSettingsAction = adminAction(formValues, updateOrganizationSettings, { role: admin, action: "organization.update_settings", revalidate: ["/admin", "layout"] });
export const createActivityAction = adminAction(formValues, createActivity, { role: admin, action: "activity.create", revalidate: "/admin/activities" });
export const updateActivityAction = adminAction(formValues, updateActivity, { role: admin, action: "activity.update", revalidate: "/admin/activities" });
export const moveActivityAction = adminAction(formValues, moveActivity, { role: admin, action: "activity.move", revalidate: "/admin/activities" });
export const setActivityActiveAction = adminAction(formValues, setActivityActive, { role: admin, action: "activity.set_active", revalidate: "/admin/activities" });
export const setVolunteerStatusAction = adminAction(formValues, setVolunteerStatus, {
  action: "volunteer.set_status",
  revalidate: (v) => `/admin/volunteers/${v.id ?? ""}`,
});

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
