"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { adminAction } from "@/app/_edge/actions";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/guard-types";
import { formValues, formValuesWithLists, type ActionState } from "@/lib/http/action-state";
import { createAndSendRequest } from "@/lib/requests/create";
import type { ManageOpts, ManageResult } from "@/lib/requests/access";
import { askMoreVolunteers, cancelRequest, changeHelpersNeeded, closeRequest, messageAcceptedHelpers } from "@/lib/requests/manage";
import { requestEditRawFromFormData, requestRawFromFormData } from "@/lib/requests/schema";
import { deleteTemplate, saveRequestAsTemplate } from "@/lib/requests/templates";
import { updateRequest } from "@/lib/requests/update";
import { updateThisAndFollowing } from "@/lib/series/manage";
import { sendNextWaveNow, stopWaves } from "@/lib/requests/waves";
import { err, ok } from "@/lib/result";

/**
 * Coordinator actions on requests: `adminAction` admits the coordinator (refusals audited under
 * the action's name, invariant 6) → one lib function → a typed state for useActionState. Work
 * before JavaScript loads (plain form posts).
 */

/** What was typed, so the form keeps it ("languages" is a checkbox group). */
export type CreateRequestState = ActionState<Record<string, string | string[]>>;

export const createRequestAction = adminAction(
  requestRawFromFormData,
  async (actor, raw, ctx) => {
    const result = await createAndSendRequest(await getDb(), actor, raw, { ip: ctx.ip });
    if (!result.ok) return result;
    revalidatePath("/admin/requests");
    // a repeated submission of the same form lands on the request the first one created
    redirect(result.duplicate ? `/admin/requests/${result.requestId}` : `/admin/requests/${result.requestId}?sent=${result.invited}`);
  },
  { action: "request.create", keep: (fd) => formValuesWithLists(fd, ["languages"]) },
);

export type UpdateRequestState = ActionState<Record<string, string>, { occurrenceDate: string; reason: string }>;

/** Edit a sent request: the board on success (`?edited=` how many helpers are told), else the form with what was typed. */
export const updateRequestAction = adminAction(
  (fd) => ({ requestId: String(fd.get("requestId") ?? ""), raw: requestEditRawFromFormData(fd), following: fd.get("scope") === "following" }),
  async (actor, { requestId, raw, following }, ctx) => {
    if (following) {
      // an occurrence of a series: the same change for this and every later date (lib/series/manage.ts)
      const result = await updateThisAndFollowing(await getDb(), actor, requestId, raw, { ip: ctx.ip });
      if (!result.ok) return result;
      revalidatePath("/admin/requests", "layout");
      redirect(`/admin/requests/${requestId}?edited=${result.notified}`);
    }
    const result = await updateRequest(await getDb(), actor, requestId, raw, { ip: ctx.ip });
    if (!result.ok) return result;
    revalidatePath(`/admin/requests/${requestId}`);
    redirect(`/admin/requests/${requestId}?edited=${result.changed.length === 0 ? "none" : result.notified}`);
  },
  { action: "request.update", keep: (fd) => formValues(fd) },
);

/** The state of the board's action forms: the success `code` and a `count`; on failure `error` (a code the page translates) and `count`. */
export type ManageState = ActionState<Record<string, string>, { code: string; count: number }>;

type Outcome = ManageResult<{ notified?: number; invited?: number; sent?: number }>;

/**
 * One board action: the request id from the form, the domain call (with the client IP for its
 * audit entry), and the code the page shows on success. A form has one error line: an invalid
 * field shows its code (e.g. helpers_range), "below_accepted" how many have accepted.
 */
function manageAction(action: string, code: string, run: (actor: Actor, requestId: string, fd: FormData, opts: ManageOpts) => Promise<Outcome>) {
  return adminAction(
    (fd) => ({ requestId: String(fd.get("requestId") ?? ""), fd }),
    async (actor, { requestId, fd }, ctx) => {
      const r = await run(actor, requestId, fd, { ip: ctx.ip });
      if (!r.ok) return err(r.error === "invalid" ? (Object.values(r.fieldErrors)[0] ?? "invalid") : r.error, { count: "acceptedCount" in r ? r.acceptedCount : undefined });
      return ok({ code, count: r.notified ?? r.invited ?? r.sent });
    },
    { action, revalidate: ({ requestId }) => `/admin/requests/${requestId}` },
  );
}

export const cancelRequestAction = manageAction("request.cancel", "cancelled", async (actor, id, fd, opts) =>
  cancelRequest(await getDb(), actor, id, { confirm: fd.get("confirm") ?? undefined, reason: fd.get("reason") ?? undefined }, opts),
);
export const changeHelpersAction = manageAction("request.change_helpers", "helpersChanged", async (actor, id, fd, opts) =>
  changeHelpersNeeded(await getDb(), actor, id, { helpersNeeded: fd.get("helpersNeeded") }, opts),
);
export const closeRequestAction = manageAction("request.close", "closed", async (actor, id, _fd, opts) => closeRequest(await getDb(), actor, id, opts));
export const askMoreAction = manageAction("request.ask_more", "askedMore", async (actor, id, fd, opts) =>
  askMoreVolunteers(await getDb(), actor, id, { limit: fd.get("limit") || undefined }, opts),
);
export const messageHelpersAction = manageAction("request.message_helpers", "messageSent", async (actor, id, fd, opts) =>
  messageAcceptedHelpers(await getDb(), actor, id, { text: fd.get("text") }, opts),
);
export const sendNextWaveAction = manageAction("request.wave_now", "waveSent", async (actor, id, _fd, opts) => sendNextWaveNow(await getDb(), actor, id, opts));
export const stopWavesAction = manageAction("request.stop_waves", "wavesStopped", async (actor, id, _fd, opts) => stopWaves(await getDb(), actor, id, opts));

/** Templates: the saved name comes back on success so the form can say what was saved. */
export type TemplateState = ActionState<Record<string, string>, { templateId: string; name: string }>;

/** Save the board's request as a named template (listed on the new-request page). */
export const saveTemplateAction = adminAction(
  (fd) => ({ requestId: String(fd.get("requestId") ?? ""), name: String(fd.get("name") ?? "") }),
  async (actor, input, ctx) => saveRequestAsTemplate(actor, input, { ip: ctx.ip }),
  { action: "request.template_save", revalidate: "/admin/requests/new", keepOnSuccess: true },
);

/** Delete a template of the coordinator's organisation (another organisation's is refused and audited). */
export const deleteTemplateAction = adminAction(
  (fd) => ({ templateId: String(fd.get("templateId") ?? "") }),
  async (actor, input, ctx) => deleteTemplate(actor, input, { ip: ctx.ip }),
  { action: "request.template_delete", revalidate: "/admin/requests/new" },
);
