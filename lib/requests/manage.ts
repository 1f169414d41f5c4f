import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { inviteMatching, loadMessageOrg, loadRequest, recipientsOf, toMessageRequest, type LockedRequest } from "./internal";
import { cancellationMessages, helperNoteMessages } from "./messages";
import { reopenSearch, stopAsking } from "./respond";
import { askMoreSchema, helpersNeededSchema, isUuid, MAX_INVITES_PER_SEND, messageToHelpersSchema } from "./schema";

/**
 * The coordinator's actions on one request. Each takes the actor, only finds requests of the
 * actor's organisation (another organisation's request is "not_found"), locks the request row
 * first and does everything — status, invitations, messages, audit — in one transaction.
 */

export type ManageError = "not_found" | "invalid" | "not_open" | "past" | "already_cancelled" | "below_accepted" | "no_helpers";
export type ManageResult<T = object> = ({ ok: true } & T) | { ok: false; error: ManageError; field?: string; code?: string; acceptedCount?: number };

export type Ctx = { tx: Parameters<Parameters<Db["transaction"]>[0]>[0]; request: LockedRequest; now: Date };

export async function withRequest<R>(db: Db, actor: Actor, requestId: string, now: Date, fn: (ctx: Ctx) => Promise<R>): Promise<R | { ok: false; error: "not_found" }> {
  if (!isUuid(requestId)) return { ok: false, error: "not_found" };
  return db.transaction(async (tx) => {
    const request = await loadRequest(tx, requestId, { lock: true, organizationId: actor.organizationId });
    if (!request) return { ok: false as const, error: "not_found" as const };
    return fn({ tx, request, now });
  });
}

export const audit = (ctx: Ctx, actor: Actor, action: string, details?: Record<string, unknown>) =>
  recordAudit(ctx.tx, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action, objectType: "request", objectId: ctx.request.id, details });

const isPast = (r: LockedRequest, now: Date) => now.getTime() >= r.startsAt.getTime();

/** Cancel: nobody else is asked, queued invitations are cancelled, accepted helpers are told. */
export async function cancelRequest(db: Db, actor: Actor, requestId: string, opts: { reason?: string; now?: Date } = {}): Promise<ManageResult<{ notified: number }>> {
  const now = opts.now ?? new Date();
  const reason = (opts.reason ?? "").trim().slice(0, 500);
  return withRequest(db, actor, requestId, now, async (ctx): Promise<ManageResult<{ notified: number }>> => {
    const { tx, request } = ctx;
    if (request.status === "cancelled") return { ok: false, error: "already_cancelled" };
    if (isPast(request, now)) return { ok: false, error: "past" };
    await tx.update(s.requests).set({ status: "cancelled", cancelledAt: now, updatedAt: now, nextWaveAt: null }).where(eq(s.requests.id, request.id));
    const org = await loadMessageOrg(tx, request.organizationId);
    await stopAsking(tx, org, request, now, "cancelled");
    const accepted = await recipientsOf(tx, request.id, { statuses: ["accepted"] });
    const mr = toMessageRequest(request);
    const ids = await enqueueMessages(tx, accepted.flatMap((r) => cancellationMessages(org, mr, r, reason)));
    await audit(ctx, actor, "request.cancel", { notifiedHelpers: accepted.length, messages: ids.length });
    return { ok: true, notified: accepted.length };
  });
}

/**
 * Change how many helpers are needed. Fewer than already accepted is refused; fewer or equal to
 * the accepted count fills the request (and stops asking); more reopens a filled request and asks
 * further matching volunteers.
 */
