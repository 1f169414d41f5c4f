"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { adminAction } from "@/app/_edge/actions";
import { getDb } from "@/db";
import type { ActionState } from "@/lib/http/action-state";
import { err, ok } from "@/lib/result";
import { cancelShiftPlan } from "@/lib/shifts/cancel";
import { createShiftPlan } from "@/lib/shifts/create";
import { MAX_SLOTS } from "@/lib/shifts/limits";
import { intentOf, shiftPlanRawFromFormData, type ShiftPlanRaw } from "@/lib/shifts/schema";

/** What the shift-plan form shows again: what was typed, the rows after "add" / "remove". */
export type ShiftPlanFormState = ActionState<ShiftPlanRaw>;

/** The typed plan with the row change of the pressed button applied (add: one more empty row; remove: that row gone). */
function rowsAfterIntent(fd: FormData): ShiftPlanRaw {
  const raw = shiftPlanRawFromFormData(fd);
  const intent = intentOf(fd);
  const slots = raw.slots ?? [];
  if (intent.kind === "add" && slots.length < MAX_SLOTS) return { ...raw, slots: [...slots, {}] };
  if (intent.kind === "remove" && slots.length > 1) return { ...raw, slots: slots.filter((_, i) => i !== intent.row) };
  return raw;
}

/**
 * The one form of a plan: "add slot" / "remove slot" only re-render it (plain submit buttons, so
 * they work without JavaScript; nothing is stored); "create" stores the plan, its slots and asks
 * the matching volunteers (lib/shifts/create.ts), then shows the plan's overview.
 */
export const createShiftPlanAction = adminAction(
  (fd) => ({ intent: intentOf(fd), raw: shiftPlanRawFromFormData(fd) }),
  async (actor, { intent, raw }, ctx) => {
    if (intent.kind !== "create") return err("rows");
    const result = await createShiftPlan(await getDb(), actor, raw, { ip: ctx.ip });
    if (!result.ok) return result;
    revalidatePath("/admin/shifts");
    redirect(result.duplicate ? `/admin/shifts/${result.planId}` : `/admin/shifts/${result.planId}?sent=${result.invited}`);
  },
  { action: "shift_plan.create", keep: rowsAfterIntent },
);

export type CancelShiftPlanState = ActionState<Record<string, string>, { notified: number }>;

export const cancelShiftPlanAction = adminAction(
  (fd) => ({ planId: String(fd.get("planId") ?? ""), confirm: fd.get("confirm") ?? undefined, reason: fd.get("reason") ?? undefined }),
  async (actor, { planId, confirm, reason }, ctx) => {
    const r = await cancelShiftPlan(await getDb(), actor, planId, { confirm, reason }, { ip: ctx.ip });
    if (!r.ok) return err(r.error === "invalid" ? (Object.values(r.fieldErrors)[0] ?? "invalid") : r.error);
    return ok({ notified: r.notified });
  },
  { action: "shift_plan.cancel", revalidate: ({ planId }) => `/admin/shifts/${planId}` },
);
