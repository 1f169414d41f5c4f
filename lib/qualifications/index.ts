import { and, asc, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { foreignObject, operation, rejected, UUID_RE, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { Actor, AdminActor } from "@/lib/auth/guard-types";
import type { Ok } from "@/lib/result";
import { addDays, calendarDateIn, isCalendarDate } from "@/lib/time-zone";

/**
 * Qualifications (issue 16): per organisation the types (admins), per volunteer the entries a
 * coordinator records after SEEING the proof — the document itself is never stored, only the
 * type, the issue date, the expiry date and who recorded it when. A request may require one
 * type; matching then takes only volunteers with an entry valid at the request's start
 * (`validQualificationSql`). Every change is audited against the volunteer (so it is in their
 * data export); a type or entry of another organisation is refused as a foreign object.
 */
export const MAX_VALIDITY_MONTHS = 600;
export const MAX_TYPE_NAME = 80;
/** the volunteer's reminder goes out this many days before the expiry day (once per entry) */
export const REMINDER_DAYS_BEFORE = 30;
/** the expiring list's default and largest look-ahead */
export const DEFAULT_EXPIRING_DAYS = 60;
export const MAX_EXPIRING_DAYS = 365;

/** A calendar day plus whole months; the 31st of a shorter month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * The one validity rule, as SQL on a volunteer id: an entry of the type whose expiry day is not
 * before `onDate` (valid through the expiry day; no expiry = always). A correlated EXISTS answered
 * from volunteer_qualifications_match_idx (volunteer_id, type_id, expires_on).
 */
export function validQualificationSql(volunteerId: SQL | AnyColumn, typeId: string, onDate: string): SQL {
  return sql`exists (select 1 from ${s.volunteerQualifications} vq where vq.volunteer_id = ${volunteerId} and vq.type_id = ${typeId} and (vq.expires_on is null or vq.expires_on >= ${onDate}::date))`;
}

/** Today's calendar day in the organisation's time zone (what "valid" and "expiring" are measured on). */
export async function organizationToday(db: DbOrTx, organizationId: string, now = new Date()): Promise<string> {
  const [org] = await db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return calendarDateIn(now, org?.timeZone ?? "Europe/Berlin");
}

// ---------------------------------------------------------------------------------------------
// Types (admins)
// ---------------------------------------------------------------------------------------------

const validityField = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : v),
  z.coerce.number({ error: "validity_range" }).int({ error: "validity_range" }).min(1, { error: "validity_range" }).max(MAX_VALIDITY_MONTHS, { error: "validity_range" }).nullable(),
);
const typeName = z.string({ error: "required" }).trim().min(1, { error: "required" }).max(MAX_TYPE_NAME, { error: "too_long" });
const createTypeSchema = z.object({ name: typeName, validityMonths: validityField });
const updateTypeSchema = z.object({
  id: z.string().regex(UUID_RE, "invalid"),
  name: typeName,
  validityMonths: validityField,
  active: z.enum(["true", "false"]).default("true"),
});
export type TypeField = "name" | "validityMonths" | "id" | "active";

async function typeNameTaken(tx: DbOrTx, organizationId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: s.qualificationTypes.id })
    .from(s.qualificationTypes)
    .where(and(eq(s.qualificationTypes.organizationId, organizationId), sql`lower(${s.qualificationTypes.name}) = lower(${name})`, exceptId ? sql`${s.qualificationTypes.id} <> ${exceptId}` : sql`true`));
  return rows.length > 0;
}

export async function createQualificationType(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<TypeField> | Ok<{ id: string }>> {
  return operation(actor, ctx, { action: "qualification.type_create", schema: createTypeSchema }, input, async (tx, v, audit) => {
    if (await typeNameTaken(tx, actor.organizationId, v.name)) return rejected<TypeField>({ name: "qualification_name_taken" });
    const [row] = await tx.insert(s.qualificationTypes).values({ organizationId: actor.organizationId, name: v.name, validityMonths: v.validityMonths }).returning({ id: s.qualificationTypes.id });
    await audit({ type: "qualification_type", id: row.id }, { validityMonths: v.validityMonths });
    return { id: row.id };
  });
}

/** Rename, change the default validity, (de)activate. A deactivated type cannot be recorded or required anew. */
export async function updateQualificationType(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<TypeField> | Ok> {
  const op = { action: "qualification.type_update", schema: updateTypeSchema, objectOfInvalid: objectOf("qualification_type") };
  return operation(actor, ctx, op, input, async (tx, v, audit) => {
    const object = { type: "qualification_type", id: v.id };
    const [before] = await tx
      .select()
      .from(s.qualificationTypes)
      .where(and(eq(s.qualificationTypes.id, v.id), eq(s.qualificationTypes.organizationId, actor.organizationId)))
      .for("update");
    if (!before) return foreignObject(object);
    if (await typeNameTaken(tx, actor.organizationId, v.name, v.id)) return rejected<TypeField>({ name: "qualification_name_taken" }, object);
    await tx.update(s.qualificationTypes).set({ name: v.name, validityMonths: v.validityMonths, active: v.active === "true" }).where(eq(s.qualificationTypes.id, v.id));
    await audit(object, { validityMonths: v.validityMonths, active: v.active === "true", renamed: before.name !== v.name });
    return {};
  });
}

function objectOf(type: string, key = "id") {
  return (raw: unknown) => {
    const id = (raw as Record<string, unknown> | null)?.[key];
    return typeof id === "string" && UUID_RE.test(id) ? { type, id } : undefined;
  };
}

export type QualificationTypeRow = { id: string; name: string; validityMonths: number | null; active: boolean; holders: number };

/** The organisation's types (with how many volunteers hold a currently valid entry), by name. */
export async function listQualificationTypes(db: DbOrTx, organizationId: string, opts: { activeOnly?: boolean; today?: string } = {}): Promise<QualificationTypeRow[]> {
  const t = s.qualificationTypes;
  const today = opts.today ?? calendarDateIn(new Date(), "Europe/Berlin");
  return db
    .select({
      id: t.id,
      name: t.name,
      validityMonths: t.validityMonths,
      active: t.active,
      // qualified by hand: drizzle writes a lone table's column as "id", which inside the subquery would be vq's own id
      holders: sql<number>`(select count(*)::int from volunteer_qualifications vq where vq.type_id = "qualification_types"."id" and (vq.expires_on is null or vq.expires_on >= ${today}::date))`,
    })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), opts.activeOnly ? eq(t.active, true) : undefined))
    .orderBy(asc(sql`lower(${t.name})`));
}

