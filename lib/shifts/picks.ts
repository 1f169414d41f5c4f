import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import type { LocalizedTexts } from "@/lib/activities/names";
import { hasStarted, requestState } from "@/lib/requests/lifecycle";
import { isLinkExpired, respondToInvitation, type RespondOutcome } from "@/lib/requests/respond";
import { isUuid } from "@/lib/requests/schema";
import { responseToken } from "@/lib/requests/tokens";
import { err, ok, type Err, type Ok } from "@/lib/result";
import { firstOverlap } from "./overlap";

/**
 * A helper's picks on the one page of a shift plan (/s/<token>). Each tap is an ordinary answer
 * to that slot's invitation (respondToInvitation: exactly N through the conditional seat update,
 * confirmation with the .ics, withdrawal reopening the seat). Two rules are the plan's own, and
 * respondToInvitation applies them for every path that accepts a slot (this page, /r/, SMS):
 * the picks of one helper in one plan are serialised (lockShiftPicks), and a slot that overlaps
 * one they accepted in the plan is refused (overlapsAcceptedSlot).
 */

/**
 * Serialises one volunteer's picks in one plan: a transaction-scoped advisory lock, taken before
 * any row lock. Only this path takes it, so it cannot close a cycle with the request/invitation
 * row locks; two parallel taps of one helper on overlapping slots wait for each other, and the
 * second sees the first one's acceptance.
 */
