import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { err, ok, type Err, type Ok } from "@/lib/result";
import { criteriaOf } from "./invite";
import { requestsMatchingVolunteer } from "./matching";
import { respondToInvitation, type RespondOutcome } from "./respond";
import { isUuid } from "./schema";
import { responseToken, responseTokenHash, storedResponseToken } from "./tokens";

/**
 * Open needs (issue 15: pull next to push). A signed-in volunteer sees the open requests they
 * match — the rule of matching.ts (requestsMatchingVolunteer runs matchWhere per request), with
 * one difference: a request they were already asked for is shown too (they may accept it here
 * instead of through the link), one they already accepted is not (it is in "my commitments").
 * Accepting goes through respondToInvitation, the one exactly-N path of the response link:
 * the invitation is created first when there is none (responded_via "profile").
 */

/** how many open requests of the organisation are looked at (the nearest first) */
export const OPEN_NEEDS_SCAN = 300;

export type OpenNeed = {
  requestId: string;
  title: string;
  details: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  activityNameDe: string;
  activityNameEn: string;
  activityNames: s.LocalizedTexts;
  helpersNeeded: number;
  stillNeeded: number;
};

/** The open, not yet full, not yet started requests of the organisation, nearest first. */
function openRequests(db: DbOrTx, organizationId: string, now: Date) {
  return db
    .select({ r: s.requests, activityNameDe: s.activities.nameDe, activityNameEn: s.activities.nameEn, activityNames: s.activities.names })
    .from(s.requests)
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    // a date of a series not asked yet (ask_at set) is not offered: its regular helpers take their
    // seats first when it is asked (lib/series), then everyone else can answer or pull it
    .where(and(eq(s.requests.organizationId, organizationId), eq(s.requests.status, "open"), isNull(s.requests.askAt), gt(s.requests.startsAt, now), lt(s.requests.acceptedCount, s.requests.helpersNeeded)))
    .orderBy(asc(s.requests.startsAt))
    .limit(OPEN_NEEDS_SCAN);
}

async function volunteerOf(db: DbOrTx, volunteerId: string) {
  const [row] = await db
    .select({ id: s.volunteers.id, organizationId: s.volunteers.organizationId, timeZone: s.organizations.timeZone })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  return row ?? null;
}

/** The open needs a volunteer matches (reads only). */
export async function listOpenNeeds(db: DbOrTx, volunteerId: string, now = new Date()): Promise<OpenNeed[]> {
  const v = await volunteerOf(db, volunteerId);
  if (!v) return [];
  const rows = await openRequests(db, v.organizationId, now);
  if (rows.length === 0) return [];
  const accepted = new Set(
    (
      await db
        .select({ requestId: s.invitations.requestId })
        .from(s.invitations)
        .where(and(eq(s.invitations.volunteerId, v.id), eq(s.invitations.status, "accepted"), sql`${s.invitations.requestId} in (${sql.join(rows.map((x) => sql`${x.r.id}`), sql`, `)})`))
    ).map((x) => x.requestId),
  );
  const candidates = rows.filter((x) => !accepted.has(x.r.id));
  const matching = await requestsMatchingVolunteer(
    db,
    v.organizationId,
    v.id,
    candidates.map((x) => ({ ...criteriaOf(x.r, v.timeZone), requestId: null, id: x.r.id })),
    { now },
  );
  return candidates
    .filter((x) => matching.has(x.r.id))
    .map(({ r, activityNameDe, activityNameEn, activityNames }) => ({
      requestId: r.id,
      title: r.title,
      details: r.details,
      place: r.place,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      activityNameDe,
      activityNameEn,
      activityNames,
      helpersNeeded: r.helpersNeeded,
      stillNeeded: r.helpersNeeded - r.acceptedCount,
    }));
}

/** What the volunteer is told after "Ich helfe": accepted, already theirs, full, closed … or no longer for them. */
export type OpenNeedOutcome = Extract<RespondOutcome, "accepted" | "already_accepted" | "full" | "request_cancelled" | "request_closed" | "request_past"> | "not_matching";
export type AcceptOpenNeedResult = Ok<{ outcome: OpenNeedOutcome; requestId: string }> | Err<"not_found">;

