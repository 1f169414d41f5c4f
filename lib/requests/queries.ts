import { and, asc, desc, eq, gt, inArray, lte, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard-types";
import { isUuid } from "./schema";

/** Read-only views for the coordinator area; every query is limited to the actor's organisation. */

export type RequestTab = "open" | "filled" | "past" | "cancelled";
export const REQUEST_TABS: RequestTab[] = ["open", "filled", "past", "cancelled"];

export type RequestListItem = {
  id: string;
  shortCode: string;
  title: string;
  activityNameDe: string;
  activityNameEn: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  helpersNeeded: number;
  acceptedCount: number;
  status: s.Request["status"];
};

/** The columns of a RequestListItem (requests joined with their activity). */
const listItemColumns = {
  id: s.requests.id,
  shortCode: s.requests.shortCode,
  title: s.requests.title,
  activityNameDe: s.activities.nameDe,
  activityNameEn: s.activities.nameEn,
  place: s.requests.place,
  startsAt: s.requests.startsAt,
  endsAt: s.requests.endsAt,
  helpersNeeded: s.requests.helpersNeeded,
  acceptedCount: s.requests.acceptedCount,
  status: s.requests.status,
};

export async function listRequests(db: DbOrTx, actor: Actor, tab: RequestTab, now = new Date(), limit = 200): Promise<RequestListItem[]> {
  const r = s.requests;
  const byTab = {
    open: and(eq(r.status, "open"), gt(r.startsAt, now)),
    filled: and(inArray(r.status, ["filled", "closed"]), gt(r.startsAt, now)),
    past: and(ne(r.status, "cancelled"), lte(r.startsAt, now)),
    cancelled: eq(r.status, "cancelled"),
  }[tab];
  return db
    .select(listItemColumns)
    .from(r)
    .innerJoin(s.activities, eq(s.activities.id, r.activityId))
    .where(and(eq(r.organizationId, actor.organizationId), byTab))
    .orderBy(tab === "past" || tab === "cancelled" ? desc(r.startsAt) : asc(r.startsAt))
    .limit(limit);
}

/** For the dashboard: open requests (not started yet) and how full they are, soonest first. */
export async function getOpenRequestSummaries(db: DbOrTx, actor: Actor, now = new Date()) {
  const rows = await listRequests(db, actor, "open", now, 20);
  return rows.map((row) => ({ ...row, stillNeeded: Math.max(0, row.helpersNeeded - row.acceptedCount), percentFull: Math.round((100 * row.acceptedCount) / row.helpersNeeded) }));
}

export type BoardPerson = {
  invitationId: string;
  name: string;
  status: s.Invitation["status"];
  respondedAt: string | null;
  respondedVia: string | null;
  failedMessages: number;
};

export type RequestBoard = {
  request: RequestListItem & { details: string; languageMode: string; languages: string[]; channels: string; notifyPendingWhenFilled: boolean; requireDrivingLicence: boolean; requireCar: boolean; updatedAt: string };
  counts: { asked: number; accepted: number; declined: number; withdrawn: number; noAnswer: number; notNeeded: number; queued: number; messageFailures: number };
  people: BoardPerson[];
};

/** The status board of one request (what the live view polls). Null when not in the actor's organisation. */
export async function getRequestBoard(db: DbOrTx, actor: Actor, requestId: string): Promise<RequestBoard | null> {
  if (!isUuid(requestId)) return null;
  const r = s.requests;
  const [req] = await db
    .select({
      ...listItemColumns,
      details: r.details,
      languageMode: r.languageMode,
      languages: r.languages,
      channels: r.channels,
      notifyPendingWhenFilled: r.notifyPendingWhenFilled,
      requireDrivingLicence: r.requireDrivingLicence,
      requireCar: r.requireCar,
      updatedAt: r.updatedAt,
    })
    .from(r)
    .innerJoin(s.activities, eq(s.activities.id, r.activityId))
    .where(and(eq(r.id, requestId), eq(r.organizationId, actor.organizationId)));
  if (!req) return null;
  const failures = sql<number>`(select count(*)::int from ${s.messages} m where m.invitation_id = ${s.invitations.id} and m.status = 'failed')`;
  const rows = await db
    .select({
      invitationId: s.invitations.id,
      status: s.invitations.status,
      askedAt: s.invitations.askedAt,
      respondedAt: s.invitations.respondedAt,
      respondedVia: s.invitations.respondedVia,
      firstName: s.volunteers.firstName,
      lastName: s.volunteers.lastName,
      failedMessages: failures,
    })
    .from(s.invitations)
    .leftJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .where(eq(s.invitations.requestId, requestId))
    .orderBy(asc(s.volunteers.lastName), asc(s.volunteers.firstName));
  const counts = { asked: 0, accepted: 0, declined: 0, withdrawn: 0, noAnswer: 0, notNeeded: 0, queued: 0, messageFailures: 0 };
  for (const row of rows) {
    if (row.askedAt) counts.asked++;
    if (row.status === "accepted") counts.accepted++;
    else if (row.status === "declined") counts.declined++;
    else if (row.status === "withdrawn") counts.withdrawn++;
    else if (row.status === "pending") counts.noAnswer++;
    else if (row.status === "not_needed" || row.status === "expired") counts.notNeeded++;
    else if (row.status === "queued") counts.queued++;
    if (Number(row.failedMessages) > 0) counts.messageFailures++;
  }
  return {
    request: { ...req, updatedAt: req.updatedAt.toISOString() },
    counts,
    people: rows.map((row) => ({
      invitationId: row.invitationId,
      // erased volunteers stay as anonymous rows so that the counts stay right
      name: row.firstName ? `${row.firstName} ${row.lastName ?? ""}`.trim() : "—",
      status: row.status,
      respondedAt: row.respondedAt?.toISOString() ?? null,
      respondedVia: row.respondedVia,
      failedMessages: Number(row.failedMessages),
    })),
  };
}
