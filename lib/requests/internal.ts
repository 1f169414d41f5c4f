import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { hashToken } from "@/lib/tokens";
import { matchVolunteers } from "./matching";
import { quietHoursOf, smsNotBefore, type QuietHours } from "./quiet-hours";
import { responseToken } from "./tokens";
import { invitationMessages, type MessageOrg, type MessageRecipient, type MessageRequest } from "./messages";

/** Shared steps of the request functions; each runs inside the caller's transaction. */

export async function loadMessageOrg(tx: DbOrTx, organizationId: string): Promise<MessageOrg> {
  const [org] = await tx
    .select({ id: s.organizations.id, name: s.organizations.name, timeZone: s.organizations.timeZone, smsSenderName: s.organizations.smsSenderName })
    .from(s.organizations)
    .where(eq(s.organizations.id, organizationId));
  if (!org) throw new Error(`organisation ${organizationId} missing`);
  return org;
}

export type LockedRequest = s.Request & { activityNameDe: string; activityNameEn: string; activityNames: s.LocalizedTexts };

/**
 * Reads a request with its activity names; with lock, takes the row lock first. Every function
 * that changes a request and its invitations locks the request row BEFORE any invitation row, so
 * two such transactions never wait on each other in opposite order (no deadlocks).
 */
export async function loadRequest(tx: DbOrTx, requestId: string, opts: { lock?: boolean; organizationId?: string } = {}): Promise<LockedRequest | null> {
  const where = opts.organizationId ? and(eq(s.requests.id, requestId), eq(s.requests.organizationId, opts.organizationId)) : eq(s.requests.id, requestId);
  const q = tx.select().from(s.requests).where(where);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) return null;
  const [act] = await tx.select({ nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, names: s.activities.names }).from(s.activities).where(eq(s.activities.id, row.activityId));
  return { ...row, activityNameDe: act?.nameDe ?? "", activityNameEn: act?.nameEn ?? "", activityNames: act?.names ?? {} };
}

export function toMessageRequest(r: LockedRequest): MessageRequest {
  return {
    id: r.id,
    title: r.title,
    details: r.details,
    place: r.place,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    helpersNeeded: r.helpersNeeded,
    acceptedCount: r.acceptedCount,
    activityNameDe: r.activityNameDe,
    activityNameEn: r.activityNameEn,
    activityNames: r.activityNames,
  };
}

/**
 * Recipients of follow-up messages (confirmation, "filled", cancellation, notes): the
 * invitations' volunteers with the channels they can be reached on now (preferred, confirmed,
 * not bounced / opted out). One query.
 */
export async function recipientsOf(tx: DbOrTx, requestId: string, filter: { statuses?: s.Invitation["status"][]; invitationIds?: string[] }): Promise<(MessageRecipient & { invitationId: string })[]> {
  if (filter.invitationIds && filter.invitationIds.length === 0) return [];
  const v = s.volunteers;
  const i = s.invitations;
  const rows = await tx
    .select({
      invitationId: i.id,
      volunteerId: v.id,
      firstName: v.firstName,
      email: v.email,
      phone: v.phone,
      locale: v.locale,
      emailOk: sql<boolean>`(${v.contactPreference} in ('email', 'both') and ${v.email} is not null and ${v.emailConfirmedAt} is not null and ${v.emailBouncedAt} is null)`,
      smsOk: sql<boolean>`(${v.contactPreference} in ('sms', 'both') and ${v.phone} is not null and ${v.phoneConfirmedAt} is not null and ${v.smsOptedOutAt} is null)`,
    })
    .from(i)
    .innerJoin(v, eq(v.id, i.volunteerId))
    .where(
      and(
        eq(i.requestId, requestId),
        filter.statuses ? inArray(i.status, filter.statuses) : undefined,
        filter.invitationIds ? inArray(i.id, filter.invitationIds) : undefined,
      ),
    );
  return rows.map((r) => ({
    invitationId: r.invitationId,
    volunteerId: r.volunteerId,
    firstName: r.firstName,
    email: r.email,
    phone: r.phone,
    locale: toLocale(r.locale),
    channels: [...(r.emailOk ? (["email"] as const) : []), ...(r.smsOk ? (["sms"] as const) : [])],
  }));
}

/**
 * Finds further matching volunteers (not yet invited), creates their invitations (the response
 * token is derived from the invitation id, see tokens.ts; only its hash is stored), queues the
 * messages (SMS held back during quiet hours) and marks them as asked — all in the caller's
 * transaction. The unique (request, volunteer) index makes a parallel "ask more" safe: a
 * volunteer invited meanwhile is skipped, never asked twice.
 */
export async function inviteMatching(
  tx: DbOrTx,
  org: MessageOrg,
  request: LockedRequest,
  limit: number,
  now: Date,
  opts: { wave?: number; quietHours?: QuietHours } = {},
): Promise<{ invited: number; messages: number }> {
  if (limit <= 0) return { invited: 0, messages: 0 };
  const matches = await matchVolunteers(
    tx,
    request.organizationId,
    {
      activityId: request.activityId,
      startsAt: request.startsAt,
      languageMode: request.languageMode,
      languages: request.languages,
      channels: request.channels,
      requireDrivingLicence: request.requireDrivingLicence,
      requireCar: request.requireCar,
      timeZone: org.timeZone,
      requestId: request.id,
    },
    { limit, now },
  );
  if (matches.length === 0) return { invited: 0, messages: 0 };
  const ids = new Map(matches.map((m) => [m.id, crypto.randomUUID()]));
  const inserted = await tx
    .insert(s.invitations)
    .values(matches.map((m) => ({ id: ids.get(m.id)!, requestId: request.id, volunteerId: m.id, tokenHash: hashToken(responseToken(ids.get(m.id)!)), status: "pending" as const, wave: opts.wave ?? request.currentWave, askedAt: now })))
    .onConflictDoNothing({ target: [s.invitations.requestId, s.invitations.volunteerId] })
    .returning({ id: s.invitations.id, volunteerId: s.invitations.volunteerId });
  const byVolunteer = new Map(matches.map((m) => [m.id, m]));
  const mr = toMessageRequest(request);
  const quiet = opts.quietHours ?? (await loadQuietHours(tx, request.organizationId));
  const smsAfter = smsNotBefore(now, org.timeZone, request.startsAt, quiet);
  const outgoing: OutgoingMessage[] = inserted.flatMap((inv) => {
    const m = byVolunteer.get(inv.volunteerId!)!;
    return invitationMessages(org, mr, { ...m, volunteerId: m.id, invitationId: inv.id }, responseToken(inv.id)).map((msg) =>
      msg.channel === "sms" && smsAfter ? { ...msg, notBefore: smsAfter } : msg,
    );
  });
  await enqueueMessages(tx, outgoing);
  const invitedIds = inserted.map((r) => r.volunteerId!);
  if (invitedIds.length) await tx.update(s.volunteers).set({ lastAskedAt: now }).where(inArray(s.volunteers.id, invitedIds));
  return { invited: inserted.length, messages: outgoing.length };
}

export async function loadQuietHours(tx: DbOrTx, organizationId: string): Promise<QuietHours> {
  const [row] = await tx.select({ settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return quietHoursOf(row?.settings ?? {});
}
