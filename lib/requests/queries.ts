import { and, asc, desc, eq, gt, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { roleAllows, type Actor } from "@/lib/auth/guard-types";
import { buildTimeline, channelProblems, type AnswerRow, type BoardEvent, type ChannelProblem, type MessageRow } from "./board-timeline";
import { formatPhone } from "@/lib/volunteers/phone";
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


/** Contact data of the accepted helpers: what a coordinator needs to call or write to them on the day. */
export type HelperContact = { phone: string | null; phoneDisplay: string | null; email: string | null };

export type BoardPerson = {
  invitationId: string;
  /** null once the volunteer was erased (the row stays, anonymous, so the counts stay right) */
  volunteerId: string | null;
  name: string | null;
  status: s.Invitation["status"];
  wave: number;
  askedAt: string | null;
  respondedAt: string | null;
  respondedVia: string | null;
  failedMessages: number;
  /** only for accepted helpers, and only for roles that may see contact data (`canSeeHelperContacts`) */
  contact: HelperContact | null;
  /** stop flags of the helper's channels (bounced, unsubscribed, SMS opted out) */
  channelProblems: ChannelProblem[];
  timeline: BoardEvent[];
};

export type RequestBoard = {
  request: RequestListItem & { details: string; languageMode: string; languages: string[]; channels: string; notifyPendingWhenFilled: boolean; requireDrivingLicence: boolean; requireCar: boolean; updatedAt: string };
  counts: { asked: number; accepted: number; declined: number; withdrawn: number; noAnswer: number; notNeeded: number; queued: number; messageFailures: number };
  people: BoardPerson[];
  /** the organisation's time zone: every time on the board is shown in it */
  timeZone: string;
  contactsVisible: boolean;
};

/**
 * Who may see the phone numbers and e-mail addresses of helpers on the board. Both roles of the
 * coordinator area organise the helpers (the organisation check is the board query's own); a
 * role without contact rights (e.g. a future reporting-only role) gets the board without them.
 */
export function canSeeHelperContacts(actor: Actor): boolean {
  return roleAllows(actor.role, "coordinator");
}

/**
 * The status board of one request (what the live view polls). Null when not in the actor's
 * organisation. Two statements whatever the number of helpers: the request, then every
 * invitation with its volunteer, its messages (pre-aggregated per invitation) and its answers
 * (the audit rows of the invitation, found by the audit object index).
 */
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
      timeZone: s.organizations.timeZone,
    })
    .from(r)
    .innerJoin(s.activities, eq(s.activities.id, r.activityId))
    .innerJoin(s.organizations, eq(s.organizations.id, r.organizationId))
    .where(and(eq(r.id, requestId), eq(r.organizationId, actor.organizationId)));
  if (!req) return null;
  const m = s.messages;
  const messagesByInvitation = db
    .select({
      invitationId: m.invitationId,
      list: sql<MessageRow[]>`json_agg(json_build_object('kind', ${m.kind}, 'channel', ${m.channel}, 'status', ${m.status}, 'createdAt', ${m.createdAt}, 'sentAt', ${m.sentAt}, 'deliveredAt', ${m.deliveredAt}, 'error', ${m.lastError}) order by ${m.createdAt}, ${m.id})`.as("list"),
    })
    .from(m)
    .where(and(eq(m.requestId, requestId), isNotNull(m.invitationId)))
    .groupBy(m.invitationId)
    .as("board_messages");
  const answers = sql<AnswerRow[] | null>`(
    select json_agg(json_build_object('action', a.action, 'at', a.created_at, 'via', a.details ->> 'via') order by a.id)
    from ${s.auditEvents} a
    where a.object_type = 'invitation' and a.object_id = ${s.invitations.id}::text and a.outcome = 'ok' and a.action like 'invitation.%'
  )`;
  const v = s.volunteers;
  const rows = await db
    .select({
      invitationId: s.invitations.id,
      status: s.invitations.status,
      wave: s.invitations.wave,
      askedAt: s.invitations.askedAt,
      respondedAt: s.invitations.respondedAt,
      respondedVia: s.invitations.respondedVia,
      volunteerId: v.id,
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email,
      phone: v.phone,
      emailBouncedAt: v.emailBouncedAt,
      emailOptedOutAt: v.emailOptedOutAt,
      smsOptedOutAt: v.smsOptedOutAt,
      messages: messagesByInvitation.list,
      answers,
    })
    .from(s.invitations)
    .leftJoin(v, eq(v.id, s.invitations.volunteerId))
    .leftJoin(messagesByInvitation, eq(messagesByInvitation.invitationId, s.invitations.id))
    .where(eq(s.invitations.requestId, requestId))
    .orderBy(asc(v.lastName), asc(v.firstName), asc(s.invitations.id));
  const contactsVisible = canSeeHelperContacts(actor);
  const counts = { asked: 0, accepted: 0, declined: 0, withdrawn: 0, noAnswer: 0, notNeeded: 0, queued: 0, messageFailures: 0 };
  const people = rows.map((row): BoardPerson => {
    const messages = parseJson<MessageRow[]>(row.messages) ?? [];
    const timeline = buildTimeline({ askedAt: row.askedAt, wave: row.wave, messages, answers: parseJson<AnswerRow[]>(row.answers) ?? [] });
    const failedMessages = timeline.filter((e) => e.type === "message" && e.problem).length;
    if (row.askedAt) counts.asked++;
    if (row.status === "accepted") counts.accepted++;
    else if (row.status === "declined") counts.declined++;
    else if (row.status === "withdrawn") counts.withdrawn++;
    else if (row.status === "pending") counts.noAnswer++;
    else if (row.status === "not_needed" || row.status === "expired") counts.notNeeded++;
    else if (row.status === "queued") counts.queued++;
    if (failedMessages > 0) counts.messageFailures++;
    const erased = !row.volunteerId;
    return {
      invitationId: row.invitationId,
      volunteerId: row.volunteerId,
      name: erased ? null : `${row.firstName ?? ""} ${row.lastName ?? ""}`.trim(),
      status: row.status,
      wave: row.wave,
      askedAt: row.askedAt?.toISOString() ?? null,
      respondedAt: row.respondedAt?.toISOString() ?? null,
      respondedVia: row.respondedVia,
      failedMessages,
      contact:
        contactsVisible && !erased && row.status === "accepted"
          ? { phone: row.phone, phoneDisplay: row.phone ? formatPhone(row.phone) : null, email: row.email }
          : null,
      channelProblems: erased ? [] : channelProblems(row),
      timeline,
    };
  });
  const { timeZone, ...request } = req;
  return { request: { ...request, updatedAt: req.updatedAt.toISOString() }, counts, people, timeZone, contactsVisible };
}

/** json columns arrive parsed from node-postgres and PGlite; a string (some drivers) is parsed here. */
function parseJson<T>(v: unknown): T | null {
  if (v === null || v === undefined) return null;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}