/**
 * "Ich helfe" from the open-needs page. Exactly N holds because the seat is only ever taken by
 * respondToInvitation's conditional UPDATE (the same path as a tap on the response link, so
 * pulls and link taps race on one row lock). A volunteer without an invitation gets one first,
 * but only while the request is open and they match it now; ON CONFLICT keeps it one per
 * (request, volunteer) when two pulls of the same person cross.
 */
export async function acceptOpenNeed(db: Db, input: { volunteerId: string; requestId: string; ip?: string | null; now?: Date }): Promise<AcceptOpenNeedResult> {
  const now = input.now ?? new Date();
  if (!isUuid(input.requestId)) return err("not_found");
  const v = await volunteerOf(db, input.volunteerId);
  if (!v) return err("not_found");
  const [r] = await db
    .select()
    .from(s.requests)
    .where(and(eq(s.requests.id, input.requestId), eq(s.requests.organizationId, v.organizationId)));
  if (!r) return err("not_found");
  const done = (outcome: OpenNeedOutcome): AcceptOpenNeedResult => ok({ outcome, requestId: r.id });

  let [inv] = await db
    .select({ id: s.invitations.id, tokenHash: s.invitations.tokenHash })
    .from(s.invitations)
    .where(and(eq(s.invitations.requestId, r.id), eq(s.invitations.volunteerId, v.id)));
  if (!inv) {
    // nothing is created for a request that takes no answers (the answer would be refused anyway)
    if (r.status === "cancelled") return done("request_cancelled");
    if (r.startsAt.getTime() <= now.getTime()) return done("request_past");
    if (r.status === "closed" || r.askAt) return done("request_closed");
    if (r.status === "filled" || r.acceptedCount >= r.helpersNeeded) return done("full");
    const matches = await requestsMatchingVolunteer(db, v.organizationId, v.id, [{ ...criteriaOf(r, v.timeZone), requestId: null, id: r.id }], { now });
    if (!matches.has(r.id)) return done("not_matching");
    const id = crypto.randomUUID();
    await db
      .insert(s.invitations)
      .values({ id, requestId: r.id, volunteerId: v.id, tokenHash: responseTokenHash(id), status: "pending", wave: r.currentWave })
      .onConflictDoNothing({ target: [s.invitations.requestId, s.invitations.volunteerId] });
    [inv] = await db
      .select({ id: s.invitations.id, tokenHash: s.invitations.tokenHash })
      .from(s.invitations)
      .where(and(eq(s.invitations.requestId, r.id), eq(s.invitations.volunteerId, v.id)));
    if (!inv) return err("not_found");
  }
  const token = storedResponseToken(inv.id, inv.tokenHash) ?? responseToken(inv.id);
  const result = await respondToInvitation(db, { invitationId: inv.id, answer: "accept", via: "profile", token, ip: input.ip, now });
  if (!result.ok) return result;
  const o = result.outcome;
  // "kept": an accepted helper asked to reconfirm a changed time said yes again — the seat is theirs
  if (o === "kept") return done("already_accepted");
  return done(o === "accepted" || o === "already_accepted" || o === "request_cancelled" || o === "request_closed" || o === "request_past" ? o : "full");
}

/**
 * Withdraw from "my commitments" on /profile: only the signed-in volunteer's own invitation, through
 * the response page's withdraw path (seat freed, reminders stopped, coordinators told, next asked).
 */
export async function withdrawCommitment(db: Db, input: { volunteerId: string; invitationId: string; ip?: string | null; now?: Date }) {
  if (!isUuid(input.invitationId)) return err("not_found");
  const [inv] = await db
    .select({ id: s.invitations.id })
    .from(s.invitations)
    .where(and(eq(s.invitations.id, input.invitationId), eq(s.invitations.volunteerId, input.volunteerId)));
  if (!inv) return err("not_found");
  return respondToInvitation(db, { invitationId: inv.id, answer: "withdraw", via: "profile", ip: input.ip, now: input.now });
}
