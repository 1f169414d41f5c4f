import { and, asc, desc, eq, ilike, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { foreignObject, operation, rejected, UUID_RE, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { Actor } from "@/lib/auth/guard-types";
import { err, type Err, type Ok } from "@/lib/result";
import { CONSENT_VERSION, consentStateOf, type ConsentState } from "./consent";
import { isLanguageCode } from "./languages";

/**
 * The coordinators' volunteer directory. Filters are AND-ed; each one is an indexed condition
 * (EXISTS on the activity/language/availability link tables, whose indexes start with the
 * filtered value). Paging is keyset paging on (last_name, first_name, id) — the order of
 * volunteers_name_idx — so page 500 costs the same as page 1; an OFFSET would read and throw
 * away every earlier row. The total is one count(*) over the same conditions.
 */
export const STATUSES = ["pending", "active", "paused", "deactivated"] as const;
export const SLOTS = ["morning", "afternoon", "evening"] as const;
export const PAGE_SIZE = 50;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional().catch(undefined));

export const directoryFilterSchema = z.object({
  q: optional(z.string().trim().min(1).max(100)),
  activity: optional(z.string().regex(UUID_RE)),
  language: optional(z.string().refine(isLanguageCode)),
  /** "<weekday 1-7>-<part of day>" or "flexible" */
  slot: optional(z.string().regex(/^([1-7]-(morning|afternoon|evening)|flexible)$/)),
  status: optional(z.enum(STATUSES)),
  channel: optional(z.enum(["email", "sms"])),
  car: optional(z.enum(["1"])),
  licence: optional(z.enum(["1"])),
  /** current: agreed to the current consent text; outdated: an older one (declined included) */
  consent: optional(z.enum(["current", "outdated"])),
  /** a tag of the organisation (issue 16) */
  tag: optional(z.string().regex(UUID_RE)),
  /** a qualification type: volunteers with an entry valid today (the organisation's calendar day) */
  qualification: optional(z.string().regex(UUID_RE)),
});
export type DirectoryFilters = z.infer<typeof directoryFilterSchema>;

/** Query string (or form data) → filters; unknown or malformed values are ignored. */
export function parseDirectoryFilters(params: Record<string, string | string[] | undefined>): DirectoryFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return directoryFilterSchema.parse(flat);
}

function escapeLike(v: string) {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function directoryConditions(organizationId: string, f: DirectoryFilters): SQL {
  const v = s.volunteers;
  const conds: (SQL | undefined)[] = [eq(v.organizationId, organizationId)];
  if (f.q) {
    for (const word of f.q.split(/\s+/).slice(0, 4)) {
      const like = `%${escapeLike(word)}%`;
      conds.push(or(ilike(v.firstName, like), ilike(v.lastName, like)));
    }
  }
  if (f.status) conds.push(eq(v.status, f.status));
  if (f.consent === "current") conds.push(eq(v.consentVersion, CONSENT_VERSION));
  if (f.consent === "outdated") conds.push(ne(v.consentVersion, CONSENT_VERSION));
  if (f.car) conds.push(eq(v.hasCar, true));
  if (f.licence) conds.push(eq(v.hasDrivingLicence, true));
  if (f.channel === "email") conds.push(and(isNotNull(v.email), isNotNull(v.emailConfirmedAt)));
  if (f.channel === "sms") conds.push(and(isNotNull(v.phone), isNotNull(v.phoneConfirmedAt)));
  if (f.activity) {
    conds.push(
      sql`exists (select 1 from volunteer_activities va where va.volunteer_id = ${v.id} and va.activity_id = ${f.activity})`,
    );
  }
  if (f.language) {
    conds.push(
      sql`exists (select 1 from volunteer_languages vl where vl.volunteer_id = ${v.id} and vl.language = ${f.language})`,
    );
  }
  if (f.tag) conds.push(sql`exists (select 1 from volunteer_tags vt where vt.volunteer_id = ${v.id} and vt.tag_id = ${f.tag})`);
  if (f.qualification) {
    // today in the organisation's zone, so the list agrees with matching (lib/qualifications validQualificationSql)
    const today = sql`(now() at time zone (select o.time_zone from organizations o where o.id = ${organizationId}))::date`;
    conds.push(sql`exists (select 1 from volunteer_qualifications vq where vq.volunteer_id = ${v.id} and vq.type_id = ${f.qualification} and (vq.expires_on is null or vq.expires_on >= ${today}))`);
  }
  if (f.slot === "flexible") conds.push(eq(v.availableFlexible, true));
  else if (f.slot) {
    const [day, part] = f.slot.split("-");
    conds.push(
      or(
        eq(v.availableFlexible, true),
        sql`exists (select 1 from volunteer_availability av where av.volunteer_id = ${v.id} and av.weekday = ${Number(day)} and av.part_of_day = ${part})`,
      ),
    );
  }
  return and(...conds)!;
}

export type Cursor = { lastName: string; firstName: string; id: string };
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.lastName, c.firstName, c.id]), "utf8").toString("base64url");
}
export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw || raw.length > 600) return null;
  try {
    const [lastName, firstName, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (typeof lastName !== "string" || typeof firstName !== "string" || typeof id !== "string" || !UUID_RE.test(id)) return null;
    return { lastName, firstName, id };
  } catch {
    return null;
  }
}

