import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard-types";
import { defaultDurationOf } from "@/lib/organizations/settings-schema";
import { toLocalInput } from "@/lib/time-zone";
import { loadRequest } from "./load";
import { isUuid } from "./schema";

/**
 * What the request forms start from: the new-request form's default times (tomorrow 09:00 and
 * the organisation's usual duration), a copied request's values ("Kopieren" on the board), and
 * the edit form's current values. Reads only.
 */

export type FormValuesOf = Record<string, string | string[]>;
const WEEK_MS = 7 * 86_400_000;

export async function organizationFormSettings(db: DbOrTx, organizationId: string): Promise<{ timeZone: string; durationMinutes: number }> {
  const [org] = await db.select({ timeZone: s.organizations.timeZone, settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return { timeZone: org.timeZone, durationMinutes: defaultDurationOf(org.settings) };
}

/** Tomorrow 09:00 local time, ending after the usual duration. */
export function defaultTimes(timeZone: string, durationMinutes: number, now = new Date()): { startsAt: string; endsAt: string } {
  const day = toLocalInput(new Date(now.getTime() + 86_400_000), timeZone).slice(0, 10);
  const startsAt = `${day}T09:00`;
  const end = new Date(Date.parse(`${startsAt}:00Z`) + durationMinutes * 60_000).toISOString().slice(0, 16);
  return { startsAt, endsAt: end };
}

/** The briefing for accepted helpers as form values. */
function briefingValues(r: s.Request): FormValuesOf {
  return { meetingPoint: r.meetingPoint, contactName: r.contactName, contactPhone: r.contactPhone, whatToBring: r.whatToBring };
}

/**
 * A request of the actor's organisation as the new-request form's values: everything the same,
 * the date one week later (the same weekday and time; a week after today's if that is past
 * already). Null for another organisation's request or none: the form starts empty.
 */
export async function copyRequestValues(db: DbOrTx, actor: Actor, requestId: string, now = new Date()): Promise<FormValuesOf | null> {
  if (!isUuid(requestId)) return null;
  const r = await loadRequest(db, requestId, { organizationId: actor.organizationId });
  if (!r) return null;
  const { timeZone } = await organizationFormSettings(db, actor.organizationId);
  // whole weeks: at least one, and enough to land after now
  const weeks = Math.max(1, Math.floor((now.getTime() - r.startsAt.getTime()) / WEEK_MS) + 1);
  const shift = (r.startsAt.getTime() + weeks * WEEK_MS <= now.getTime() ? weeks + 1 : weeks) * WEEK_MS;
  const on = (b: boolean) => (b ? "on" : "");
  return {
    activityId: r.activityId,
    title: r.title,
    details: r.details,
    place: r.place,
    // wall-clock arithmetic: the same local time a week later, also across a DST switch
    startsAt: shiftLocal(toLocalInput(r.startsAt, timeZone), shift),
    endsAt: shiftLocal(toLocalInput(r.endsAt, timeZone), shift),
    helpersNeeded: String(r.helpersNeeded),
    languageMode: r.languageMode,
    languages: r.languages,
    channels: r.channels,
    requireDrivingLicence: on(r.requireDrivingLicence),
    requireCar: on(r.requireCar),
    requiredQualificationId: r.requiredQualificationId ?? "",
    notifyPendingWhenFilled: on(r.notifyPendingWhenFilled),
    waves: on(r.waveSize !== null),
    waveSize: r.waveSize ? String(r.waveSize) : "",
    waveIntervalMinutes: r.waveIntervalMinutes ? String(r.waveIntervalMinutes) : "",
    ...briefingValues(r),
  };
}

function shiftLocal(local: string, ms: number): string {
  return new Date(Date.parse(`${local.slice(0, 16)}:00Z`) + ms).toISOString().slice(0, 16);
}

/** The edit form's values: what the request says now, and the revision the form was rendered from. */
export function editFormValues(r: s.Request, timeZone: string): FormValuesOf {
  return {
    title: r.title,
    details: r.details,
    place: r.place,
    startsAt: toLocalInput(r.startsAt, timeZone),
    endsAt: toLocalInput(r.endsAt, timeZone),
    helpersNeeded: String(r.helpersNeeded),
    revision: String(r.revision),
    ...briefingValues(r),
  };
}
