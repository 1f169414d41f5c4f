import { brandOf } from "@/lib/organizations/branding-rules";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx, type Tx } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import type { Actor, AdminActor } from "@/lib/auth/guard-types";
import { endSessionsOfUser, membershipsOf } from "@/lib/auth/session";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { absoluteUrl } from "@/lib/urls";
import { deny, foreignObject, operation, rejected, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import { ok, type Ok } from "@/lib/result";

export type MemberRow = { userId: string; email: string; role: "admin" | "coordinator"; createdAt: Date; lastSeenAt: Date | null };

const role = z.enum(["admin", "coordinator"], { message: "role_invalid" });
const userId = z.string().min(1).max(100);

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, "email_invalid").pipe(z.email({ message: "email_invalid" })),
  role: role.default("coordinator"),
  locale: z.enum(["de", "en"]).default("de"),
});
export type InviteField = "email" | "role";

export async function listMembers(actor: AdminActor): Promise<Ok<{ members: MemberRow[] }>> {
  const db = await getDb();
  const rows = await db
    .select({
      userId: s.users.id,
      email: s.users.email,
      role: s.memberships.role,
      createdAt: s.memberships.createdAt,
      lastSeenAt: sql<Date | null>`(select max(se.last_seen_at) from sessions se where se.user_id = "users"."id")`.mapWith(
        (v) => (v ? new Date(v as string) : null),
      ),
    })
    .from(s.memberships)
    .innerJoin(s.users, eq(s.users.id, s.memberships.userId))
    .where(eq(s.memberships.organizationId, actor.organizationId))
    .orderBy(asc(s.users.email));
  return ok({ members: rows });
}

/** Admins invite coordinators (or admins) by e-mail; the mail goes through the outbox. */
export async function inviteMember(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<InviteField> | Ok<{ userId: string }>> {
  return operation(actor, ctx, { action: "member.invite", schema: inviteSchema }, input, async (tx, { email, role, locale }, audit) => {
    await tx.insert(s.users).values({ email }).onConflictDoNothing();
    const [user] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email));
    const inserted = await tx
      .insert(s.memberships)
      .values({ userId: user.id, organizationId: actor.organizationId, role, invitedBy: actor.userId })
      .onConflictDoNothing()
      .returning({ userId: s.memberships.userId });
    if (inserted.length === 0) return rejected<InviteField>({ email: "already_member" });
    const [org] = await tx.select({ id: s.organizations.id, name: s.organizations.name, accentColor: s.organizations.accentColor, logoFile: s.organizations.logoFile }).from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
    await enqueueMessages(tx, [invitationMail(email, org, role, locale, actor.organizationId)]);
    await audit({ type: "user", id: user.id }, { role });
    return { userId: user.id };
  });
}

export function invitationMail(email: string, org: { id: string; name: string; accentColor: string | null; logoFile: string | null }, role: "admin" | "coordinator", locale: Locale, organizationId: string) {
  const t = translator(locale, "admin");
  const orgName = org.name;
  const mail = renderEmail({
    locale,
    brand: brandOf(org, absoluteUrl),
    subject: t("inviteMail.subject", { org: orgName }),
    paragraphs: [t("inviteMail.intro", { org: orgName, role: t(`roles.${role}`) }), t("inviteMail.howTo")],
    buttons: [{ label: t("inviteMail.button"), url: absoluteUrl("/admin/sign-in") }],
  });
  return {
    organizationId,
    channel: "email" as const,
    recipient: email,
    kind: "member-invitation",
    locale,
    subject: mail.subject,
    body: mail.text,
    html: mail.html,
  };
}

const changeRoleSchema = z.object({ userId, role });

/**
 * The last admin of an organisation can neither be demoted nor removed (nobody could fix it).
 * Role changes and removals of one organisation run one after the other: without this lock two
 * admins demoting each other at the same moment would each still count the other and leave the
 * organisation without any admin.
 */
async function lockOrganization(tx: DbOrTx, organizationId: string): Promise<void> {
  await tx.select({ id: s.organizations.id }).from(s.organizations).where(eq(s.organizations.id, organizationId)).for("update");
}

async function otherAdmins(tx: DbOrTx, organizationId: string, exceptUserId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(s.memberships)
    .where(and(eq(s.memberships.organizationId, organizationId), eq(s.memberships.role, "admin"), sql`${s.memberships.userId} <> ${exceptUserId}`));
  return row.n;
}

/** The membership of `userId` in the actor's organisation, locked; a user who is not a member here is a tampered form. */
async function lockedMembership(tx: Tx, organizationId: string, userId: string) {
  await lockOrganization(tx, organizationId);
  const [m] = await tx
    .select()
    .from(s.memberships)
    .where(and(eq(s.memberships.userId, userId), eq(s.memberships.organizationId, organizationId)))
    .for("update");
  return m;
}

export async function changeMemberRole(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<"role" | "userId"> | Ok> {
  return operation(actor, ctx, { action: "member.change_role", schema: changeRoleSchema }, input, async (tx, { userId: target, role: newRole }, audit) => {
    const object = { type: "user", id: target };
    const m = await lockedMembership(tx, actor.organizationId, target);
    if (!m) return foreignObject(object);
    if (m.role === "admin" && newRole !== "admin" && (await otherAdmins(tx, actor.organizationId, target)) === 0) return rejected<"role">({ role: "last_admin" }, object);
    await tx
      .update(s.memberships)
      .set({ role: newRole })
      .where(and(eq(s.memberships.userId, target), eq(s.memberships.organizationId, actor.organizationId)));
    await audit(object, { from: m.role, to: newRole });
    return {};
  });
}

export async function removeMember(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<"userId"> | Ok> {
  return operation(actor, ctx, { action: "member.remove", schema: z.object({ userId }) }, input, async (tx, { userId: target }, audit) => {
    const object = { type: "user", id: target };
    const m = await lockedMembership(tx, actor.organizationId, target);
    if (!m) return foreignObject(object);
    if (m.role === "admin" && (await otherAdmins(tx, actor.organizationId, target)) === 0) return rejected<"userId">({ userId: "last_admin" }, object);
    await tx.delete(s.memberships).where(and(eq(s.memberships.userId, target), eq(s.memberships.organizationId, actor.organizationId)));
    // Their sessions end now (also those in other organisations: they sign in again there).
    await endSessionsOfUser(tx, target);
    await audit(object, { role: m.role });
    return {};
  });
}

/** Someone in several organisations chooses one to work in: only an organisation they belong to (else refused, audited). */
export async function chooseOrganization(actor: Actor, organizationId: string, ctx: AdminCtx): Promise<Denied | Ok> {
  const mine = await membershipsOf(await getDb(), actor.userId);
  if (mine.some((m) => m.organizationId === organizationId)) return ok();
  return deny(actor, ctx, "organization.switch", "foreign_object", { type: "organization", id: organizationId.slice(0, 40) });
}
