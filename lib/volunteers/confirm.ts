import { and, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import { CONSENT_VERSION, consentColumns, shownConsentText } from "./consent";
import { queueVolunteerMessage, type Target } from "./notify";
import { findVolunteerToken, issueVolunteerToken, useVolunteerToken, type TokenRow } from "./tokens";

export type ConfirmState =
  /** needsConsent: an imported volunteer, who gives consent on this page */
  | { state: "ready"; channel: "email" | "sms"; needsConsent: boolean; organizationName: string }
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

/**
 * The invitation of an imported volunteer (lib/volunteers/import): a confirmation link like
 * registration's, with a text that says who added them and that nothing happens unless they
 * confirm; the confirmation page then asks for their consent (they have none on record yet).
 */
export async function queueImportInvitation(tx: DbOrTx, target: Target, now: Date): Promise<boolean> {
  const token = await issueVolunteerToken(tx, target.volunteerId, target.channel === "email" ? "confirm_email" : "confirm_phone", now);
  return queueVolunteerMessage(tx, target, "import-invite", token);
}

const channelOf = (row: TokenRow) => (row.purpose === "confirm_email" ? "email" : "sms") as "email" | "sms";

async function stateOf(db: Db, row: TokenRow | null, now: Date): Promise<ConfirmState> {
  if (!row) return { state: "invalid" };
  const channel = channelOf(row);
  const [found] = await db
    .select({ v: s.volunteers, organizationName: s.organizations.name })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, row.volunteerId));
  if (!found) return { state: "invalid" };
  const v = found.v;
  const confirmedAt = channel === "email" ? v.emailConfirmedAt : v.phoneConfirmedAt;
  if (confirmedAt) return { state: "already", channel };
  if (!row.usedAt && row.expiresAt > now) return { state: "ready", channel, needsConsent: v.consentAt === null, organizationName: found.organizationName };
  return { state: "invalid" };
}

/** For the GET page: what the link would do. Changes nothing (mail scanners open every link). */
export async function inspectConfirmToken(token: unknown, now = new Date(), db?: Db): Promise<ConfirmState> {
  const d = db ?? (await getDb());
  return stateOf(d, await findVolunteerToken(d, token, ["confirm_email", "confirm_phone"]), now);
}

export type ConfirmResult = { ok: true; state: "confirmed" | "already"; channel: "email" | "sms" } | { ok: false; error: "invalid" | "consent_required" };

/** What the confirmation page of an imported volunteer posted: the box, and which text it showed. */
export type ConfirmConsent = { agreed: boolean; version?: unknown; locale?: unknown; pageLocale?: unknown };

/**
 * The POST behind the confirmation button: marks the channel confirmed and a pending
 * registration active. A repeated POST answers "already confirmed" and changes nothing.
 */
export async function confirmChannel(token: unknown, ctx: { ip?: string | null; now?: Date; db?: Db; consent?: ConfirmConsent } = {}): Promise<ConfirmResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const row = await findVolunteerToken(db, token, ["confirm_email", "confirm_phone"]);
  if (!row) return { ok: false, error: "invalid" };
  const channel = channelOf(row);
  const confirmed = await db.transaction(async (tx) => {
    // an imported volunteer has no consent on record: confirming needs it, given on this page
    const [pending] = await tx
      .select({ consentAt: s.volunteers.consentAt, organizationName: s.organizations.name })
      .from(s.volunteers)
      .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
      .where(eq(s.volunteers.id, row.volunteerId))
      .for("update", { of: s.volunteers });
    let consentSet = {};
    if (pending && pending.consentAt === null) {
      // the text names the volunteer's organisation as the controller, as on the page they saw
      const shown = ctx.consent ? shownConsentText({ version: ctx.consent.version, locale: ctx.consent.locale }, ctx.consent.pageLocale, pending.organizationName) : null;
      if (!ctx.consent?.agreed || !shown || shown.version !== CONSENT_VERSION) return "consent_required" as const;
      consentSet = consentColumns(shown, now, "web");
    }
    const used = await useVolunteerToken(tx, row.id, now);
    if (!used) return false;
    const set = { ...consentSet, ...(channel === "email" ? { emailConfirmedAt: now, updatedAt: now } : { phoneConfirmedAt: now, updatedAt: now }) };
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
    if ("consentAt" in consentSet) await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.import_consent", objectType: "volunteer", objectId: v.id, ip: ctx.ip });
    return true;
  });
  if (confirmed === "consent_required") return { ok: false, error: "consent_required" };
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
