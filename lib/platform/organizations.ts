import { and, eq, sql } from "drizzle-orm";
import { seedDefaultQualificationTypes } from "@/lib/qualifications/defaults";
import { z } from "zod";
import { getDb, type Tx } from "@/db";
import * as s from "@/db/schema";
import { DEFAULT_ACTIVITIES } from "@/lib/activities/defaults";
import type { AdminCtx } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import { invalidatePublicData } from "@/lib/cache/process-cache";
import { invitationMail } from "@/lib/members";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { err, fieldErrorsOf, ok, type Denied, type FieldErrors, type Invalid, type Ok } from "@/lib/result";
import { slugSchema } from "./slug";
import type { PlatformActor } from "./types";

/**
 * What platform administrators do with organisations: list them with counts (never a
 * volunteer's personal data), create, rename, suspend, reactivate, and invite each one's first
 * admin. Every action is audited in its own transaction, against the organisation it concerns
 * (so that organisation's admins see it in their audit log).
 */

/** One organisation as the platform sees it: figures only. */
export type OrganizationOverview = {
  id: string;
  name: string;
  slug: string;
  suspendedAt: Date | null;
  createdAt: Date;
  volunteers: { pending: number; active: number; paused: number; deactivated: number };
  requestsOpen: number;
  requestsThisYear: number;
  members: number;
  admins: number;
};

const count = (q: ReturnType<typeof sql>) => sql<number>`(${q})::int`.mapWith(Number);

export async function listOrganizationsOverview(_actor: PlatformActor): Promise<OrganizationOverview[]> {
  const db = await getDb();
  const vol = (status: string) => count(sql`select count(*) from ${s.volunteers} v where v.organization_id = ${s.organizations.id} and v.status = ${status}`);
  const rows = await db
    .select({
      id: s.organizations.id,
      name: s.organizations.name,
      slug: s.organizations.slug,
      suspendedAt: s.organizations.suspendedAt,
      createdAt: s.organizations.createdAt,
      pending: vol("pending"),
      active: vol("active"),
      paused: vol("paused"),
      deactivated: vol("deactivated"),
      requestsOpen: count(sql`select count(*) from ${s.requests} r where r.organization_id = ${s.organizations.id} and r.status = 'open'`),
      // "this year" in the organisation's own time zone, by the date of the need
      requestsThisYear: count(
        sql`select count(*) from ${s.requests} r where r.organization_id = ${s.organizations.id}
            and date_part('year', r.starts_at at time zone ${s.organizations.timeZone}) = date_part('year', now() at time zone ${s.organizations.timeZone})`,
      ),
      members: count(sql`select count(*) from ${s.memberships} m where m.organization_id = ${s.organizations.id}`),
      admins: count(sql`select count(*) from ${s.memberships} m where m.organization_id = ${s.organizations.id} and m.role = 'admin'`),
    })
    .from(s.organizations)
    .orderBy(s.organizations.name);
  return rows.map(({ pending, active, paused, deactivated, ...r }) => ({ ...r, volunteers: { pending, active, paused, deactivated } }));
}

export async function getOrganizationOverview(actor: PlatformActor, organizationId: string): Promise<OrganizationOverview | null> {
  if (!UUID.safeParse(organizationId).success) return null;
  return (await listOrganizationsOverview(actor)).find((o) => o.id === organizationId) ?? null;
}

const UUID = z.uuid();
const organizationId = z.string().trim().pipe(z.uuid({ message: "organization_invalid" }));
const CONTROL = /[\u0000-\u001f\u007f]/;
const name = z
  .string()
  .trim()
  .min(2, "name_required")
  .max(120, "too_long")
  .refine((v) => !CONTROL.test(v), "control_chars");

export const createOrganizationSchema = z.object({ name, slug: z.string().trim().toLowerCase().pipe(slugSchema) });
export const renameOrganizationSchema = z.object({ organizationId, name });
export const suspensionSchema = z.object({ organizationId, confirm: z.literal("yes", { message: "confirm_required" }) });
export const reactivationSchema = z.object({ organizationId });
export const inviteAdminSchema = z.object({
  organizationId,
  email: z.string().trim().toLowerCase().max(254, "email_invalid").pipe(z.email({ message: "email_invalid" })),
  locale: z.enum(["de", "en"]).default("de"),
});

