import type { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import { recordAudit } from "@/lib/audit";
import { actorHasRole, roleAllows, type Actor, type ActorFor, type Role } from "@/lib/auth/guard-types";

/**
 * Shared shape of every coordinator operation: the domain function gets the Actor (or null),
 * checks the role itself, validates with zod, runs one transaction with its audit entry, and
 * returns a typed result. Server actions and route handlers only pass actor, input and IP.
 */
export type AdminCtx = { ip: string | null };
export type Denied = { ok: false; error: "unauthenticated" | "forbidden" };
export type Invalid<F extends string = string> = { ok: false; error: "invalid"; fieldErrors: Partial<Record<F, string>> };

/** Records a refused attempt (invariant 6: refused, nothing changed, audited). */
export async function deny(
  actor: Actor | null,
  ctx: AdminCtx,
  action: string,
  reason: string,
  object?: { type: string; id?: string },
  db?: DbOrTx,
): Promise<Denied> {
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
  return { ok: false, error: actor ? "forbidden" : "unauthenticated" };
}

/**
 * The one role check of the coordinator area: the actor narrowed to what the role proves, or the
 * audited refusal (no session → "unauthenticated", role too low → "forbidden"). The edge wrappers
 * (app/_edge) call it before any domain function runs.
 */
export async function admit<R extends Role>(
  actor: Actor | null,
  required: R,
  ctx: AdminCtx,
  action: string,
): Promise<{ ok: true; actor: ActorFor<R> } | Denied> {
  if (!actor) return deny(null, ctx, action, "no_session");
  if (!actorHasRole(actor, required)) return deny(actor, ctx, action, "role");
  return { ok: true, actor };
}

/** null when the actor may act; otherwise the audited refusal. */
export async function gate(actor: Actor | null, required: Role, ctx: AdminCtx, action: string): Promise<Denied | null> {
  if (!actor) return deny(null, ctx, action, "no_session");
  if (!roleAllows(actor.role, required)) return deny(actor, ctx, action, "role");
  return null;
}

/** Field → first error code (zod messages are our error codes, translated by the page). */
export function fieldErrorsOf<F extends string>(error: z.ZodError): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form") as F;
    if (!out[key]) out[key] = /^[a-z_]+$/.test(issue.message) ? issue.message : "invalid";
  }
  return out;
}

export async function invalid<F extends string>(
  actor: Actor,
  ctx: AdminCtx,
  action: string,
  fieldErrors: Partial<Record<F, string>>,
  object?: { type: string; id?: string },
): Promise<Invalid<F>> {
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
  return { ok: false, error: "invalid", fieldErrors };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