export type DirectoryRow = {
  id: string;
  firstName: string;
  lastName: string;
  status: (typeof STATUSES)[number];
  email: string | null;
  phone: string | null;
  hasCar: boolean;
  hasDrivingLicence: boolean;
  createdAt: Date;
  consentVersion: string | null;
  consent: ConsentState;
};
export type DirectoryPage = { ok: true; rows: DirectoryRow[]; total: number; next: string | null; prev: string | null };

const rowColumns = {
  id: s.volunteers.id,
  firstName: s.volunteers.firstName,
  lastName: s.volunteers.lastName,
  status: s.volunteers.status,
  email: s.volunteers.email,
  phone: s.volunteers.phone,
  hasCar: s.volunteers.hasCar,
  hasDrivingLicence: s.volunteers.hasDrivingLicence,
  createdAt: s.volunteers.createdAt,
  consentVersion: s.volunteers.consentVersion,
  consentDeclinedAt: s.volunteers.consentDeclinedAt,
};

const keyTuple = sql`(${s.volunteers.lastName}, ${s.volunteers.firstName}, ${s.volunteers.id})`;

export async function listVolunteers(
  actor: Actor,
  filters: DirectoryFilters,
  page: { after?: string; before?: string } = {},
  pageSize = PAGE_SIZE,
): Promise<DirectoryPage> {
  const db = await getDb();
  const where = directoryConditions(actor.organizationId, filters);
  const after = decodeCursor(page.after);
  const before = after ? null : decodeCursor(page.before);
  const keyset = after
    ? sql`${keyTuple} > (${after.lastName}, ${after.firstName}, ${after.id}::uuid)`
    : before
      ? sql`${keyTuple} < (${before.lastName}, ${before.firstName}, ${before.id}::uuid)`
      : undefined;
  const order = before
    ? [desc(s.volunteers.lastName), desc(s.volunteers.firstName), desc(s.volunteers.id)]
    : [asc(s.volunteers.lastName), asc(s.volunteers.firstName), asc(s.volunteers.id)];
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(rowColumns)
      .from(s.volunteers)
      .where(keyset ? and(where, keyset) : where)
      .orderBy(...order)
      .limit(pageSize + 1),
    db.select({ total: sql<number>`count(*)::int` }).from(s.volunteers).where(where),
  ]);
  const more = rows.length > pageSize;
  const pageRows: DirectoryRow[] = rows.slice(0, pageSize).map(({ consentDeclinedAt, ...r }) => ({ ...r, consent: consentStateOf({ consentVersion: r.consentVersion, consentDeclinedAt }) }));
  if (before) pageRows.reverse();
  const first = pageRows[0];
  const last = pageRows[pageRows.length - 1];
  const hasNext = before ? true : more;
  const hasPrev = before ? more : !!after;
  return {
    ok: true,
    rows: pageRows,
    total,
    next: hasNext && last ? encodeCursor(last) : null,
    prev: hasPrev && first ? encodeCursor(first) : null,
  };
}

