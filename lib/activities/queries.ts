import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { cached } from "@/lib/cache/process-cache";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { z } from "zod";
import type { LocalizedTexts } from "./names";

/**
 * Every read of the activity fields, in one place: the admin list (with how many volunteers chose
 * each), the active ones offered by the request form and the volunteer forms, and the checks that
 * an id typed into a form is an active activity of the organisation (tampered or deactivated ids
 * are refused). Writes live in manage.ts.
 */

export type ActivityRow = {
  id: string;
  nameDe: string;
  nameEn: string;
  descriptionDe: string;
  descriptionEn: string;
  /** names and descriptions in the other volunteer languages (names.ts; German when missing) */
  names: LocalizedTexts;
  descriptions: LocalizedTexts;
  position: number;
  active: boolean;
  volunteerCount: number;
};

export type ActiveActivity = Pick<ActivityRow, "id" | "nameDe" | "nameEn" | "descriptionDe" | "descriptionEn" | "names" | "descriptions">;

const order = [asc(s.activities.position), asc(s.activities.nameDe)];
const activeIn = (organizationId: string) => and(eq(s.activities.organizationId, organizationId), eq(s.activities.active, true));

/** Every activity of the organisation (coordinators need them for filters; admins manage them). */
export async function listActivities(db: DbOrTx, organizationId: string): Promise<ActivityRow[]> {
  return db
    .select({
      id: s.activities.id,
      nameDe: s.activities.nameDe,
      nameEn: s.activities.nameEn,
      descriptionDe: s.activities.descriptionDe,
      descriptionEn: s.activities.descriptionEn,
      names: s.activities.names,
      descriptions: s.activities.descriptions,
      position: s.activities.position,
      active: s.activities.active,
      volunteerCount: sql<number>`(select count(*)::int from volunteer_activities va where va.activity_id = "activities"."id")`,
    })
    .from(s.activities)
    .where(eq(s.activities.organizationId, organizationId))
    .orderBy(...order);
}

/** The active activities, in their order: what requests and volunteers can choose. */
export function listActiveActivities(db: DbOrTx, organizationId: string): Promise<ActiveActivity[]> {
  // per process for at most 30 s, cleared when an activity changes (lib/cache/process-cache.ts)
  return cached(`public:activities:${organizationId}`, () => readActiveActivities(db, organizationId));
}

async function readActiveActivities(db: DbOrTx, organizationId: string): Promise<ActiveActivity[]> {
  return db
    .select({
      id: s.activities.id,
      nameDe: s.activities.nameDe,
      nameEn: s.activities.nameEn,
      descriptionDe: s.activities.descriptionDe,
      descriptionEn: s.activities.descriptionEn,
      names: s.activities.names,
      descriptions: s.activities.descriptions,
    })
    .from(s.activities)
    .where(activeIn(organizationId))
    .orderBy(...order);
}

/** The activity, if `id` is an active activity of the organisation; else null. */
export async function findActiveActivity(db: DbOrTx, organizationId: string, id: unknown): Promise<Pick<ActivityRow, "id" | "nameDe" | "nameEn" | "names"> | null> {
  const uuid = z.uuid().safeParse(id);
  if (!uuid.success) return null;
  const [a] = await db
    .select({ id: s.activities.id, nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, names: s.activities.names })
    .from(s.activities)
    .where(and(eq(s.activities.id, uuid.data), activeIn(organizationId)));
  return a ?? null;
}

/** True when every id is an active activity of the organisation (and there is at least one). */
export async function areActiveActivities(db: DbOrTx, organizationId: string, ids: string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  const rows = await db
    .select({ id: s.activities.id })
    .from(s.activities)
    .where(and(activeIn(organizationId), inArray(s.activities.id, ids)));
  return rows.length === ids.length;
}
