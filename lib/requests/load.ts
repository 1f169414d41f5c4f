import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { MessageOrg, MessageRequest } from "./messages";

/** Reading a request and its organisation for the functions that change it or write about it. */

export async function loadMessageOrg(tx: DbOrTx, organizationId: string): Promise<MessageOrg> {
  const [org] = await tx
    .select({ id: s.organizations.id, name: s.organizations.name, timeZone: s.organizations.timeZone, smsSenderName: s.organizations.smsSenderName, accentColor: s.organizations.accentColor, logoFile: s.organizations.logoFile })
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
  const [act] = await tx
    .select({ nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, names: s.activities.names })
    .from(s.activities)
    .where(eq(s.activities.id, row.activityId));
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
    revision: r.revision,
    briefing: { meetingPoint: r.meetingPoint, contactName: r.contactName, contactPhone: r.contactPhone, whatToBring: r.whatToBring },
  };
}
