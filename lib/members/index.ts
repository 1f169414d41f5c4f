import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { endSessionsOfUser } from "@/lib/auth/session";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { absoluteUrl } from "@/lib/urls";
import { deny, fieldErrorsOf, gate, invalid, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";

export type MemberRow = { userId: string; email: string; role: "admin" | "coordinator"; createdAt: Date; lastSeenAt: Date | null };

const role = z.enum(["admin", "coordinator"], { message: "role_invalid" });
const userId = z.string().min(1).max(100);

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, "email_invalid").pipe(z.email({ message: "email_invalid" })),
  role: role.default("coordinator"),
  locale: z.enum(["de", "en"]).default("de"),
});
export type InviteField = "email" | "role";

export async function listMembers(actor: Actor | null, ctx: AdminCtx): Promise<Denied | { ok: true; members: MemberRow[] }> {
  const denied = await gate(actor, "admin", ctx, "member.list");
  if (denied) return denied;
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
    .where(eq(s.memberships.organizationId, actor!.organizationId))
    .orderBy(asc(s.users.email));
  return { ok: true, members: rows };
}

/** Admins invite coordinators (or admins) by e-mail; the mail goes through the outbox. */
export async function inviteMember(
  actor: Actor | null,
  input: unknown,
  ctx: AdminCtx,
): Promise<Denied | Invalid<InviteField> | { ok: true; userId: string }> {
  const denied = await gate(actor, "admin", ctx, "member.invite");
  if (denied) return denied;
  const a = actor!;
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) return invalid(a, ctx, "member.invite", fieldErrorsOf<InviteField>(parsed.error));
  const { email, role, locale } = parsed.data;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    await tx.insert(s.users).values({ email }).onConflictDoNothing();
    const [user] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email));
    const inserted = await tx
      .insert(s.memberships)
      .values({ userId: user.id, organizationId: a.organizationId, role, invitedBy: a.userId })
      .onConflictDoNothing()
      .returning({ userId: s.memberships.userId });
    if (inserted.length === 0) return null;
    const [org] = await tx.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, a.organizationId));
    await enqueueMessages(tx, [invitationMail(email, org.name, role, locale, a.organizationId)]);
    await recordAudit(tx, {
      organizationId: a.organizationId,
      actorUserId: a.userId,
      actorType: "user",
      action: "member.invite",
      objectType: "user",
      objectId: user.id,
      ip: ctx.ip,
      details: { role },
    });
    return user.id;
  });
  if (!result) return invalid(a, ctx, "member.invite", { email: "already_member" });
  return { ok: true, userId: result };
}

function invitationMail(email: string, orgName: string, role: "admin" | "coordinator", locale: Locale, organizationId: string) {
  const t = translator(locale, "admin");
  const mail = renderEmail({
    locale,
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

/** The last admin of an organisation can neither be demoted nor removed (nobody could fix it). */
/**
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

export async function changeMemberRole(
  actor: Actor | null,
  input: unknown,
  ctx: AdminCtx,
): Promise<Denied | Invalid<"role" | "userId"> | { ok: true }> {
  const action = "member.change_role";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = changeRoleSchema.safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<"role" | "userId">(parsed.error));
  const { userId: target, role: newRole } = parsed.data;
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    await lockOrganization(tx, a.organizationId);
    const [m] = await tx
      .select()
      .from(s.memberships)
      .where(and(eq(s.memberships.userId, target), eq(s.memberships.organizationId, a.organizationId)))
      .for("update");
    if (!m) return "not_member" as const;
    if (m.role === "admin" && newRole !== "admin" && (await otherAdmins(tx, a.organizationId, target)) === 0) return "last_admin" as const;
    await tx
      .update(s.memberships)
      .set({ role: newRole })
      .where(and(eq(s.memberships.userId, target), eq(s.memberships.organizationId, a.organizationId)));
    await recordAudit(tx, {
      organizationId: a.organizationId,
      actorUserId: a.userId,
      actorType: "user",
      action,
      objectType: "user",
      objectId: target,
      ip: ctx.ip,
      details: { from: m.role, to: newRole },
    });
    return "ok" as const;
  });
  // A user id that is not a member here (e.g. of another organisation) is a tampered form.
  if (outcome === "not_member") return deny(a, ctx, action, "foreign_object", { type: "user", id: target });
  if (outcome === "last_admin") return invalid(a, ctx, action, { role: "last_admin" }, { type: "user", id: target });
  return { ok: true };
}

export async function removeMember(
  actor: Actor | null,
  input: unknown,
  ctx: AdminCtx,
): Promise<Denied | Invalid<"userId"> | { ok: true }> {
  const action = "member.remove";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = z.object({ userId }).safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<"userId">(parsed.error));
  const target = parsed.data.userId;
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    await lockOrganization(tx, a.organizationId);
    const [m] = await tx
      .select()
      .from(s.memberships)
      .where(and(eq(s.memberships.userId, target), eq(s.memberships.organizationId, a.organizationId)))
      .for("update");
    if (!m) return "not_member" as const;
    if (m.role === "admin" && (await otherAdmins(tx, a.organizationId, target)) === 0) return "last_admin" as const;
    await tx.delete(s.memberships).where(and(eq(s.memberships.userId, target), eq(s.memberships.organizationId, a.organizationId)));
    // Their sessions end now (also those in other organisations: they sign in again there).
    await endSessionsOfUser(tx, target);
    await recordAudit(tx, {
      organizationId: a.organizationId,
      actorUserId: a.userId,
      actorType: "user",
      action,
      objectType: "user",
      objectId: target,
      ip: ctx.ip,
      details: { role: m.role },
    });
    return "ok" as const;
  });
  if (outcome === "not_member") return deny(a, ctx, action, "foreign_object", { type: "user", id: target });
  if (outcome === "last_admin") return invalid(a, ctx, action, { userId: "last_admin" }, { type: "user", id: target });
  return { ok: true };
}
