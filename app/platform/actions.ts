"use server";

import { redirect } from "next/navigation";
import { platformAction } from "@/app/_edge/actions";
import { formValues } from "@/lib/http/action-state";
import { createOrganization, inviteOrganizationAdmin, reactivateOrganization, renameOrganization, suspendOrganization } from "@/lib/platform/organizations";

/** The platform area's server actions: one platformAction line each (authorisation and audit in lib/platform). */

export const createOrganizationAction = platformAction(
  formValues,
  async (actor, v, ctx) => {
    const result = await createOrganization(actor, v, ctx);
    if (!result.ok) return result;
    redirect(`/platform/organizations/${result.organizationId}?created=1`);
  },
  { action: "platform.organization_create", revalidate: "/platform" },
);

const orgPath = (v: Record<string, string>) => `/platform/organizations/${encodeURIComponent(v.organizationId ?? "")}`;

export const renameOrganizationAction = platformAction(formValues, (actor, v, ctx) => renameOrganization(actor, v, ctx), {
  action: "platform.organization_rename",
  revalidate: orgPath,
  keepOnSuccess: true,
});

export const suspendOrganizationAction = platformAction(formValues, (actor, v, ctx) => suspendOrganization(actor, v, ctx), {
  action: "platform.organization_suspend",
  revalidate: orgPath,
});

export const reactivateOrganizationAction = platformAction(formValues, (actor, v, ctx) => reactivateOrganization(actor, v, ctx), {
  action: "platform.organization_reactivate",
  revalidate: orgPath,
});

export const inviteOrganizationAdminAction = platformAction(formValues, (actor, v, ctx) => inviteOrganizationAdmin(actor, v, ctx), {
  action: "platform.admin_invite",
  revalidate: orgPath,
});