/** A type of the organisation (active only when asked), or null: requests and entries check with it. */
export async function findQualificationType(db: DbOrTx, organizationId: string, id: string, opts: { activeOnly?: boolean } = {}): Promise<s.QualificationType | null> {
  if (!UUID_RE.test(id)) return null;
  const [row] = await db
    .select()
    .from(s.qualificationTypes)
    .where(and(eq(s.qualificationTypes.id, id), eq(s.qualificationTypes.organizationId, organizationId), opts.activeOnly ? eq(s.qualificationTypes.active, true) : undefined));
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Entries (coordinators, on the volunteer's page)
// ---------------------------------------------------------------------------------------------

const day = (code: string) => z.string().trim().refine(isCalendarDate, { error: code });
const recordSchema = z.object({
  volunteerId: z.string().regex(UUID_RE, "invalid"),
  typeId: z.string({ error: "required" }).trim().min(1, { error: "required" }).regex(UUID_RE, { error: "qualification_unknown" }),
  issuedOn: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(day("date_invalid")),
  expiresOn: z.preprocess((v) => (v === "" || v == null ? undefined : v), day("date_invalid").optional()),
  /** the coordinator confirms having seen the original proof (it is not stored) */
  seen: z.literal("on", { error: "seen_required" }),
});
export type RecordField = "volunteerId" | "typeId" | "issuedOn" | "expiresOn" | "seen";

async function volunteerOfOrg(tx: DbOrTx, organizationId: string, volunteerId: string) {
  const [v] = await tx
    .select({ id: s.volunteers.id, timeZone: s.organizations.timeZone })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(and(eq(s.volunteers.id, volunteerId), eq(s.volunteers.organizationId, organizationId)))
    .for("update", { of: s.volunteers });
  return v ?? null;
}

/**
 * Records (or renews) a volunteer's entry of one type: one per volunteer and type; recording again
 * replaces the dates and makes the reminder due again. A blank expiry takes the type's default
 * validity from the issue date (none: no expiry).
 */
export async function recordQualification(actor: Actor, input: unknown, ctx: AdminCtx, now = new Date()): Promise<Denied | Invalid<RecordField> | Ok<{ expiresOn: string | null }>> {
  const op = { action: "volunteer.qualification_record", schema: recordSchema, objectOfInvalid: objectOf("volunteer", "volunteerId") };
  return operation(actor, ctx, op, input, async (tx, v, audit) => {
    const object = { type: "volunteer", id: v.volunteerId };
    const volunteer = await volunteerOfOrg(tx, actor.organizationId, v.volunteerId);
    if (!volunteer) return foreignObject(object);
    const type = await findQualificationType(tx, actor.organizationId, v.typeId, { activeOnly: true });
    if (!type) return rejected<RecordField>({ typeId: "qualification_unknown" }, object);
    const today = calendarDateIn(now, volunteer.timeZone);
    if (v.issuedOn > today) return rejected<RecordField>({ issuedOn: "date_in_future" }, object);
    const expiresOn = v.expiresOn ?? (type.validityMonths ? addMonths(v.issuedOn, type.validityMonths) : null);
    if (expiresOn && expiresOn < v.issuedOn) return rejected<RecordField>({ expiresOn: "expiry_before_issue" }, object);
    await tx
      .insert(s.volunteerQualifications)
      .values({ organizationId: actor.organizationId, volunteerId: v.volunteerId, typeId: type.id, issuedOn: v.issuedOn, expiresOn, recordedBy: actor.userId, recordedAt: now })
      .onConflictDoUpdate({
        target: [s.volunteerQualifications.volunteerId, s.volunteerQualifications.typeId],
        set: { issuedOn: v.issuedOn, expiresOn, recordedBy: actor.userId, recordedAt: now, reminderSentAt: null },
      });
    await audit(object, { qualificationTypeId: type.id, issuedOn: v.issuedOn, expiresOn });
    return { expiresOn };
  });
}

const removeSchema = z.object({ volunteerId: z.string().regex(UUID_RE, "invalid"), typeId: z.string().regex(UUID_RE, "invalid") });

export async function removeQualification(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid | Ok> {
  const op = { action: "volunteer.qualification_remove", schema: removeSchema, objectOfInvalid: objectOf("volunteer", "volunteerId") };
  return operation(actor, ctx, op, input, async (tx, v, audit) => {
    const object = { type: "volunteer", id: v.volunteerId };
    if (!(await volunteerOfOrg(tx, actor.organizationId, v.volunteerId))) return foreignObject(object);
    const gone = await tx
      .delete(s.volunteerQualifications)
      .where(and(eq(s.volunteerQualifications.volunteerId, v.volunteerId), eq(s.volunteerQualifications.typeId, v.typeId), eq(s.volunteerQualifications.organizationId, actor.organizationId)))
      .returning({ id: s.volunteerQualifications.id });
    if (gone.length === 0) return foreignObject({ type: "qualification_type", id: v.typeId });
    await audit(object, { qualificationTypeId: v.typeId });
    return {};
  });
}

export type QualificationEntry = { typeId: string; name: string; issuedOn: string; expiresOn: string | null; recordedAt: Date; recordedBy: string | null; state: "valid" | "expiring" | "expired" };

export function stateOf(expiresOn: string | null, today: string, withinDays = REMINDER_DAYS_BEFORE): QualificationEntry["state"] {
  if (!expiresOn) return "valid";
  if (expiresOn < today) return "expired";
  return expiresOn <= addDays(today, withinDays) ? "expiring" : "valid";
}

/** One volunteer's entries (the volunteer's admin page), with who recorded them. */
export async function listVolunteerQualifications(db: DbOrTx, organizationId: string, volunteerId: string, today: string): Promise<QualificationEntry[]> {
  const q = s.volunteerQualifications;
  const rows = await db
    .select({ typeId: q.typeId, name: s.qualificationTypes.name, issuedOn: q.issuedOn, expiresOn: q.expiresOn, recordedAt: q.recordedAt, recordedBy: sql<string | null>`coalesce(${s.users.name}, ${s.users.email})` })
    .from(q)
    .innerJoin(s.qualificationTypes, eq(s.qualificationTypes.id, q.typeId))
    .leftJoin(s.users, eq(s.users.id, q.recordedBy))
    .where(and(eq(q.volunteerId, volunteerId), eq(q.organizationId, organizationId)))
    .orderBy(asc(sql`lower(${s.qualificationTypes.name})`));
  return rows.map((r) => ({ ...r, state: stateOf(r.expiresOn, today) }));
}

export type ExpiringRow = { volunteerId: string; firstName: string; lastName: string; status: s.Volunteer["status"]; typeId: string; name: string; expiresOn: string; expired: boolean; reminderSentAt: Date | null };

/**
 * The organisation's entries that expired or expire within `days` days (the coordinators' list),
 * soonest first; optionally of one type. Expired ones stay on the list until renewed or removed.
 */
export async function listExpiringQualifications(actor: Actor, opts: { days: number; typeId?: string }, now = new Date()): Promise<Ok<{ rows: ExpiringRow[]; until: string; today: string }>> {
  const db = await getDb();
  const today = await organizationToday(db, actor.organizationId, now);
  const days = Math.max(0, Math.min(MAX_EXPIRING_DAYS, Math.floor(opts.days)));
  const until = addDays(today, days);
  const q = s.volunteerQualifications;
  const rows = await db
    .select({
      volunteerId: q.volunteerId,
      firstName: s.volunteers.firstName,
      lastName: s.volunteers.lastName,
      status: s.volunteers.status,
      typeId: q.typeId,
      name: s.qualificationTypes.name,
      expiresOn: sql<string>`${q.expiresOn}`,
      reminderSentAt: q.reminderSentAt,
    })
    .from(q)
    .innerJoin(s.volunteers, eq(s.volunteers.id, q.volunteerId))
    .innerJoin(s.qualificationTypes, eq(s.qualificationTypes.id, q.typeId))
    .where(and(eq(q.organizationId, actor.organizationId), sql`${q.expiresOn} is not null and ${q.expiresOn} <= ${until}::date`, opts.typeId && UUID_RE.test(opts.typeId) ? eq(q.typeId, opts.typeId) : undefined))
    .orderBy(asc(q.expiresOn), asc(s.volunteers.lastName), asc(s.volunteers.firstName))
    .limit(1000);
  return { ok: true, rows: rows.map((r) => ({ ...r, expired: r.expiresOn < today })), until, today };
}
