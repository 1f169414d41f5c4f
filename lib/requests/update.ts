import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { deny } from "@/lib/admin/operation";
import type { Actor } from "@/lib/auth/guard-types";
import { recordAudit } from "@/lib/audit";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { err, ok, type Err, type Invalid, type Ok } from "@/lib/result";
import { urls } from "@/lib/urls";
import { audit, refuse, rejectInput, withRequest, type ManageOpts, type Refusal } from "./access";
import { notifyCoordinators } from "./coordinator-notices";
import { hasStarted, setHelpersNeeded, settle } from "./lifecycle";
import { reopenSeats } from "./reopen";
import { loadMessageOrg, toMessageRequest, type LockedRequest } from "./load";
import { requestChangedMessages, type RequestChange } from "./messages";
import { recipientsOf } from "./recipients";
import { parseRequestEdit, type RequestEdit, type RequestEditField } from "./schema";
import { responseToken } from "./tokens";

export type UpdateRequestResult =
  | Ok<{ changed: RequestChange[]; revision: number; notified: number; reconfirm: boolean }>
  | Err<Refusal>
  | Err<"stale_revision", { revision: number }>
  | Invalid<RequestEditField>;

const TEXT_FIELDS = ["title", "details", "place", "meetingPoint", "contactName", "contactPhone", "whatToBring"] as const;

/** What an edit changes, by field ("time" when start or end moved). */
function changesOf(before: LockedRequest, next: RequestEdit): RequestChange[] {
  const out: RequestChange[] = [];
  if (before.startsAt.getTime() !== next.startsAt.getTime() || before.endsAt.getTime() !== next.endsAt.getTime()) out.push("time");
  for (const k of TEXT_FIELDS) if (before[k] !== next[k]) out.push(k);
  if (before.helpersNeeded !== next.helpersNeeded) out.push("helpersNeeded");
  return out;
}

/**
 * Edit a sent request (title, details, place, start/end, helpers needed, briefing), in ONE
 * transaction with the request row locked first (the same lock order as answers):
 * - the form carries the revision it was rendered from; another revision is refused
 *   ("stale_revision", audited) — so a replayed or outdated form changes nothing twice;
 * - bad input (end before start, start in the past, fewer helpers than accepted) is a field
 *   error: nothing is changed or sent;
 * - another organisation's request, a cancelled, closed or started one is refused and audited;
 * - the revision goes up by one; accepted helpers are told what changed on every channel they
 *   are reached on (the e-mail with the updated calendar entry: same UID, SEQUENCE = revision);
 *   when the time moved they are asked to confirm they can still come (keep / withdraw on their
 *   response page); the unanswered see the new data behind their links;
 * - helpers needed goes through the lifecycle: as many as accepted fills the request (and stops
 *   asking), more reopens a filled request (`settle` → `reopenSearch`: the unanswered can answer
 *   again) and asks the next matching volunteers for the new seats (`reopenSeats`).
 * - the audit entry has the changed fields; times and numbers with from/to.
 */
export async function updateRequest(db: Db, actor: Actor, requestId: string, raw: unknown, opts: ManageOpts = {}): Promise<UpdateRequestResult> {
  const action = "request.update";
  const now = opts.now ?? new Date();
  const org = await loadMessageOrg(db, actor.organizationId);
  const parsed = parseRequestEdit(raw, { timeZone: org.timeZone, now });
  if (!parsed.ok) return rejectInput(db, actor, action, parsed.fieldErrors, { ...opts, requestId });
  const next = parsed.data;
  const result = await withRequest<{ changed: RequestChange[]; revision: number; notified: number; reconfirm: boolean }>(db, actor, requestId, action, { ...opts, now }, async (ctx) => {
    const { tx, request } = ctx;
    if (request.status === "cancelled" || request.status === "closed") return refuse(ctx, "not_open");
    if (hasStarted(request, now)) return refuse(ctx, "past");
    if (next.revision !== request.revision) {
      // a replayed form, or one rendered before someone else's edit: nothing is changed twice
      await deny(actor, { ip: ctx.ip }, action, "stale_revision", { type: "request", id: request.id }, tx);
      return err("stale_revision", { revision: request.revision }) as never;
    }
    if (next.helpersNeeded < request.acceptedCount) {
      await recordAudit(tx, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action, objectType: "request", objectId: request.id, ip: ctx.ip, outcome: "invalid", details: { fields: ["helpersNeeded"] } });
      return err("invalid", { fieldErrors: { helpersNeeded: "below_accepted" } }) as never;
    }
    const changed = changesOf(request, next);
    if (changed.length === 0) return ok({ changed, revision: request.revision, notified: 0, reconfirm: false });
    const revision = request.revision + 1;
    await tx
      .update(s.requests)
      .set({
        title: next.title,
        details: next.details,
        place: next.place,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
        meetingPoint: next.meetingPoint,
        contactName: next.contactName,
        contactPhone: next.contactPhone,
        whatToBring: next.whatToBring,
        revision,
        updatedAt: now,
      })
      .where(eq(s.requests.id, request.id));
    let after: LockedRequest = { ...request, ...next, revision, updatedAt: now };
    if (next.helpersNeeded !== request.helpersNeeded) {
      after = await setHelpersNeeded(tx, after, next.helpersNeeded, now);
      await settle(tx, request, after, now, org);
    }
    // more seats than before: the next matching volunteers are asked (the reopened-seat rule)
    const invited = next.helpersNeeded > request.helpersNeeded ? (await reopenSeats(tx, after, next.helpersNeeded - request.helpersNeeded, now, org)).invited : 0;
    const reconfirm = changed.includes("time");
    if (reconfirm) {
      await tx
        .update(s.invitations)
        .set({ reconfirmRequestedAt: now, reconfirmedAt: null })
        .where(and(eq(s.invitations.requestId, request.id), eq(s.invitations.status, "accepted")));
    }
    // only what a helper notices: the number of helpers needed is the coordinator's business
    const told = changed.filter((c) => c !== "helpersNeeded");
    const accepted = told.length > 0 ? await recipientsOf(tx, request.id, { statuses: ["accepted"] }) : [];
    const mr = toMessageRequest(after);
    const ids = await enqueueMessages(tx, accepted.flatMap((to) => requestChangedMessages(org, mr, to, told, { reconfirm, link: urls.response(responseToken(to.invitationId)), now })));
    await audit(ctx, {
      revision,
      changed,
      ...(reconfirm ? { startsAt: { from: request.startsAt.toISOString(), to: next.startsAt.toISOString() }, endsAt: { from: request.endsAt.toISOString(), to: next.endsAt.toISOString() } } : {}),
      ...(changed.includes("helpersNeeded") ? { helpersNeeded: { from: request.helpersNeeded, to: next.helpersNeeded } } : {}),
      notifiedHelpers: accepted.length,
      messages: ids.length,
      invited,
      coordinatorMessages: await notifyCoordinators(tx, { kind: "changed", requestId: request.id, byUserId: actor.userId, now }),
    });
    return ok({ changed, revision, notified: accepted.length, reconfirm });
  });
  return result as UpdateRequestResult;
}
