import { and, asc, eq, ne, or } from "drizzle-orm";
import type { Db } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { areActiveActivities } from "@/lib/activities/queries";
import { recordAudit } from "@/lib/audit";
import { addDays, calendarDateIn, isCalendarDate, startOfDayIn } from "@/lib/time-zone";
import { queueConfirmationLink } from "./confirm";
import { isUniqueViolation, volunteerColumns, writeVolunteerDetails } from "./register";
import { parseVolunteerForm, type FieldErrors, type VolunteerFormValues } from "./schema";
import { deleteVolunteerTokens } from "./tokens";

/** What the profile page shows: a small DTO, never the row. */
export type ProfileView = {
  values: VolunteerFormValues;
  status: "pending" | "active" | "paused" | "deactivated";
  pausedUntil: string | null;
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  timeZone: string;
};

export async function loadProfile(volunteerId: string, db?: Db): Promise<ProfileView | null> {
  const d = db ?? (await getDb());
  const [row] = await d
    .select({ v: s.volunteers, timeZone: s.organizations.timeZone })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  if (!row) return null;
  const { v, timeZone } = row;
  const [acts, langs, slots] = await Promise.all([
    d.select({ id: s.volunteerActivities.activityId }).from(s.volunteerActivities).where(eq(s.volunteerActivities.volunteerId, v.id)),
    d.select({ code: s.volunteerLanguages.language }).from(s.volunteerLanguages).where(eq(s.volunteerLanguages.volunteerId, v.id)),
    d
      .select({ weekday: s.volunteerAvailability.weekday, partOfDay: s.volunteerAvailability.partOfDay })
      .from(s.volunteerAvailability)
      .where(eq(s.volunteerAvailability.volunteerId, v.id))
      .orderBy(asc(s.volunteerAvailability.weekday)),
  ]);
  return {
    values: {
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email ?? "",
      phone: v.phone ?? "",
      contactPreference: v.contactPreference,
      locale: v.locale,
      activities: acts.map((a) => a.id),
      languages: langs.map((l) => l.code),
      availability: slots.map((x) => `${x.weekday}-${x.partOfDay}`),
      flexible: v.availableFlexible,
      drivingLicence: v.hasDrivingLicence,
      car: v.hasCar,
      postalCode: v.postalCode ?? "",
      note: v.note ?? "",
      consent: true,
      maxRequestsPerWeek: v.maxRequestsPerWeek ? String(v.maxRequestsPerWeek) : "",
    },
    status: v.status,
    // the last day of the pause, as the volunteer entered it
    pausedUntil: v.pausedUntil ? addDays(calendarDateIn(v.pausedUntil, timeZone), -1) : null,
    emailConfirmed: !!v.emailConfirmedAt,
    phoneConfirmed: !!v.phoneConfirmedAt,
    timeZone,
  };
}

export type UpdateResult =
  | { ok: true; reconfirm: ("email" | "sms")[] }
  | { ok: false; error: "invalid"; fieldErrors: FieldErrors }
  | { ok: false; error: "not_found" };

/**
 * Saves the profile. A changed e-mail address or number is unconfirmed again and gets a new
 * confirmation link; until then nothing is sent to it (reachableChannels).
 */
