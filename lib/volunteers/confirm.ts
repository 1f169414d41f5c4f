import { and, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import { queueVolunteerMessage, type Target } from "./notify";
import { findVolunteerToken, issueVolunteerToken, useVolunteerToken, type TokenRow } from "./tokens";

export type ConfirmState =
  | { state: "ready"; channel: "email" | "sms" }
  | { state: "already"; channel: "email" | "sms" }
  | { state: "invalid" };

/**
 * A fresh confirmation link for one channel, queued in the caller's transaction (registration,
 * a changed address, "send again"). False when the per-recipient message cap refused it.
 */
export async function queueConfirmationLink(tx: DbOrTx, target: Target, now: Date): Promise<boolean> {
  const email = target.channel === "email";
  const token = await issueVolunteerToken(tx, target.volunteerId, email ? "confirm_email" : "confirm_phone", now);
  return queueVolunteerMessage(tx, target, email ? "confirm-email" : "confirm-phone", token);
}

const channelOf = (row: TokenRow) => (row.purpose === "confirm_email" ? "email" : "sms") as "email" | "sms";

async function stateOf(db: Db, row: TokenRow | null, now: Date): Promise<ConfirmState> {
  if (!row) return { state: "invalid" };
  const channel = channelOf(row);
  const [v] = await db.select().from(s.volunteers).where(eq(s.volunteers.id, row.volunteerId));
  if (!v) return { state: "invalid" };
  const confirmedAt = channel === "email" ? v.emailConfirmedAt : v.phoneConfirmedAt;
  if (confirmedAt) return { state: "already", channel };
  if (!row.usedAt && row.expiresAt > now) return { state: "ready", channel };
  return { state: "invalid" };
}

/** For the GET page: what the link would do. Changes nothing (mail scanners open every link). */
export async function inspectConfirmToken(token: unknown, now = new Date(), db?: Db): Promise<ConfirmState> {
  const d = db ?? (await getDb());
  return stateOf(d, await findVolunteerToken(d, token, ["confirm_email", "confirm_phone"]), now);
}

export type ConfirmResult = { ok: true; state: "confirmed" | "already"; channel: "email" | "sms" } | { ok: false; error: "invalid" };

/**
 * The POST behind the confirmation button: marks the channel confirmed and a pending
 * registration active. A repeated POST answers "already confirmed" and changes nothing.
 */
export async function confirmChannel(token: unknown, ctx: { ip?: string | null; now?: Date; db?: Db } = {}): Promise<ConfirmResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const row = await findVolunteerToken(db, token, ["confirm_email", "confirm_phone"]);
  if (!row) return { ok: false, error: "invalid" };
  const channel = channelOf(row);
  const confirmed = await db.transaction(async (tx) => {
    const used = await useVolunteerToken(tx, row.id, now);
    if (!used) return false;
    const set = channel === "email" ? { emailConfirmedAt: now, updatedAt: now } : { phoneConfirmedAt: now, updatedAt: now };
    const column = channel === "email" ? s.volunteers.emailConfirmedAt : s.volunteers.phoneConfirmedAt;
    const [v] = await tx
      .update(s.volunteers)
      .set(set)
      .where(and(eq(s.volunteers.id, row.volunteerId), isNull(column)))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    if (!v) return false;
    await tx
      .update(s.volunteers)
      .set({ status: "active" })
      .where(and(eq(s.volunteers.id, row.volunteerId), eq(s.volunteers.status, "pending")));
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: `volunteer.confirmed_${channel}`, objectType: "volunteer", objectId: v.id, ip: ctx.ip });
    return true;
  });
  if (confirmed) return { ok: true, state: "confirmed", channel };
  const after = await stateOf(db, row, now);
  return after.state === "already" ? { ok: true, state: "already", channel } : { ok: false, error: "invalid" };
}

/** A fresh confirmation link for a channel not yet confirmed (from the profile page). */
export async function resendConfirmation(volunteerId: string, channel: "email" | "sms", ctx: { now?: Date; db?: Db } = {}): Promise<{ ok: true } | { ok: false; error: "nothing_to_confirm" | "limit" }> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const [row] = await db
    .select({ v: s.volunteers, orgName: s.organizations.name })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  const v = row?.v;
  const address = channel === "email" ? v?.email : v?.phone;
  const confirmedAt = channel === "email" ? v?.emailConfirmedAt : v?.phoneConfirmedAt;
  if (!v || !address || confirmedAt) return { ok: false, error: "nothing_to_confirm" };
  return db.transaction(async (tx) => {
    const target = { organizationId: v.organizationId, organizationName: row.orgName, volunteerId: v.id, channel, recipient: address, locale: toLocale(v.locale), firstName: v.firstName };
    const queued = await queueConfirmationLink(tx, target, now);
    return queued ? { ok: true as const } : { ok: false as const, error: "limit" as const };
  });
}
