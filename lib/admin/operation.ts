import type { z } from "zod";
import { getDb, type DbOrTx, type Tx } from "@/db";
import { recordAudit } from "@/lib/audit";
import { actorHasRole, type Actor, type ActorFor, type Role } from "@/lib/auth/guard-types";
import { err, fieldErrorsOf, ok, type Denied, type FieldErrors, type Invalid, type Ok } from "@/lib/result";

/**
 * The shape of every coordinator operation. The edge (app/_edge) admits the actor (`admit`: role
 * checked, refusal audited) and passes the narrowed, non-null `Actor`; the domain function runs
 * `operation()`: validate with zod (invalid input audited) → one transaction that records its own
 * audit entry → a typed result. Objects of another organisation are refused and audited as denied.
 */
export type AdminCtx = { ip: string | null };
export type { Denied, Invalid };
export type AuditObject = { type: string; id?: string };

/** Records a refused attempt (invariant 6: refused, nothing changed, audited). */
export async function deny(actor: Actor | null, ctx: AdminCtx, action: string, reason: string, object?: AuditObject, db?: DbOrTx): Promise<Denied> {
  await recordAudit(db ?? (await getDb()), {
    organizationId: actor?.organizationId ?? null,
    actorUserId: actor?.userId ?? null,
    actorType: "user",
    action,
    objectType: object?.type,
    objectId: object?.id,
    ip: ctx.ip,
    outcome: "denied",
    details: { reason },
  });
  return err(actor ? "forbidden" : "unauthenticated");
}

/**
 * The one role check of the coordinator area: the actor narrowed to what the role proves, or the
 * audited refusal (no session → "unauthenticated", role too low → "forbidden"). The edge wrappers
 * call it before any domain function runs.
 */
export async function admit<R extends Role>(actor: Actor | null, required: R, ctx: AdminCtx, action: string): Promise<{ ok: true; actor: ActorFor<R> } | Denied> {
  if (!actor) return deny(null, ctx, action, "no_session");
  if (!actorHasRole(actor, required)) return deny(actor, ctx, action, "role");
  return { ok: true, actor };
}

/** Records invalid input (field names only) and returns it as the result. */
export async function invalid<F extends string>(actor: Actor, ctx: AdminCtx, action: string, fieldErrors: FieldErrors<F>, object?: AuditObject): Promise<Invalid<F>> {
  await recordAudit(await getDb(), {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    actorType: "user",
    action,
    objectType: object?.type,
    objectId: object?.id,
    ip: ctx.ip,
    outcome: "invalid",
    details: { fields: Object.keys(fieldErrors) },
  });
  return err("invalid", { fieldErrors });
}

/** What an operation's transaction answers instead of success; `operation()` audits it after the rollback-free return. */
export type Refusal<F extends string = string> =
  | { refused: "foreign_object"; object: AuditObject }
  | { refused: "invalid"; fieldErrors: FieldErrors<F>; object?: AuditObject };

/** An id of another organisation (a tampered form): refused like a missing role. */
export function foreignObject(object: AuditObject): Refusal<never> {
  return { refused: "foreign_object", object };
}
/** Input that is well-formed but not acceptable now (a name taken, the last admin). */
export function rejected<F extends string>(fieldErrors: FieldErrors<F>, object?: AuditObject): Refusal<F> {
  return { refused: "invalid", fieldErrors, object };
}

export type Operation<S extends z.ZodType> = {
  /** the audited action name, e.g. "member.invite" */
  action: string;
  schema: S;
  /** the object an invalid submission is recorded against (when the raw input names one) */
  objectOfInvalid?: (raw: unknown) => AuditObject | undefined;
};

/** Records the change inside the operation's transaction (actor, action and IP filled in). */
export type AuditChange = (object: AuditObject, details?: Record<string, unknown>) => Promise<void>;

/** One transaction for an admitted actor; `audit(object, details)` records the change inside it. */
export async function auditedTransaction<T>(actor: Actor, ctx: AdminCtx, action: string, body: (tx: Tx, audit: AuditChange) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction((tx) =>
    body(tx, (object, details) =>
      recordAudit(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorType: "user",
        action,
        objectType: object.type,
        objectId: object.id,
        ip: ctx.ip,
        details,
      }),
    ),
  );
}

/**
 * validate → one transaction → audit, for an admitted actor. `body` gets the transaction, the
 * parsed input and `audit(object, details)`, and returns the success payload or a `Refusal`
 * (audited after the transaction: denied for a foreign object, invalid for rejected input).
 */
export async function operation<S extends z.ZodType, T extends object, F extends string = string>(
  actor: Actor,
  ctx: AdminCtx,
  op: Operation<S>,
  input: unknown,
  body: (tx: Tx, data: z.output<S>, audit: AuditChange) => Promise<T | Refusal<F>>,
): Promise<Ok<T> | Denied | Invalid<F>> {
  const parsed = op.schema.safeParse(input);
  if (!parsed.success) return invalid(actor, ctx, op.action, fieldErrorsOf<F>(parsed.error), op.objectOfInvalid?.(input));
  const outcome = await auditedTransaction(actor, ctx, op.action, (tx, audit) => body(tx, parsed.data, audit));
  if ("refused" in outcome) {
    if (outcome.refused === "foreign_object") return deny(actor, ctx, op.action, "foreign_object", outcome.object);
    return invalid(actor, ctx, op.action, outcome.fieldErrors, outcome.object);
  }
  return ok(outcome);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