export async function updateProfile(volunteerId: string, values: VolunteerFormValues, ctx: { ip?: string | null; now?: Date; db?: Db } = {}): Promise<UpdateResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const parsed = parseVolunteerForm(values, "profile");
  if (!parsed.ok) return { ok: false, error: "invalid", fieldErrors: parsed.errors };
  const data = parsed.data;
  const [current] = await db
    .select({ v: s.volunteers, orgName: s.organizations.name })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  if (!current) return { ok: false, error: "not_found" };
  const v = current.v;
  if (!(await areActiveActivities(db, v.organizationId, data.activityIds))) {
    return { ok: false, error: "invalid", fieldErrors: { activities: "activity_unknown" } };
  }
  const emailChanged = data.email !== v.email;
  const phoneChanged = data.phone !== v.phone;
  if ((emailChanged && data.email) || (phoneChanged && data.phone)) {
    const taken = await db
      .select({ email: s.volunteers.email, phone: s.volunteers.phone })
      .from(s.volunteers)
      .where(
        and(
          eq(s.volunteers.organizationId, v.organizationId),
          ne(s.volunteers.id, v.id),
          or(emailChanged && data.email ? eq(s.volunteers.email, data.email) : undefined, phoneChanged && data.phone ? eq(s.volunteers.phone, data.phone) : undefined),
        ),
      );
    const fieldErrors: FieldErrors = {};
    if (emailChanged && data.email && taken.some((t) => t.email === data.email)) fieldErrors.email = "contact_taken";
    if (phoneChanged && data.phone && taken.some((t) => t.phone === data.phone)) fieldErrors.phone = "contact_taken";
    if (Object.keys(fieldErrors).length) return { ok: false, error: "invalid", fieldErrors };
  }
  try {
    return await db.transaction(async (tx) => {
      await tx
        .update(s.volunteers)
        .set({
          ...volunteerColumns(data),
          updatedAt: now,
          ...(emailChanged ? { emailConfirmedAt: null, emailBouncedAt: null, emailOptedOutAt: null } : {}),
          ...(phoneChanged ? { phoneConfirmedAt: null, smsOptedOutAt: null } : {}),
        })
        .where(eq(s.volunteers.id, v.id));
      await writeVolunteerDetails(tx, v.id, data);
      const reconfirm: ("email" | "sms")[] = [];
      const base = { organizationId: v.organizationId, organizationName: current.orgName, volunteerId: v.id, locale: data.locale, firstName: data.firstName };
      // a changed address or number is confirmed again: old links end, a new one goes out
      for (const [channel, changed, recipient] of [["email", emailChanged, data.email], ["sms", phoneChanged, data.phone]] as const) {
        if (!changed) continue;
        await deleteVolunteerTokens(tx, v.id, [channel === "email" ? "confirm_email" : "confirm_phone"]);
        if (!recipient) continue;
        await queueConfirmationLink(tx, { ...base, channel, recipient }, now);
        reconfirm.push(channel);
      }
      await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.profile_updated", objectType: "volunteer", objectId: v.id, ip: ctx.ip, details: { reconfirm } });
      return { ok: true as const, reconfirm };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, error: "invalid", fieldErrors: data.email !== v.email ? { email: "contact_taken" } : { phone: "contact_taken" } };
    throw err;
  }
}

export const MAX_PAUSE_DAYS = 366;

export type PauseResult = { ok: true; pausedUntil: Date } | { ok: false; error: "date_invalid" | "date_past" | "date_too_far" | "not_active" | "not_found" };

/** Pause until and including a calendar day (organisation time zone): nobody paused is asked. */
export async function pauseVolunteer(volunteerId: string, lastDay: string, ctx: { ip?: string | null; now?: Date; db?: Db } = {}): Promise<PauseResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const day = lastDay.trim();
  if (!isCalendarDate(day)) return { ok: false, error: "date_invalid" };
  const [row] = await db
    .select({ status: s.volunteers.status, organizationId: s.volunteers.organizationId, timeZone: s.organizations.timeZone })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  if (!row) return { ok: false, error: "not_found" };
  const today = calendarDateIn(now, row.timeZone);
  if (day < today) return { ok: false, error: "date_past" };
  if (day > addDays(today, MAX_PAUSE_DAYS)) return { ok: false, error: "date_too_far" };
  if (row.status !== "active" && row.status !== "paused") return { ok: false, error: "not_active" };
  const pausedUntil = startOfDayIn(addDays(day, 1), row.timeZone);
  await db.transaction(async (tx) => {
    await tx.update(s.volunteers).set({ status: "paused", pausedUntil, updatedAt: now }).where(eq(s.volunteers.id, volunteerId));
    await recordAudit(tx, { organizationId: row.organizationId, actorType: "volunteer", action: "volunteer.paused", objectType: "volunteer", objectId: volunteerId, ip: ctx.ip });
  });
  return { ok: true, pausedUntil };
}

export async function resumeVolunteer(volunteerId: string, ctx: { ip?: string | null; now?: Date; db?: Db } = {}): Promise<{ ok: true } | { ok: false; error: "not_paused" }> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [v] = await tx
      .update(s.volunteers)
      .set({ status: "active", pausedUntil: null, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), eq(s.volunteers.status, "paused")))
      .returning({ organizationId: s.volunteers.organizationId });
    if (!v) return { ok: false as const, error: "not_paused" as const };
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.resumed", objectType: "volunteer", objectId: volunteerId, ip: ctx.ip });
    return { ok: true as const };
  });
}
