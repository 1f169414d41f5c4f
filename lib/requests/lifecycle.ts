import { and, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { cancelQueuedMessagesForRequest, enqueueMessages } from "@/lib/messaging/outbox";
import { kindsStoppedBy } from "@/lib/messaging/stop-kinds";
import { requestEvent } from "./events";
import { DEFAULT_WAVE_INTERVAL_MINUTES } from "./limits";
import { loadMessageOrg, toMessageRequest, type LockedRequest } from "./load";
import { filledNoticeMessages, type MessageOrg } from "./messages";
import { recipientsOf } from "./recipients";

/**
 * The life of a request, in one place. Status: open → filled ⇄ open (a helper withdraws, or more
 * helpers are needed) → closed (closed early, or expired at the start) | cancelled. Every
 * transition runs inside the caller's transaction, after the caller locked the request row
 * (load.ts), and is followed by `settle`, which does what the new status implies:
 * filled / closed / cancelled → stop asking (invariant 5); filled → open again → search again.
 *
 * The "filled" rule — accepted helpers ≥ helpers needed — exists once in TypeScript (`isFilled`)
 * and once in SQL (`filledSql`, for the conditional UPDATE that counts an acceptance: exactly N,
 * invariant 3); they are next to each other so that they cannot drift apart.
 */

export type RequestStatus = s.Request["status"];

/** The "filled" rule. */
export function isFilled(acceptedCount: number, helpersNeeded: number): boolean {
  return acceptedCount >= helpersNeeded;
}
/** The same rule in SQL, over the request row after `accepted_count + delta`. */
const filledSql = (delta: number) => sql`${s.requests.acceptedCount} + ${sql.raw(String(delta))} >= ${s.requests.helpersNeeded}`;

/** Answers are taken, and coordinators change the request, only until the start. */
export function hasStarted(r: Pick<s.Request, "startsAt">, now: Date): boolean {
  return now.getTime() >= r.startsAt.getTime();
}

/** What a helper's page shows about the request. */
export function requestState(r: Pick<s.Request, "status" | "startsAt">, now: Date): "open" | "filled" | "cancelled" | "closed" | "past" {
  if (r.status === "cancelled" || r.status === "closed") return r.status;
  if (hasStarted(r, now)) return "past";
  return r.status;
}

/**
 * Filling: one acceptance more, only if a seat is free — ONE conditional UPDATE (status open and
 * accepted_count < helpers_needed); the acceptance that reaches the number needed marks the
 * request filled. Null: no free seat. The caller settles the change.
 */
export async function takeSeat(tx: DbOrTx, request: LockedRequest, now: Date): Promise<LockedRequest | null> {
  const [seat] = await tx
    .update(s.requests)
    .set({
      acceptedCount: sql`${s.requests.acceptedCount} + 1`,
      status: sql`case when ${filledSql(1)} then 'filled'::request_status else ${s.requests.status} end`,
      filledAt: sql`case when ${filledSql(1)} then ${now}::timestamptz else ${s.requests.filledAt} end`,
      updatedAt: now,
    })
    .where(and(eq(s.requests.id, request.id), eq(s.requests.status, "open"), lt(s.requests.acceptedCount, s.requests.helpersNeeded)))
    .returning({ status: s.requests.status, acceptedCount: s.requests.acceptedCount, filledAt: s.requests.filledAt });
  return seat ? { ...request, ...seat } : null;
}

/** Unfilling: one acceptance less (a helper withdrew); a filled request is open again. */
export async function releaseSeat(tx: DbOrTx, request: LockedRequest, now: Date): Promise<LockedRequest> {
  const [after] = await tx
    .update(s.requests)
    .set({
      acceptedCount: sql`${s.requests.acceptedCount} - 1`,
      status: sql`case when ${s.requests.status} = 'filled' then 'open'::request_status else ${s.requests.status} end`,
      filledAt: sql`case when ${s.requests.status} = 'filled' then null else ${s.requests.filledAt} end`,
      updatedAt: now,
    })
    .where(and(eq(s.requests.id, request.id), sql`${s.requests.acceptedCount} > 0`))
    .returning({ status: s.requests.status, acceptedCount: s.requests.acceptedCount, filledAt: s.requests.filledAt });
  return after ? { ...request, ...after } : request;
}

/** A new number of helpers needed (never below the accepted count: the caller refuses that); the filled rule decides the status. */
export async function setHelpersNeeded(tx: DbOrTx, request: LockedRequest, helpersNeeded: number, now: Date): Promise<LockedRequest> {
  const filled = isFilled(request.acceptedCount, helpersNeeded);
  const status: RequestStatus = filled ? "filled" : "open";
  const filledAt = filled ? (request.filledAt ?? now) : null;
  await tx.update(s.requests).set({ helpersNeeded, status, filledAt, updatedAt: now }).where(eq(s.requests.id, request.id));
  return { ...request, helpersNeeded, status, filledAt };
}

/** Closing early or cancelling (with the coordinator's reason and who): nobody else is asked; no further wave. */
export async function endRequest(
  tx: DbOrTx,
  request: LockedRequest,
  how: "closed" | "cancelled",
  now: Date,
  cancellation: { reason: string; by: string | null } = { reason: "", by: null },
): Promise<LockedRequest> {
  const at = how === "closed" ? { closedAt: now } : { cancelledAt: now, cancelReason: cancellation.reason, cancelledBy: cancellation.by };
  await tx.update(s.requests).set({ status: how, ...at, updatedAt: now, nextWaveAt: null }).where(eq(s.requests.id, request.id));
  return { ...request, status: how, ...at, nextWaveAt: null };
}

/** What the new status implies, in the transaction that changed it (`org` when the caller has it loaded already). */
export async function settle(tx: DbOrTx, before: LockedRequest, after: LockedRequest, now: Date, org?: MessageOrg): Promise<void> {
  if (before.status === after.status) return;
  if (after.status === "open") {
    if (before.status === "filled") await reopenSearch(tx, after, now);
    return;
  }
  await stopAsking(tx, after, now, after.status, org);
}

/**
 * Stop means stop (invariant 5), inside the transaction that filled or ended the request:
 * queued invitations and reminders are cancelled, unanswered invitations become "not needed",
 * and (when the request says so) those who were asked hear that it is filled.
 */
export async function stopAsking(tx: DbOrTx, request: LockedRequest, now: Date, reason: "filled" | "closed" | "cancelled", org?: MessageOrg) {
  await cancelQueuedMessagesForRequest(tx, request.id, kindsStoppedBy(reason));
  const asked = await tx
    .update(s.invitations)
    .set({ status: "not_needed" })
    .where(and(eq(s.invitations.requestId, request.id), eq(s.invitations.status, "pending")))
    .returning({ id: s.invitations.id });
  await tx
    .update(s.invitations)
    .set({ status: "not_needed" })
    .where(and(eq(s.invitations.requestId, request.id), eq(s.invitations.status, "queued")));
  await tx.update(s.requests).set({ nextWaveAt: null }).where(eq(s.requests.id, request.id));
  if (reason === "filled" && request.notifyPendingWhenFilled && asked.length > 0) {
    const recipients = await recipientsOf(tx, request.id, { invitationIds: asked.map((a) => a.id) });
    const mr = toMessageRequest(request);
    const from = org ?? (await loadMessageOrg(tx, request.organizationId));
    await enqueueMessages(tx, recipients.flatMap((r) => filledNoticeMessages(from, mr, r)));
  }
  await requestEvent(tx, reason, { request, details: { notNeeded: asked.length } });
}

/**
 * A filled request that has a free seat again searches again: those who were asked but had not
 * answered can answer again (their links show "still needed"), planned waves are planned again.
 */
export async function reopenSearch(tx: DbOrTx, request: LockedRequest, now: Date) {
  await tx
    .update(s.invitations)
    .set({ status: "pending" })
    .where(and(eq(s.invitations.requestId, request.id), eq(s.invitations.status, "not_needed"), isNull(s.invitations.respondedAt), isNotNull(s.invitations.askedAt)));
  await tx
    .update(s.invitations)
    .set({ status: "queued" })
    .where(and(eq(s.invitations.requestId, request.id), eq(s.invitations.status, "not_needed"), isNull(s.invitations.respondedAt), isNull(s.invitations.askedAt)));
  if (request.waveSize && !request.wavesStopped) {
    // planned waves are planned again (the wave job re-checks the deadline and the matches)
    const next = new Date(now.getTime() + (request.waveIntervalMinutes ?? DEFAULT_WAVE_INTERVAL_MINUTES) * 60_000);
    await tx.update(s.requests).set({ nextWaveAt: next }).where(eq(s.requests.id, request.id));
  }
  await requestEvent(tx, "reopened", { request, details: { at: now.toISOString() } });
}

/**
 * Expiry at the start: an open or filled request closes; its unanswered (pending) and planned
 * (queued) invitations expire (their links say so) and asking messages still queued are
 * cancelled. Re-checked by a conditional UPDATE; null when another run got there first.
 */
export async function expireRequest(tx: DbOrTx, requestId: string, now: Date): Promise<{ expired: number } | null> {
  const [req] = await tx
    .update(s.requests)
    .set({ status: "closed", closedAt: now, nextWaveAt: null, updatedAt: now })
    .where(and(eq(s.requests.id, requestId), inArray(s.requests.status, ["open", "filled"])))
    .returning({ id: s.requests.id, organizationId: s.requests.organizationId });
  if (!req) return null;
  const invs = await tx
    .update(s.invitations)
    .set({ status: "expired" })
    .where(and(eq(s.invitations.requestId, requestId), inArray(s.invitations.status, ["pending", "queued"])))
    .returning({ id: s.invitations.id });
  await cancelQueuedMessagesForRequest(tx, requestId, kindsStoppedBy("expired"));
  await requestEvent(tx, "expired", { request: req, details: { expiredInvitations: invs.length } });
  return { expired: invs.length };
}