export async function changeHelpersNeeded(db: Db, actor: Actor, requestId: string, raw: unknown, opts: { now?: Date } = {}): Promise<ManageResult<{ helpersNeeded: number; status: s.Request["status"]; invited: number }>> {
  const now = opts.now ?? new Date();
  const parsed = helpersNeededSchema.safeParse(typeof raw === "object" && raw !== null ? raw : { helpersNeeded: raw });
  if (!parsed.success) return { ok: false, error: "invalid", field: "helpersNeeded", code: "helpersRange" };
  const n = parsed.data.helpersNeeded;
  return withRequest(db, actor, requestId, now, async (ctx): Promise<ManageResult<{ helpersNeeded: number; status: s.Request["status"]; invited: number }>> => {
    const { tx, request } = ctx;
    if (request.status === "cancelled" || request.status === "closed") return { ok: false, error: "not_open" };
    if (isPast(request, now)) return { ok: false, error: "past" };
    if (n < request.acceptedCount) return { ok: false, error: "below_accepted", acceptedCount: request.acceptedCount };
    const filled = request.acceptedCount >= n;
    const status = filled ? "filled" : "open";
    await tx
      .update(s.requests)
      .set({ helpersNeeded: n, status, filledAt: filled ? (request.filledAt ?? now) : null, updatedAt: now })
      .where(eq(s.requests.id, request.id));
    const updated: LockedRequest = { ...request, helpersNeeded: n, status };
    const org = await loadMessageOrg(tx, request.organizationId);
    let invited = 0;
    if (filled && request.status === "open") await stopAsking(tx, org, updated, now, "filled");
    if (!filled) {
      if (request.status === "filled") await reopenSearch(tx, updated, now);
      if (n > request.helpersNeeded) invited = (await inviteMatching(tx, org, updated, MAX_INVITES_PER_SEND, now)).invited;
    }
    await audit(ctx, actor, "request.change_helpers", { from: request.helpersNeeded, to: n, invited });
    return { ok: true, helpersNeeded: n, status, invited };
  });
}

/** Close early: stop asking although seats may be free; accepted helpers stay. */
export async function closeRequest(db: Db, actor: Actor, requestId: string, opts: { now?: Date } = {}): Promise<ManageResult> {
  const now = opts.now ?? new Date();
  return withRequest(db, actor, requestId, now, async (ctx): Promise<ManageResult> => {
    const { tx, request } = ctx;
    if (request.status === "cancelled" || request.status === "closed") return { ok: false, error: "not_open" };
    await tx.update(s.requests).set({ status: "closed", closedAt: now, updatedAt: now, nextWaveAt: null }).where(eq(s.requests.id, request.id));
    await stopAsking(tx, await loadMessageOrg(tx, request.organizationId), request, now, "closed");
    await audit(ctx, actor, "request.close", { acceptedCount: request.acceptedCount });
    return { ok: true };
  });
}

/** Ask further matching volunteers (those not invited yet). */
export async function askMoreVolunteers(db: Db, actor: Actor, requestId: string, raw: unknown = {}, opts: { now?: Date } = {}): Promise<ManageResult<{ invited: number }>> {
  const now = opts.now ?? new Date();
  const parsed = askMoreSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: "invalid", field: "limit", code: "inviteLimitRange" };
  return withRequest(db, actor, requestId, now, async (ctx): Promise<ManageResult<{ invited: number }>> => {
    const { tx, request } = ctx;
    if (request.status !== "open") return { ok: false, error: "not_open" };
    if (isPast(request, now)) return { ok: false, error: "past" };
    const { invited, messages } = await inviteMatching(tx, await loadMessageOrg(tx, request.organizationId), request, parsed.data.limit ?? MAX_INVITES_PER_SEND, now);
    await audit(ctx, actor, "request.ask_more", { invited, messages });
    return { ok: true, invited };
  });
}

/** A note from the coordinator to every accepted helper. */
export async function messageAcceptedHelpers(db: Db, actor: Actor, requestId: string, raw: unknown, opts: { now?: Date } = {}): Promise<ManageResult<{ sent: number }>> {
  const now = opts.now ?? new Date();
  const parsed = messageToHelpersSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", field: "text", code: parsed.error.issues[0]?.message ?? "required" };
  return withRequest(db, actor, requestId, now, async (ctx): Promise<ManageResult<{ sent: number }>> => {
    const { tx, request } = ctx;
    if (request.status === "cancelled") return { ok: false, error: "not_open" };
    const accepted = await recipientsOf(tx, request.id, { statuses: ["accepted"] });
    if (accepted.length === 0) return { ok: false, error: "no_helpers" };
    const org = await loadMessageOrg(tx, request.organizationId);
    const mr = toMessageRequest(request);
    const ids = await enqueueMessages(tx, accepted.flatMap((r) => helperNoteMessages(org, mr, r, parsed.data.text)));
    await audit(ctx, actor, "request.message_helpers", { helpers: accepted.length, messages: ids.length });
    return { ok: true, sent: accepted.length };
  });
}
