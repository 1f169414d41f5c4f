import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import { cancelQueuedMessagesForInvitation, enqueueMessages } from "@/lib/messaging/outbox";
import { KINDS_STOPPED_BY_WITHDRAWAL } from "@/lib/messaging/stop-kinds";
import { err, ok, type Err, type Ok } from "@/lib/result";
import { urls } from "@/lib/urls";
import { requestEvent } from "./events";
import { reopenSeats } from "./reopen";
import { hasStarted, releaseSeat, requestState, settle, takeSeat } from "./lifecycle";
import { loadMessageOrg, loadRequest, toMessageRequest } from "./load";
import { notifyCoordinators } from "./coordinator-notices";
import { calendarFile, confirmationMessages, type Briefing } from "./messages";
import { recipientsOf } from "./recipients";
import { isUuid } from "./schema";

/** A response link stays readable this long after the request ended; then it is "not valid any more". */
export const RESPONSE_LINK_GRACE_MS = 7 * 86_400_000;

/** keep: an accepted helper confirms they can still come after the time changed */
export type Answer = "accept" | "decline" | "withdraw" | "keep";
export type RespondOutcome =
  | "accepted"
  | "already_accepted"
  | "full"
  | "declined"
  | "already_declined"
  | "withdrawn"
  | "not_accepted"
  | "kept"
  | "request_cancelled"
  | "request_closed"
  | "request_past";
export type RespondResult = Ok<{ outcome: RespondOutcome; changed: boolean; requestId: string }> | Err<"not_found">;

export type RespondInput = {
  /** the SHA-256 of the link's token (web) … */
  tokenHash?: string;
  /** … or the invitation itself (SMS replies, issue 6) */
  invitationId?: string;
  answer: Answer;
  via: "web" | "sms";
  /** the plain token when known (web): links in the confirmation */
  token?: string;
  now?: Date;
  ip?: string | null;
};

export function isLinkExpired(request: { endsAt: Date }, now: Date): boolean {
  return now.getTime() > request.endsAt.getTime() + RESPONSE_LINK_GRACE_MS;
}

/**
 * A helper's answer. Exactly N (invariant 3): an accept only counts when ONE conditional UPDATE
 * of the request row (status open and accepted_count < helpers_needed) succeeds, in the same
 * transaction as the invitation change; the CHECK constraint on accepted_count is the last guard.
 * The request row is locked first (same order as the coordinator's actions), then the invitation,
 * so double taps of one helper serialise and a repeated POST changes nothing.
 */
