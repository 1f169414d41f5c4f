import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { rejectInput } from "@/lib/requests/access";
import { generateShortCode } from "@/lib/requests/create";
import { criteriaOf } from "@/lib/requests/invite";
import { MAX_INVITES_PER_SEND } from "@/lib/requests/limits";
import { loadMessageOrg, loadRequest, type LockedRequest } from "@/lib/requests/load";
import { matchVolunteers, type MatchedVolunteer } from "@/lib/requests/matching";
import { responseTokenHash } from "@/lib/requests/tokens";
import { ok, type Invalid, type Ok } from "@/lib/result";
import { shiftInvitationMessages } from "./messages";
import { parseShiftPlan, slotField } from "./schema";
import { shiftToken, shiftTokenHash } from "./tokens";

export type CreateShiftPlanResult = Ok<{ planId: string; slots: number; invited: number; messages: number; duplicate?: boolean }> | Invalid;

/**
 * Creates a shift plan and asks for it once, in ONE transaction: the plan, one ordinary request
 * per slot (requests.shift_plan_id; its own activity, time, helpers needed, answers and board),
 * per slot the matching volunteers' invitations (lib/requests/matching.ts, per the slot's
 * activity, weekday and part of day), and per volunteer asked ONE plan invite with ONE message
 * (per channel) whose link lists the slots they match. Nothing exists unless all of it does.
 *
 * Slot requests never tell the unanswered "already filled" (notify_pending_when_filled off):
 * the slot page shows it, and one message per filled slot to everyone asked would be noise.
 */
export async function createShiftPlan(db: Db, actor: Actor, raw: unknown, opts: { now?: Date; ip?: string | null } = {}): Promise<CreateShiftPlanResult> {
  const action = "shift_plan.create";
  const now = opts.now ?? new Date();
  const org = await loadMessageOrg(db, actor.organizationId);
  const parsed = parseShiftPlan(raw, { timeZone: org.timeZone, now });
  if (!parsed.ok) return rejectInput(db, actor, action, parsed.fieldErrors, opts);
  const input = parsed.data;
  // every activity must be the organisation's and active (another organisation's id is unknown here)
  const ids = Array.from(new Set(input.slots.map((x) => x.activityId)));
  const known = new Set(
    (await db.select({ id: s.activities.id }).from(s.activities).where(and(eq(s.activities.organizationId, actor.organizationId), eq(s.activities.active, true), inArray(s.activities.id, ids)))).map((a) => a.id),
  );
  const unknown = Object.fromEntries(input.slots.filter((x) => !known.has(x.activityId)).map((x) => [slotField(x.row, "activityId"), "activity_unknown"]));
  if (Object.keys(unknown).length > 0) return rejectInput(db, actor, action, unknown, opts);

  return db.transaction(async (tx): Promise<CreateShiftPlanResult> => {
    if (input.submissionKey) {
      // the same form sent twice: serialise on the key and answer with the plan the first one created
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${actor.organizationId}:shift:${input.submissionKey}`}))`);
      const [existing] = await tx.select({ id: s.shiftPlans.id }).from(s.shiftPlans).where(and(eq(s.shiftPlans.organizationId, actor.organizationId), eq(s.shiftPlans.submissionKey, input.submissionKey)));
      if (existing) return ok({ planId: existing.id, slots: 0, invited: 0, messages: 0, duplicate: true });
    }
    const [plan] = await tx
      .insert(s.shiftPlans)
      .values({ organizationId: actor.organizationId, title: input.title, day: input.day, place: input.place, details: input.details, createdBy: actor.userId, submissionKey: input.submissionKey, createdAt: now })
      .returning();

    const slots: LockedRequest[] = [];
    for (const slot of input.slots) {
      let created: { id: string } | undefined;
      for (let attempt = 0; !created; attempt++) {
        if (attempt >= 20) throw new Error("no free short code");
        [created] = await tx
          .insert(s.requests)
          .values({
            organizationId: actor.organizationId,
            activityId: slot.activityId,
            shortCode: generateShortCode(attempt < 10 ? 4 : 5),
            title: input.title,
            details: input.details,
            place: input.place,
            startsAt: slot.startsAt,
            endsAt: slot.endsAt,
            helpersNeeded: slot.helpersNeeded,
            notifyPendingWhenFilled: false,
            createdBy: actor.userId,
            shiftPlanId: plan.id,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: [s.requests.organizationId, s.requests.shortCode] })
          .returning({ id: s.requests.id });
      }
      slots.push((await loadRequest(tx, created.id))!);
    }

    // per slot its matches; per volunteer the slots they match
    const byVolunteer = new Map<string, { volunteer: MatchedVolunteer; slots: LockedRequest[] }>();
    const invitations: { id: string; requestId: string; volunteerId: string; tokenHash: string }[] = [];
    for (const slot of slots) {
      for (const v of await matchVolunteers(tx, actor.organizationId, criteriaOf(slot, org.timeZone), { limit: MAX_INVITES_PER_SEND, now })) {
        const entry = byVolunteer.get(v.id) ?? { volunteer: v, slots: [] };
        entry.slots.push(slot);
        byVolunteer.set(v.id, entry);
        const id = crypto.randomUUID();
        invitations.push({ id, requestId: slot.id, volunteerId: v.id, tokenHash: responseTokenHash(id) });
      }
    }
    for (let i = 0; i < invitations.length; i += 1000) {
      await tx.insert(s.invitations).values(invitations.slice(i, i + 1000).map((x) => ({ ...x, status: "pending" as const, wave: 1, askedAt: now })));
    }
    const invites = [...byVolunteer.values()].map((e) => ({ ...e, inviteId: crypto.randomUUID() }));
    for (let i = 0; i < invites.length; i += 1000) {
      await tx.insert(s.shiftPlanInvites).values(invites.slice(i, i + 1000).map((e) => ({ id: e.inviteId, planId: plan.id, volunteerId: e.volunteer.id, tokenHash: shiftTokenHash(e.inviteId), createdAt: now })));
    }
    if (invites.length > 0) {
      await tx.update(s.volunteers).set({ lastAskedAt: now }).where(inArray(s.volunteers.id, invites.map((e) => e.volunteer.id)));
    }
    const messageIds = await enqueueMessages(
      tx,
      invites.flatMap((e) =>
        shiftInvitationMessages(org, plan, e.slots, { volunteerId: e.volunteer.id, firstName: e.volunteer.firstName, email: e.volunteer.email, phone: e.volunteer.phone, telegramChatId: e.volunteer.telegramChatId, whatsappPhone: e.volunteer.whatsappPhone, locale: e.volunteer.locale, channels: e.volunteer.channels }, shiftToken(e.inviteId)),
      ),
    );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorType: "user",
      action,
      objectType: "shift_plan",
      objectId: plan.id,
      ip: opts.ip ?? null,
      details: { slots: slots.length, invited: invites.length, invitations: invitations.length, messages: messageIds.length },
    });
    return ok({ planId: plan.id, slots: slots.length, invited: invites.length, messages: messageIds.length });
  });
}
