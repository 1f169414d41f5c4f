import type { Db } from "@/db";
import type { Actor } from "@/lib/auth/guard-types";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { fieldErrorsOf, ok } from "@/lib/result";
import { audit, refuse, rejectInput, withRequest, type ManageOpts, type ManageResult } from "./access";
import { inviteMatching } from "./invite";
import { reopenSeats } from "./reopen";
import { endRequest, hasStarted, setHelpersNeeded, settle } from "./lifecycle";
import { MAX_INVITES_PER_SEND } from "./limits";
import { loadMessageOrg, toMessageRequest } from "./load";
import { notifyCoordinators } from "./coordinator-notices";
import { cancellationMessages, helperNoteMessages } from "./messages";
import { recipientsOf } from "./recipients";
import { askMoreSchema, cancelSchema, helpersNeededSchema, messageToHelpersSchema } from "./schema";

/**
 * The coordinator's actions on one request. Each takes the proven Actor, only finds requests of
 * the actor's organisation (another organisation's request is "not_found"), locks the request row
 * first and does everything — status, invitations, messages, audit — in one transaction
 * (access.ts); the status changes themselves are lifecycle.ts's.
 */

export type { ManageResult } from "./access";

/**
 * Cancel (confirmed, with an optional reason): nobody else is asked, queued asking messages and
 * reminders are cancelled, and the accepted helpers are told on every channel — with the reason,
 * in the SMS too. Those who had not answered yet are told as well when the request tells the
 * unanswered that the search ended (its `notifyPendingWhenFilled` setting: one choice per request
 * for "the search is over" notices, whether filled or cancelled). A cancelled, started or
 * another organisation's request is refused and audited.
 */
export async function cancelRequest(db: Db, actor: Actor, requestId: string, raw: unknown = { confirm: "yes" }, opts: ManageOpts = {}): Promise<ManageResult<{ notified: number }>> {
  const action = "request.cancel";
  const parsed = cancelSchema.safeParse(typeof raw === "object" && raw !== null ? raw : {});
  if (!parsed.success) return rejectInput(db, actor, action, fieldErrorsOf(parsed.error), { ...opts, requestId });
  const { reason } = parsed.data;
  return withRequest(db, actor, requestId, action, opts, async (ctx) => {
    const { tx, request, now } = ctx;
    if (request.status === "cancelled") return refuse(ctx, "already_cancelled");
    if (hasStarted(request, now)) return refuse(ctx, "past");
    const org = await loadMessageOrg(tx, request.organizationId);
    const unanswered = request.notifyPendingWhenFilled ? await recipientsOf(tx, request.id, { statuses: ["pending"] }) : [];
    await settle(tx, request, await endRequest(tx, request, "cancelled", now, { reason, by: actor.userId }), now, org);
    const accepted = await recipientsOf(tx, request.id, { statuses: ["accepted"] });
    const mr = toMessageRequest(request);
    const ids = await enqueueMessages(tx, [
      ...accepted.flatMap((r) => cancellationMessages(org, mr, r, reason, "accepted")),
      ...unanswered.flatMap((r) => cancellationMessages(org, mr, r, reason, "asked")),
    ]);
    const coordinatorMessages = await notifyCoordinators(tx, { kind: "cancelled", requestId: request.id, byUserId: ctx.actor.userId, reason, now });
    await audit(ctx, { notifiedHelpers: accepted.length, notifiedUnanswered: unanswered.length, messages: ids.length, withReason: reason.length > 0, coordinatorMessages });
    return ok({ notified: accepted.length + unanswered.length });
  });
}

/**
 * Change how many helpers are needed. Fewer than already accepted is refused; as many as accepted
 * fills the request (and stops asking); more reopens a filled request and asks the next
 * volunteers for each added seat (reopenSeats: the next wave, or the next K matches).
 */