export async function countVolunteersByStatus(db: DbOrTx, organizationId: string): Promise<Record<(typeof STATUSES)[number], number>> {
  const rows = await db
    .select({ status: s.volunteers.status, n: sql<number>`count(*)::int` })
    .from(s.volunteers)
    .where(eq(s.volunteers.organizationId, organizationId))
    .groupBy(s.volunteers.status);
  const out = { pending: 0, active: 0, paused: 0, deactivated: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export type VolunteerDetail = {
  volunteer: s.Volunteer;
  activities: { id: string; nameDe: string; nameEn: string }[];
  languages: string[];
  availability: { weekday: number; partOfDay: (typeof SLOTS)[number] }[];
  invitations: {
    id: string;
    status: s.Invitation["status"];
    askedAt: Date | null;
    respondedAt: Date | null;
    respondedVia: string | null;
    requestTitle: string;
    requestStartsAt: Date;
  }[];
};

export async function getVolunteerDetail(actor: Actor, id: string): Promise<Err<"not_found"> | Ok<{ detail: VolunteerDetail }>> {
  if (!UUID_RE.test(id)) return err("not_found");
  const db = await getDb();
  const [volunteer] = await db
    .select()
    .from(s.volunteers)
    .where(and(eq(s.volunteers.id, id), eq(s.volunteers.organizationId, actor.organizationId)));
  if (!volunteer) return err("not_found");
  const [activities, languages, availability, invitations] = await Promise.all([
    db
      .select({ id: s.activities.id, nameDe: s.activities.nameDe, nameEn: s.activities.nameEn })
      .from(s.volunteerActivities)
      .innerJoin(s.activities, eq(s.activities.id, s.volunteerActivities.activityId))
      .where(eq(s.volunteerActivities.volunteerId, id))
      .orderBy(asc(s.activities.position)),
    db.select({ language: s.volunteerLanguages.language }).from(s.volunteerLanguages).where(eq(s.volunteerLanguages.volunteerId, id)),
    db
      .select({ weekday: s.volunteerAvailability.weekday, partOfDay: s.volunteerAvailability.partOfDay })
      .from(s.volunteerAvailability)
      .where(eq(s.volunteerAvailability.volunteerId, id))
      .orderBy(asc(s.volunteerAvailability.weekday)),
    db
      .select({
        id: s.invitations.id,
        status: s.invitations.status,
        askedAt: s.invitations.askedAt,
        respondedAt: s.invitations.respondedAt,
        respondedVia: s.invitations.respondedVia,
        requestTitle: s.requests.title,
        requestStartsAt: s.requests.startsAt,
      })
      .from(s.invitations)
      .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
      .where(eq(s.invitations.volunteerId, id))
      .orderBy(desc(s.invitations.createdAt))
      .limit(20),
  ]);
  return { ok: true, detail: { volunteer, activities, languages: languages.map((l) => l.language), availability, invitations } };
}

const statusSchema = z
  .object({
    id: z.string().regex(UUID_RE, "invalid"),
    status: z.enum(["active", "paused", "deactivated"], { message: "status_invalid" }),
    reason: z.string().trim().max(500, "too_long").default(""),
    pausedUntil: z.preprocess(
      (v) => (v === "" || v == null ? undefined : v),
      z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date_invalid").optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.status !== "active" && v.reason.length < 3) ctx.addIssue({ code: "custom", path: ["reason"], message: "reason_required" });
    if (v.pausedUntil && v.status !== "paused") ctx.addIssue({ code: "custom", path: ["pausedUntil"], message: "paused_until_only_when_paused" });
    if (v.pausedUntil && new Date(`${v.pausedUntil}T00:00:00Z`).getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["pausedUntil"], message: "date_in_past" });
    }
  });
export type StatusField = "status" | "reason" | "pausedUntil" | "id";

/** Pause, deactivate or reactivate a volunteer, with the reason kept on the volunteer. */
export async function setVolunteerStatus(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<StatusField> | Ok> {
  const op = {
    action: "volunteer.set_status",
    schema: statusSchema,
    objectOfInvalid: (raw: unknown) => {
      const id = (raw as { id?: unknown })?.id;
      return typeof id === "string" && UUID_RE.test(id) ? { type: "volunteer", id } : undefined;
    },
  };
  return operation(actor, ctx, op, input, async (tx, { id, status, reason, pausedUntil }, audit) => {
    const object = { type: "volunteer", id };
    const [before] = await tx
      .select({ status: s.volunteers.status })
      .from(s.volunteers)
      .where(and(eq(s.volunteers.id, id), eq(s.volunteers.organizationId, actor.organizationId)))
      .for("update");
    if (!before) return foreignObject(object);
    // A volunteer who never confirmed stays pending: a coordinator cannot confirm for them.
    if (before.status === "pending" && status === "active") return rejected<StatusField>({ status: "pending_cannot_activate" }, object);
    await tx
      .update(s.volunteers)
      .set({
        status,
        statusReason: status === "active" ? null : reason,
        pausedUntil: status === "paused" && pausedUntil ? new Date(`${pausedUntil}T00:00:00Z`) : null,
        updatedAt: new Date(),
      })
      .where(and(eq(s.volunteers.id, id), eq(s.volunteers.organizationId, actor.organizationId)));
    await audit(object, { from: before.status, to: status });
    return {};
  });
}

/** Volunteers matching the filters, in directory order, in batches (for the CSV export). */
export async function* volunteersForExport(db: DbOrTx, organizationId: string, filters: DirectoryFilters, batch = 1000) {
  const where = directoryConditions(organizationId, filters);
  let after: Cursor | null = null;
  for (;;) {
    const cursor: Cursor | null = after;
    const keyset: SQL | undefined = cursor ? sql`${keyTuple} > (${cursor.lastName}, ${cursor.firstName}, ${cursor.id}::uuid)` : undefined;
    const rows = await db
      .select({
        ...rowColumns,
        locale: s.volunteers.locale,
        contactPreference: s.volunteers.contactPreference,
        emailConfirmedAt: s.volunteers.emailConfirmedAt,
        phoneConfirmedAt: s.volunteers.phoneConfirmedAt,
        // table-qualified by hand: drizzle leaves column names unqualified inside selected SQL
        activities: sql<string>`coalesce((select string_agg(a.name_de, ', ' order by a.position) from volunteer_activities va join activities a on a.id = va.activity_id where va.volunteer_id = "volunteers"."id"), '')`,
        languages: sql<string>`coalesce((select string_agg(vl.language, ', ' order by vl.language) from volunteer_languages vl where vl.volunteer_id = "volunteers"."id"), '')`,
      })
      .from(s.volunteers)
      .where(keyset ? and(where, keyset) : where)
      .orderBy(asc(s.volunteers.lastName), asc(s.volunteers.firstName), asc(s.volunteers.id))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const last: Cursor = rows[rows.length - 1];
    after = { lastName: last.lastName, firstName: last.firstName, id: last.id };
  }
}