type Refused<F extends string> = { refused: FieldErrors<F>; organizationId?: string };
const refuse = <F extends string>(fieldErrors: FieldErrors<F>, organizationId?: string): Refused<F> => ({ refused: fieldErrors, organizationId });

/**
 * validate → one transaction with its audit entry → a result, for a platform administrator.
 * Rejected input (a slug taken, an unknown organisation) is audited as invalid, after the transaction.
 */
async function platformOperation<S extends z.ZodType, T extends object, F extends string>(
  actor: PlatformActor,
  ctx: AdminCtx,
  action: string,
  schema: S,
  input: unknown,
  body: (tx: Tx, data: z.output<S>, audit: (organizationId: string, details?: Record<string, unknown>) => Promise<void>) => Promise<T | Refused<F>>,
): Promise<Ok<T> | Invalid<F>> {
  const db = await getDb();
  const auditInvalid = (fieldErrors: FieldErrors<F>, orgId?: string) =>
    recordAudit(db, {
      organizationId: orgId ?? null,
      actorUserId: actor.userId,
      actorType: "user",
      action,
      objectType: orgId ? "organization" : undefined,
      objectId: orgId,
      ip: ctx.ip,
      outcome: "invalid",
      details: { fields: Object.keys(fieldErrors) },
    });
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<F>(parsed.error);
    await auditInvalid(fieldErrors);
    return err("invalid", { fieldErrors });
  }
  const outcome = await db.transaction((tx) =>
    body(tx, parsed.data, (orgId, details) =>
      recordAudit(tx, { organizationId: orgId, actorUserId: actor.userId, actorType: "user", action, objectType: "organization", objectId: orgId, ip: ctx.ip, details }),
    ),
  );
  if ("refused" in outcome) {
    await auditInvalid(outcome.refused, outcome.organizationId);
    return err("invalid", { fieldErrors: outcome.refused });
  }
  // the public pages keep their organisation for up to 30 s per process (lib/organizations)
  invalidatePublicData();
  return ok(outcome);
}

/** The organisation row, locked: suspension, renaming and invitations of one organisation run one after another. */
async function lockedOrganization(tx: Tx, id: string) {
  const [org] = await tx.select().from(s.organizations).where(eq(s.organizations.id, id)).for("update");
  return org;
}

export type CreateField = "name" | "slug";

/** A new organisation with its 13 default activity fields; its first admin is invited next. */
export async function createOrganization(actor: PlatformActor, input: unknown, ctx: AdminCtx): Promise<Ok<{ organizationId: string }> | Invalid<CreateField> | Denied> {
  return platformOperation<typeof createOrganizationSchema, { organizationId: string }, CreateField>(actor, ctx, "platform.organization_create", createOrganizationSchema, input, async (tx, { name, slug }, audit) => {
    const [org] = await tx
      .insert(s.organizations)
      .values({ name, slug, emailSenderName: name })
      .onConflictDoNothing({ target: s.organizations.slug })
      .returning({ id: s.organizations.id });
    if (!org) return refuse<CreateField>({ slug: "slug_taken" });
    await tx.insert(s.activities).values(DEFAULT_ACTIVITIES.map((a, i) => ({ ...a, organizationId: org.id, position: i })));
    await seedDefaultQualificationTypes(tx, org.id);
    await audit(org.id, { name, slug });
    return { organizationId: org.id };
  });
}

export async function renameOrganization(actor: PlatformActor, input: unknown, ctx: AdminCtx): Promise<Ok | Invalid<"name" | "organizationId">> {
  return platformOperation<typeof renameOrganizationSchema, object, "name" | "organizationId">(actor, ctx, "platform.organization_rename", renameOrganizationSchema, input, async (tx, { organizationId, name }, audit) => {
    const org = await lockedOrganization(tx, organizationId);
    if (!org) return refuse<"organizationId">({ organizationId: "organization_invalid" });
    // the e-mail sender follows the name unless the organisation chose another one
    const sender = org.emailSenderName === org.name ? { emailSenderName: name } : {};
    await tx.update(s.organizations).set({ name, ...sender }).where(eq(s.organizations.id, organizationId));
    await audit(organizationId, { from: org.name, to: name });
    return {};
  });
}