export async function respondToInvitation(db: Db, input: RespondInput): Promise<RespondResult> {
  const now = input.now ?? new Date();
  const where = input.tokenHash ? eq(s.invitations.tokenHash, input.tokenHash) : isUuid(input.invitationId) ? eq(s.invitations.id, input.invitationId) : undefined;
  if (!where) return err("not_found");
  const [found] = await db.select({ id: s.invitations.id, requestId: s.invitations.requestId }).from(s.invitations).where(where);
  if (!found) return err("not_found");

  return db.transaction(async (tx): Promise<RespondResult> => {
    const request = await loadRequest(tx, found.requestId, { lock: true });
    const [inv] = await tx.select().from(s.invitations).where(eq(s.invitations.id, found.id)).for("update");
    if (!request || !inv || !inv.volunteerId || isLinkExpired(request, now)) return err("not_found");
    const done = (outcome: RespondOutcome, changed: boolean): RespondResult => ok({ outcome, changed, requestId: request.id });

    // An accepted helper who says "no" (e.g. NEIN by SMS) withdraws; "yes" (JA) after a change of time keeps the seat.
    const reconfirmPending = inv.status === "accepted" && !!inv.reconfirmRequestedAt && !inv.reconfirmedAt;
    const answer: Answer = input.answer === "decline" && inv.status === "accepted" ? "withdraw" : input.answer === "accept" && reconfirmPending ? "keep" : input.answer;
    if (request.status === "cancelled") return done("request_cancelled", false);
    if (hasStarted(request, now)) return done("request_past", false);
    // A closed search takes no new answers, but an accepted helper can still say they cannot come.
    if (request.status === "closed" && !(answer === "withdraw" && inv.status === "accepted")) return done("request_closed", false);

    const audit = (action: string, details?: Record<string, unknown>) =>
      recordAudit(tx, { organizationId: request.organizationId, actorType: "volunteer", action, objectType: "invitation", objectId: inv.id, ip: input.ip ?? null, details: { via: input.via, requestId: request.id, ...details } });
    const markInvitation = (status: s.Invitation["status"]) =>
      tx.update(s.invitations).set({ status, respondedAt: now, respondedVia: input.via }).where(eq(s.invitations.id, inv.id));
    const touchVolunteer = () => tx.update(s.volunteers).set({ lastActiveAt: now }).where(eq(s.volunteers.id, inv.volunteerId!));

    if (answer === "accept") {
      if (inv.status === "accepted") return done("already_accepted", false);
      const updated = await takeSeat(tx, request, now);
      if (!updated) {
        // a late "yes" is recorded once (responded_at): if a seat reopens, they hear "needed again"
        if (inv.status === "not_needed" && inv.respondedAt) return done("full", false);
        await markInvitation("not_needed");
        await touchVolunteer();
        await audit("invitation.accept_full");
        return done("full", true);
      }
      await markInvitation("accepted");
      await touchVolunteer();
      const org = await loadMessageOrg(tx, request.organizationId);
      const [me] = await recipientsOf(tx, request.id, { invitationIds: [inv.id] });
      if (me) await enqueueMessages(tx, confirmationMessages(org, toMessageRequest(updated), me, input.token ? urls.response(input.token) : undefined).map((m) => ({ ...m, secrets: input.token ? [input.token] : [] })));
      await audit("invitation.accept", { acceptedCount: updated.acceptedCount });
      await settle(tx, request, updated, now, org);
      if (updated.status === "filled") await notifyCoordinators(tx, { kind: "filled", requestId: request.id, now });
      return done("accepted", true);
    }

    if (answer === "keep") {
      // only an accepted helper who was asked (the time changed) confirms; again changes nothing
      if (inv.status !== "accepted") return done("not_accepted", false);
      if (!inv.reconfirmRequestedAt || inv.reconfirmedAt) return done("kept", false);
      await tx.update(s.invitations).set({ reconfirmedAt: now }).where(eq(s.invitations.id, inv.id));
      await touchVolunteer();
      await audit("invitation.reconfirm", { revision: request.revision });
      return done("kept", true);
    }

    if (answer === "decline") {
      if (inv.status === "declined") return done("already_declined", false);
      await markInvitation("declined");
      await touchVolunteer();
      await audit("invitation.decline");
      return done("declined", true);
    }

    // withdraw
    if (inv.status !== "accepted") return done("not_accepted", false);
    const after = await releaseSeat(tx, request, now);
    await markInvitation("withdrawn");
    await touchVolunteer();
    // stop means stop: their queued reminders (and a confirmation not out yet) are cancelled
    await cancelQueuedMessagesForInvitation(tx, inv.id, KINDS_STOPPED_BY_WITHDRAWAL);
    await requestEvent(tx, "withdrawn", { request, invitationId: inv.id, actor: { type: "volunteer" }, ip: input.ip, details: { via: input.via } });
    await settle(tx, request, after, now);
    await notifyCoordinators(tx, { kind: "withdrawn", requestId: request.id, now });
    // the freed seat asks the next volunteers (an open request; a closed search stays closed)
    await reopenSeats(tx, after, 1, now);
    return done("withdrawn", true);
  });
}

