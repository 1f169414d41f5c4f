import type { Db } from "@/db";
import { deny } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { err, type Err, type FieldErrors, type Invalid, type Ok } from "@/lib/result";
import { loadRequest, type LockedRequest } from "./load";
import { isUuid } from "./schema";

/**
 * Authorisation and audit of the coordinator's actions on one request. The edge has proven the
 * Actor (signed in, coordinator or admin); here the request must belong to the actor's
 * organisation. Every outcome is audited like the admin operations: done (`audit`), refused
 * (`refuse`, outcome "denied": another organisation's or a missing request, a finished request)
 * and bad input (`rejectInput`, outcome "invalid").
 */

/** Why an action on a request was refused (snake_case, translated under requests.actions.errors). */
export type Refusal = "not_found" | "not_open" | "past" | "already_cancelled" | "no_helpers" | "no_waves";
export type ManageResult<T extends object = object> = Ok<T> | Err<Refusal> | Err<"below_accepted", { acceptedCount: number }> | Invalid;

/** What the edge passes besides the input. */
export type ManageOpts = { now?: Date; ip?: string | null };

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Ctx = { tx: Tx; actor: Actor; request: LockedRequest; now: Date; ip: string | null; action: string };

/**
 * Runs `fn` in one transaction with the request row locked (the same lock order as answers).
 * A request that is not the actor's organisation's (or does not exist) is "not_found" — audited
 * as refused, with whether it belongs to another organisation.
 */
export async function withRequest<T extends object>(
  db: Db,
  actor: Actor,
  requestId: string,
  action: string,
  opts: ManageOpts,
  fn: (ctx: Ctx) => Promise<ManageResult<T>>,
): Promise<ManageResult<T>> {
  const now = opts.now ?? new Date();
  const ip = opts.ip ?? null;
  return db.transaction(async (tx) => {
    const request = isUuid(requestId) ? await loadRequest(tx, requestId, { lock: true, organizationId: actor.organizationId }) : null;
    if (!request) {
      const foreign = isUuid(requestId) && (await loadRequest(tx, requestId)) !== null;
      await deny(actor, { ip }, action, foreign ? "foreign_object" : "not_found", { type: "request", id: isUuid(requestId) ? requestId : undefined }, tx);
      return err("not_found");
    }
    return fn({ tx, actor, request, now, ip, action });
  });
}

/** The audit entry of a done action. */
export function audit(ctx: Ctx, details?: Record<string, unknown>) {
  return recordAudit(ctx.tx, { organizationId: ctx.actor.organizationId, actorUserId: ctx.actor.userId, actorType: "user", action: ctx.action, objectType: "request", objectId: ctx.request.id, ip: ctx.ip, details });
}

/** A refused action (finished request, fewer than accepted, nobody to tell …): audited, nothing changed. */
export async function refuse<C extends Refusal | "below_accepted", X extends object = object>(ctx: Ctx, code: C, extra?: X): Promise<Err<C, X>> {
  await deny(ctx.actor, { ip: ctx.ip }, ctx.action, code, { type: "request", id: ctx.request.id }, ctx.tx);
  return err(code, extra ?? ({} as X));
}

/** Bad input, found before the request is read: audited with the field names only. */
export async function rejectInput<F extends string>(db: Db, actor: Actor, action: string, fieldErrors: FieldErrors<F>, opts: ManageOpts & { requestId?: string }): Promise<Invalid<F>> {
  const objectId = isUuid(opts.requestId) ? opts.requestId : undefined;
  await recordAudit(db, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action, objectType: "request", objectId, ip: opts.ip ?? null, outcome: "invalid", details: { fields: Object.keys(fieldErrors) } });
  return err("invalid", { fieldErrors });
}
