"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { deny } from "@/lib/admin/operation";
import { membershipsOf, ORG_COOKIE, secureCookies } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { actionContext, formValues, toState, type ActionState } from "@/lib/admin/action";
import { createActivity, moveActivity, setActivityActive, updateActivity } from "@/lib/activities/manage";
import { changeMemberRole, inviteMember, removeMember } from "@/lib/members";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { setVolunteerStatus } from "@/lib/volunteers/directory";

/**
 * The coordinator area's server actions. Each one is thin: the domain function checks the
 * session's role and organisation itself (invariant 6), validates, writes and audits.
 */
export async function inviteMemberAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await inviteMember(actor, { ...values, locale: await getLocale() }, ctx);
  if (result.ok) revalidatePath("/admin/members");
  return toState(result, values);
}

export async function changeMemberRoleAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await changeMemberRole(actor, values, ctx);
  if (result.ok) revalidatePath("/admin/members");
  return toState(result, values);
}

export async function removeMemberAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await removeMember(actor, values, ctx);
  if (result.ok) revalidatePath("/admin/members");
  return toState(result, values);
}

export async function updateSettingsAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await updateOrganizationSettings(actor, values, ctx);
  if (result.ok) revalidatePath("/admin", "layout");
  return toState(result, values);
}

export async function createActivityAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await createActivity(actor, values, ctx);
  if (result.ok) revalidatePath("/admin/activities");
  return toState(result, values);
}

export async function updateActivityAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await updateActivity(actor, values, ctx);
  if (result.ok) revalidatePath("/admin/activities");
  return toState(result, values);
}

export async function moveActivityAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await moveActivity(actor, values, ctx);
  if (result.ok) revalidatePath("/admin/activities");
  return toState(result, values);
}

export async function setActivityActiveAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await setActivityActive(actor, values, ctx);
  if (result.ok) revalidatePath("/admin/activities");
  return toState(result, values);
}

export async function setVolunteerStatusAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const { actor, ctx } = await actionContext();
  const values = formValues(fd);
  const result = await setVolunteerStatus(actor, values, ctx);
  if (result.ok) revalidatePath(`/admin/volunteers/${values.id ?? ""}`);
  return toState(result, values);
}

/** Someone in several organisations chooses which one they work in (a cookie; checked on every use). */
export async function switchOrganizationAction(fd: FormData): Promise<void> {
  const { actor, ctx } = await actionContext();
  const target = String(fd.get("organizationId") ?? "");
  if (!actor) {
    await deny(null, ctx, "organization.switch", "no_session");
    redirect("/admin/sign-in");
  }
  const mine = await membershipsOf(await getDb(), actor.userId);
  if (!mine.some((m) => m.organizationId === target)) {
    await deny(actor, ctx, "organization.switch", "foreign_object", { type: "organization", id: target.slice(0, 40) });
    redirect("/admin?denied=1");
  }
  (await cookies()).set(ORG_COOKIE, target, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies() });
  redirect("/admin");
}