export type InvitationView = {
  invitationId: string;
  firstName: string;
  /** the helper's message language: the page speaks it unless the visitor chose another */
  locale: Locale;
  status: s.Invitation["status"];
  /** the time changed after this helper accepted and they have not said yet whether they can still come */
  reconfirmPending: boolean;
  /** they said they can still come after the last change of time */
  reconfirmed: boolean;
  /** the briefing: only for an accepted helper (null for everyone else) */
  briefing: Briefing | null;
  request: {
    title: string;
    details: string;
    place: string;
    startsAt: Date;
    endsAt: Date;
    activityNameDe: string;
    activityNameEn: string;
    activityNames: s.LocalizedTexts;
    helpersNeeded: number;
    acceptedCount: number;
    stillNeeded: number;
    status: s.Request["status"];
    /** the coordinator's reason when cancelled ("" when none) */
    cancelReason: string;
    timeZone: string;
    organizationName: string;
  };
  /** what the page shows */
  state: "open" | "filled" | "cancelled" | "closed" | "past";
  /**
   * "Needed again": the request is open, this helper had been told it was filled (a "filled"
   * notice, or a tap on accept that came too late) and has not answered since — a seat reopened.
   */
  neededAgain: boolean;
};

/** What the response page shows. Reads only (a GET never changes state). Null: not valid (any more). */
export async function getInvitationView(db: DbOrTx, tokenHash: string, now = new Date()): Promise<InvitationView | null> {
  const [row] = await db
    .select({
      invitationId: s.invitations.id,
      status: s.invitations.status,
      reconfirmRequestedAt: s.invitations.reconfirmRequestedAt,
      reconfirmedAt: s.invitations.reconfirmedAt,
      firstName: s.volunteers.firstName,
      locale: s.volunteers.locale,
      request: s.requests,
      activityNameDe: s.activities.nameDe,
      activityNameEn: s.activities.nameEn,
      activityNames: s.activities.names,
      timeZone: s.organizations.timeZone,
      organizationName: s.organizations.name,
      toldFilled: sql<boolean>`exists (select 1 from ${s.messages} m where m.invitation_id = ${s.invitations.id} and m.kind in ('request-filled', 'needed-again') and m.status <> 'cancelled')`,
    })
    .from(s.invitations)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .innerJoin(s.organizations, eq(s.organizations.id, s.requests.organizationId))
    .where(eq(s.invitations.tokenHash, tokenHash));
  if (!row || isLinkExpired(row.request, now)) return null;
  const r = row.request;
  const state = requestState(r, now);
  const neededAgain = state === "open" && (row.status === "not_needed" || (row.status === "pending" && !!row.toldFilled));
  return {
    neededAgain,
    invitationId: row.invitationId,
    firstName: row.firstName,
    locale: toLocale(row.locale),
    status: row.status,
    reconfirmPending: row.status === "accepted" && !!row.reconfirmRequestedAt && !row.reconfirmedAt,
    reconfirmed: row.status === "accepted" && !!row.reconfirmedAt,
    // never shown to the unanswered: only who comes needs the meeting point and the contact on site
    briefing: row.status === "accepted" && r.status !== "cancelled" ? { meetingPoint: r.meetingPoint, contactName: r.contactName, contactPhone: r.contactPhone, whatToBring: r.whatToBring } : null,
    state,
    request: {
      title: r.title,
      details: r.details,
      place: r.place,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      activityNameDe: row.activityNameDe,
      activityNameEn: row.activityNameEn,
      activityNames: row.activityNames,
      helpersNeeded: r.helpersNeeded,
      acceptedCount: r.acceptedCount,
      stillNeeded: Math.max(0, r.helpersNeeded - r.acceptedCount),
      status: r.status,
      cancelReason: r.cancelReason ?? "",
      timeZone: row.timeZone,
      organizationName: row.organizationName,
    },
  };
}

/** The calendar file for an accepted helper (GET /r/<token>/calendar.ics). Reads only. */
export async function getCalendarForToken(db: DbOrTx, tokenHash: string, locale: Locale, now = new Date()): Promise<string | null> {
  const [row] = await db
    .select({ invitationId: s.invitations.id, status: s.invitations.status, requestId: s.invitations.requestId, organizationId: s.requests.organizationId, endsAt: s.requests.endsAt, requestStatus: s.requests.status })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .where(and(eq(s.invitations.tokenHash, tokenHash), inArray(s.invitations.status, ["accepted"])));
  if (!row || row.requestStatus === "cancelled" || isLinkExpired(row, now)) return null;
  const request = (await loadRequest(db, row.requestId))!;
  const org = await loadMessageOrg(db, row.organizationId);
  return calendarFile(org, toMessageRequest(request), locale, row.invitationId);
}