export async function lockShiftPicks(tx: DbOrTx, planId: string, volunteerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`shift:${planId}:${volunteerId}`}))`);
}

/** Whether `request` (a slot) overlaps another slot of its plan that this volunteer accepted. Call under lockShiftPicks. */
export async function overlapsAcceptedSlot(tx: DbOrTx, request: Pick<s.Request, "id" | "shiftPlanId" | "startsAt" | "endsAt">, volunteerId: string | null): Promise<boolean> {
  if (!request.shiftPlanId || !volunteerId) return false;
  const taken = await tx
    .select({ startsAt: s.requests.startsAt, endsAt: s.requests.endsAt })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .where(and(eq(s.requests.shiftPlanId, request.shiftPlanId), ne(s.requests.id, request.id), eq(s.invitations.volunteerId, volunteerId), eq(s.invitations.status, "accepted")));
  return firstOverlap(request, taken) !== null;
}

export type SlotView = {
  requestId: string;
  startsAt: Date;
  endsAt: Date;
  activityNameDe: string;
  activityNameEn: string;
  activityNames: LocalizedTexts;
  helpersNeeded: number;
  acceptedCount: number;
  stillNeeded: number;
  /** the helper's own answer */
  status: s.Invitation["status"];
  state: "open" | "filled" | "cancelled" | "closed" | "past";
  canAccept: boolean;
  canWithdraw: boolean;
  /** open, but overlapping a slot this helper accepted */
  overlapsMine: boolean;
};

export type ShiftPageView = {
  inviteId: string;
  firstName: string;
  locale: Locale;
  plan: { id: string; title: string; day: string; place: string; details: string; status: s.ShiftPlan["status"]; cancelReason: string; organizationName: string; timeZone: string };
  slots: SlotView[];
  /** every slot has started: the plan is over */
  over: boolean;
};

/** What the slot page shows. Reads only (a GET or HEAD changes nothing). Null: not valid (any more). */
export async function getShiftPageView(db: DbOrTx, tokenHash: string, now = new Date()): Promise<ShiftPageView | null> {
  const [invite] = await db
    .select({ id: s.shiftPlanInvites.id, volunteerId: s.shiftPlanInvites.volunteerId, firstName: s.volunteers.firstName, locale: s.volunteers.locale, plan: s.shiftPlans, organizationName: s.organizations.name, timeZone: s.organizations.timeZone })
    .from(s.shiftPlanInvites)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.shiftPlanInvites.volunteerId))
    .innerJoin(s.shiftPlans, eq(s.shiftPlans.id, s.shiftPlanInvites.planId))
    .innerJoin(s.organizations, eq(s.organizations.id, s.shiftPlans.organizationId))
    .where(eq(s.shiftPlanInvites.tokenHash, tokenHash));
  if (!invite || !invite.volunteerId) return null;
  const rows = await db
    .select({
      requestId: s.requests.id,
      startsAt: s.requests.startsAt,
      endsAt: s.requests.endsAt,
      requestStatus: s.requests.status,
      helpersNeeded: s.requests.helpersNeeded,
      acceptedCount: s.requests.acceptedCount,
      status: s.invitations.status,
      activityNameDe: s.activities.nameDe,
      activityNameEn: s.activities.nameEn,
      activityNames: s.activities.names,
    })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .where(and(eq(s.requests.shiftPlanId, invite.plan.id), eq(s.invitations.volunteerId, invite.volunteerId)))
    .orderBy(asc(s.requests.startsAt), asc(s.requests.endsAt));
  if (rows.length === 0 || rows.every((r) => isLinkExpired(r, now))) return null;
  const mine = rows.filter((r) => r.status === "accepted");
  const slots: SlotView[] = rows.map((r) => {
    const state = requestState({ status: r.requestStatus, startsAt: r.startsAt }, now);
    const accepted = r.status === "accepted";
    const overlapsMine = !accepted && firstOverlap(r, mine) !== null;
    return {
      requestId: r.requestId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      activityNameDe: r.activityNameDe,
      activityNameEn: r.activityNameEn,
      activityNames: r.activityNames,
      helpersNeeded: r.helpersNeeded,
      acceptedCount: r.acceptedCount,
      stillNeeded: Math.max(0, r.helpersNeeded - r.acceptedCount),
      status: r.status,
      state,
      canAccept: state === "open" && !accepted && !overlapsMine,
      canWithdraw: accepted && (state === "open" || state === "filled" || state === "closed"),
      overlapsMine,
    };
  });
  const p = invite.plan;
  return {
    inviteId: invite.id,
    firstName: invite.firstName,
    locale: toLocale(invite.locale),
    plan: { id: p.id, title: p.title, day: p.day, place: p.place, details: p.details, status: p.status, cancelReason: p.cancelReason ?? "", organizationName: invite.organizationName, timeZone: invite.timeZone },
    slots,
    over: slots.every((x) => hasStarted(x, now)),
  };
}

export type PickResult = Ok<{ outcome: RespondOutcome; changed: boolean }> | Err<"not_found">;

/**
 * One tap on the slot page: accept or withdraw one slot. The slot must be one this helper was
 * asked for in the link's plan (another plan's or another person's slot is "not_found").
 */
export async function pickSlot(db: Db, input: { tokenHash: string; requestId: string; answer: "accept" | "withdraw"; ip?: string | null; now?: Date }): Promise<PickResult> {
  if (!isUuid(input.requestId)) return err("not_found");
  const [row] = await db
    .select({ invitationId: s.invitations.id })
    .from(s.shiftPlanInvites)
    .innerJoin(s.requests, and(eq(s.requests.shiftPlanId, s.shiftPlanInvites.planId), eq(s.requests.id, input.requestId)))
    .innerJoin(s.invitations, and(eq(s.invitations.requestId, s.requests.id), eq(s.invitations.volunteerId, s.shiftPlanInvites.volunteerId)))
    .where(and(eq(s.shiftPlanInvites.tokenHash, input.tokenHash), inArray(s.invitations.status, ["pending", "accepted", "not_needed", "declined", "withdrawn", "queued"])));
  if (!row) return err("not_found");
  const r = await respondToInvitation(db, { invitationId: row.invitationId, answer: input.answer, via: "web", token: responseToken(row.invitationId), ip: input.ip, now: input.now });
  return r.ok ? ok({ outcome: r.outcome, changed: r.changed }) : r;
}