export async function changeHelpersNeeded(db: Db, actor: Actor, requestId: string, raw: unknown, opts: ManageOpts = {}): Promise<ManageResult<{ helpersNeeded: number; status: "open" | "filled"; invited: number }>> {
  const action = "request.change_helpers";
  const parsed = helpersNeededSchema.safeParse(typeof raw === "object" && raw !== null ? raw : { helpersNeeded: raw });
  if (!parsed.success) return rejectInput(db, actor, action, fieldErrorsOf(parsed.error), { ...opts, requestId });
  const n = parsed.data.helpersNeeded;
  return withRequest(db, actor, requestId, action, opts, async (ctx) => {
    const { tx, request, now } = ctx;
    if (request.status === "cancelled" || request.status === "closed") return refuse(ctx, "not_open");
    if (hasStarted(request, now)) return refuse(ctx, "past");
    if (n < request.acceptedCount) return refuse(ctx, "below_accepted", { acceptedCount: request.acceptedCount });
    const org = await loadMessageOrg(tx, request.organizationId);
    const updated = await setHelpersNeeded(tx, request, n, now);
    await settle(tx, request, updated, now, org);
    const invited = n > request.helpersNeeded ? (await reopenSeats(tx, updated, n - request.helpersNeeded, now, org)).invited : 0;
    await audit(ctx, { from: request.helpersNeeded, to: n, invited });
    return ok({ helpersNeeded: n, status: updated.status === "filled" ? ("filled" as const) : ("open" as const), invited });
  });
}

/** Close early: stop asking although seats may be free; accepted helpers stay. */
export async function closeRequest(db: Db, actor: Actor, requestId: string, opts: ManageOpts = {}): Promise<ManageResult> {
  return withRequest(db, actor, requestId, "request.close", opts, async (ctx) => {
    const { tx, request, now } = ctx;
    if (request.status === "cancelled" || request.status === "closed") return refuse(ctx, "not_open");
    await settle(tx, request, await endRequest(tx, request, "closed", now), now);
    await audit(ctx, { acceptedCount: request.acceptedCount });
    return ok();
  });
}

/** Ask further matching volunteers (those not invited yet). */
export async function askMoreVolunteers(db: Db, actor: Actor, requestId: string, raw: unknown = {}, opts: ManageOpts = {}): Promise<ManageResult<{ invited: number }>> {
  const action = "request.ask_more";
  const parsed = askMoreSchema.safeParse(raw ?? {});
  if (!parsed.success) return rejectInput(db, actor, action, fieldErrorsOf(parsed.error), { ...opts, requestId });
  return withRequest(db, actor, requestId, action, opts, async (ctx) => {
    const { tx, request, now } = ctx;
    if (request.status !== "open") return refuse(ctx, "not_open");
    if (hasStarted(request, now)) return refuse(ctx, "past");
    const { invited, messages } = await inviteMatching(tx, await loadMessageOrg(tx, request.organizationId), request, parsed.data.limit ?? MAX_INVITES_PER_SEND, now);
    await audit(ctx, { invited, messages });
    return ok({ invited });
  });
}

/** A note from the coordinator to every accepted helper. */
export async function messageAcceptedHelpers(db: Db, actor: Actor, requestId: string, raw: unknown, opts: ManageOpts = {}): Promise<ManageResult<{ sent: number }>> {
  const action = "request.message_helpers";
  const parsed = messageToHelpersSchema.safeParse(raw);
  if (!parsed.success) return rejectInput(db, actor, action, fieldErrorsOf(parsed.error), { ...opts, requestId });
  return withRequest(db, actor, requestId, action, opts, async (ctx) => {
    const { tx, request } = ctx;
    if (request.status === "cancelled") return refuse(ctx, "not_open");
    const accepted = await recipientsOf(tx, request.id, { statuses: ["accepted"] });
    if (accepted.length === 0) return refuse(ctx, "no_helpers");
    const org = await loadMessageOrg(tx, request.organizationId);
    const mr = toMessageRequest(request);
    const ids = await enqueueMessages(tx, accepted.flatMap((r) => helperNoteMessages(org, mr, r, parsed.data.text)));
    await audit(ctx, { helpers: accepted.length, messages: ids.length });
    return ok({ sent: accepted.length });
  });
}