/**
 * Suspends an organisation: from this commit on its coordinators have no actor (lib/auth/session.ts),
 * its registration is closed, no wave, reminder or escalation runs for it and the dispatcher holds
 * its queued messages (they stay queued, and go out after a reactivation unless their request has
 * ended by then: stop-kinds still applies). The dispatcher's re-check locks the organisation row
 * FOR SHARE, so a message claimed before this commit is either sent before it or held after it.
 */
export async function suspendOrganization(actor: PlatformActor, input: unknown, ctx: AdminCtx, now = new Date()): Promise<Ok<{ heldMessages: number }> | Invalid<"organizationId" | "confirm">> {
  return platformOperation<typeof suspensionSchema, { heldMessages: number }, "organizationId" | "confirm">(actor, ctx, "platform.organization_suspend", suspensionSchema, input, async (tx, { organizationId }, audit) => {
    const org = await lockedOrganization(tx, organizationId);
    if (!org) return refuse<"organizationId">({ organizationId: "organization_invalid" });
    if (org.suspendedAt) return refuse<"organizationId">({ organizationId: "already_suspended" }, organizationId);
    await tx.update(s.organizations).set({ suspendedAt: now }).where(eq(s.organizations.id, organizationId));
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(s.messages)
      .where(and(eq(s.messages.organizationId, organizationId), sql`${s.messages.status} in ('queued', 'sending')`));
    await audit(organizationId, { heldMessages: n });
    return { heldMessages: n };
  });
}

export async function reactivateOrganization(actor: PlatformActor, input: unknown, ctx: AdminCtx): Promise<Ok | Invalid<"organizationId">> {
  return platformOperation<typeof reactivationSchema, object, "organizationId">(actor, ctx, "platform.organization_reactivate", reactivationSchema, input, async (tx, { organizationId }, audit) => {
    const org = await lockedOrganization(tx, organizationId);
    if (!org) return refuse<"organizationId">({ organizationId: "organization_invalid" });
    if (!org.suspendedAt) return refuse<"organizationId">({ organizationId: "not_suspended" }, organizationId);
    await tx.update(s.organizations).set({ suspendedAt: null }).where(eq(s.organizations.id, organizationId));
    await audit(organizationId, { suspendedSince: org.suspendedAt.toISOString() });
    return {};
  });
}

export type InviteAdminField = "email" | "organizationId";

/**
 * Invites an admin of an organisation (its first one, typically): the membership with role admin
 * and the sign-in invitation in the outbox, in one transaction, as the team invitation does.
 */
export async function inviteOrganizationAdmin(actor: PlatformActor, input: unknown, ctx: AdminCtx): Promise<Ok<{ userId: string }> | Invalid<InviteAdminField>> {
  return platformOperation<typeof inviteAdminSchema, { userId: string }, InviteAdminField>(actor, ctx, "platform.admin_invite", inviteAdminSchema, input, async (tx, { organizationId, email, locale }, audit) => {
    const org = await lockedOrganization(tx, organizationId);
    if (!org) return refuse<InviteAdminField>({ organizationId: "organization_invalid" });
    if (org.suspendedAt) return refuse<InviteAdminField>({ email: "organization_suspended" }, organizationId);
    await tx.insert(s.users).values({ email }).onConflictDoNothing();
    const [user] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email));
    const inserted = await tx
      .insert(s.memberships)
      .values({ userId: user.id, organizationId, role: "admin", invitedBy: actor.userId })
      .onConflictDoNothing()
      .returning({ userId: s.memberships.userId });
    if (inserted.length === 0) return refuse<InviteAdminField>({ email: "already_member" }, organizationId);
    await enqueueMessages(tx, [invitationMail(email, org, "admin", locale, organizationId)]);
    await audit(organizationId, { invitedUserId: user.id, role: "admin" });
    return { userId: user.id };
  });
}
