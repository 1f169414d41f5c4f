import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { LocalizedTexts } from "@/lib/activities/names";
import type { Actor } from "@/lib/auth/guard-types";
import { requestState } from "@/lib/requests/lifecycle";
import { isUuid } from "@/lib/requests/schema";
import { addDays, toLocalInput } from "@/lib/time-zone";
import type { ShiftPlanRaw } from "./schema";

/** The coordinators' reads of shift plans (organisation-scoped: another organisation's plan is null). */

export type PlanListRow = { id: string; title: string; day: string; place: string; status: s.ShiftPlan["status"]; slots: number; needed: number; accepted: number };

export async function listShiftPlans(db: DbOrTx, organizationId: string): Promise<PlanListRow[]> {
  const rows = await db
    .select({
      id: s.shiftPlans.id,
      title: s.shiftPlans.title,
      day: s.shiftPlans.day,
      place: s.shiftPlans.place,
      status: s.shiftPlans.status,
      slots: sql<number>`count(${s.requests.id})::int`,
      needed: sql<number>`coalesce(sum(${s.requests.helpersNeeded}), 0)::int`,
      accepted: sql<number>`coalesce(sum(${s.requests.acceptedCount}), 0)::int`,
    })
    .from(s.shiftPlans)
    .leftJoin(s.requests, eq(s.requests.shiftPlanId, s.shiftPlans.id))
    .where(eq(s.shiftPlans.organizationId, organizationId))
    .groupBy(s.shiftPlans.id)
    .orderBy(desc(s.shiftPlans.day), desc(s.shiftPlans.createdAt))
    .limit(200);
  return rows.map((r) => ({ ...r, slots: Number(r.slots), needed: Number(r.needed), accepted: Number(r.accepted) }));
}

export type PlanOverview = {
  plan: { id: string; title: string; day: string; place: string; details: string; status: s.ShiftPlan["status"]; cancelReason: string; timeZone: string };
  invited: number;
  slots: {
    id: string;
    activityId: string;
    startsAt: Date;
    endsAt: Date;
    activityNameDe: string;
    activityNameEn: string;
    activityNames: LocalizedTexts;
    helpersNeeded: number;
    acceptedCount: number;
    asked: number;
    state: "open" | "filled" | "cancelled" | "closed" | "past";
  }[];
};

export async function getShiftPlanOverview(db: DbOrTx, actor: Actor, planId: string, now = new Date()): Promise<PlanOverview | null> {
  if (!isUuid(planId)) return null;
  const [plan] = await db
    .select({ plan: s.shiftPlans, timeZone: s.organizations.timeZone })
    .from(s.shiftPlans)
    .innerJoin(s.organizations, eq(s.organizations.id, s.shiftPlans.organizationId))
    .where(and(eq(s.shiftPlans.id, planId), eq(s.shiftPlans.organizationId, actor.organizationId)));
  if (!plan) return null;
  const slots = await db
    .select({
      id: s.requests.id,
      activityId: s.requests.activityId,
      startsAt: s.requests.startsAt,
      endsAt: s.requests.endsAt,
      status: s.requests.status,
      activityNameDe: s.activities.nameDe,
      activityNameEn: s.activities.nameEn,
      activityNames: s.activities.names,
      helpersNeeded: s.requests.helpersNeeded,
      acceptedCount: s.requests.acceptedCount,
      asked: sql<number>`(select count(*)::int from ${s.invitations} i where i.request_id = ${s.requests.id})`,
    })
    .from(s.requests)
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .where(eq(s.requests.shiftPlanId, planId))
    .orderBy(asc(s.requests.startsAt), asc(s.requests.endsAt));
  const [{ invited }] = await db.select({ invited: sql<number>`count(*)::int` }).from(s.shiftPlanInvites).where(eq(s.shiftPlanInvites.planId, planId));
  const p = plan.plan;
  return {
    plan: { id: p.id, title: p.title, day: p.day, place: p.place, details: p.details, status: p.status, cancelReason: p.cancelReason ?? "", timeZone: plan.timeZone },
    invited: Number(invited),
    slots: slots.map(({ status, ...x }) => ({ ...x, asked: Number(x.asked), state: requestState({ status, startsAt: x.startsAt }, now) })),
  };
}

/**
 * "Copy to another day": the form starts from that plan of the coordinator's organisation, one
 * week later (the coordinator picks the day), every slot with its times, activity and number.
 */
export async function copyShiftPlanValues(db: DbOrTx, actor: Actor, planId: string): Promise<ShiftPlanRaw | null> {
  const view = await getShiftPlanOverview(db, actor, planId);
  if (!view) return null;
  const time = (d: Date) => toLocalInput(d, view.plan.timeZone).slice(11, 16);
  return {
    title: view.plan.title,
    day: addDays(view.plan.day, 7),
    place: view.plan.place,
    details: view.plan.details,
    slots: view.slots.map((x) => ({ start: time(x.startsAt), end: time(x.endsAt), activityId: x.activityId, helpersNeeded: String(x.helpersNeeded) })),
  };
}
