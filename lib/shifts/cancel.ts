import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { deny } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { rejectInput } from "@/lib/requests/access";
import { hasStarted } from "@/lib/requests/lifecycle";
import { cancelRequest } from "@/lib/requests/manage";
import { cancelSchema, isUuid } from "@/lib/requests/schema";
import { err, fieldErrorsOf, ok, type Err, type Invalid, type Ok } from "@/lib/result";

export type CancelShiftPlanResult = Ok<{ cancelledSlots: number; notified: number }> | Err<"not_found" | "already_cancelled" | "past"> | Invalid;

/**
 * Cancels a whole plan (confirmed, with an optional reason) in ONE transaction: the plan row is
 * locked, every slot that has not started is cancelled exactly like a single request
 * (cancelRequest: nobody else asked, queued messages and reminders stopped, accepted helpers
 * told on every channel with the reason — each in a savepoint of this transaction), and the plan's
 * queued "pick your shifts" messages never go out. Another organisation's plan is "not_found".
 */
export async function cancelShiftPlan(db: Db, actor: Actor, planId: string, raw: unknown, opts: { now?: Date; ip?: string | null } = {}): Promise<CancelShiftPlanResult> {
  const action = "shift_plan.cancel";
  const now = opts.now ?? new Date();
  const ip = opts.ip ?? null;
  const parsed = cancelSchema.safeParse(typeof raw === "object" && raw !== null ? raw : {});
  if (!parsed.success) return rejectInput(db, actor, action, fieldErrorsOf(parsed.error), opts);
  const { reason } = parsed.data;
  return db.transaction(async (tx): Promise<CancelShiftPlanResult> => {
    const [plan] = isUuid(planId) ? await tx.select().from(s.shiftPlans).where(and(eq(s.shiftPlans.id, planId), eq(s.shiftPlans.organizationId, actor.organizationId))).for("update") : [];
    const object = { type: "shift_plan", id: isUuid(planId) ? planId : undefined };
    if (!plan) {
      const foreign = isUuid(planId) && (await tx.select({ id: s.shiftPlans.id }).from(s.shiftPlans).where(eq(s.shiftPlans.id, planId))).length > 0;
      await deny(actor, { ip }, action, foreign ? "foreign_object" : "not_found", object, tx);
      return err("not_found");
    }
    if (plan.status === "cancelled") {
      await deny(actor, { ip }, action, "already_cancelled", object, tx);
      return err("already_cancelled");
    }
    const slots = await tx.select().from(s.requests).where(eq(s.requests.shiftPlanId, plan.id)).orderBy(asc(s.requests.startsAt));
    const toCancel = slots.filter((x) => x.status !== "cancelled" && !hasStarted(x, now));
    if (toCancel.length === 0) {
      await deny(actor, { ip }, action, "past", object, tx);
      return err("past");
    }
    let notified = 0;
    for (const slot of toCancel) {
      // a savepoint of this transaction: the single-request cancel, unchanged (same locks, messages, audit)
      const r = await cancelRequest(tx as unknown as Db, actor, slot.id, { confirm: "yes", reason }, { now, ip });
      if (!r.ok) throw new Error(`slot ${slot.id} could not be cancelled: ${r.error}`);
      notified += r.notified;
    }
    await tx.update(s.shiftPlans).set({ status: "cancelled", cancelledAt: now, cancelReason: reason }).where(eq(s.shiftPlans.id, plan.id));
    await tx.update(s.messages).set({ status: "cancelled", lastError: "shift plan cancelled" }).where(and(eq(s.messages.shiftPlanId, plan.id), eq(s.messages.status, "queued")));
    await recordAudit(tx, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action, objectType: "shift_plan", objectId: plan.id, ip, details: { slots: toCancel.length, notified, withReason: reason.length > 0 } });
    return ok({ cancelledSlots: toCancel.length, notified });
  });
}
