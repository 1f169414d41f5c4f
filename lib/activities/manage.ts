import { and, asc, eq, gt, lt, desc, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { TRANSLATED_ACTIVITY_LOCALES, type LocalizedTexts, type TranslatedActivityLocale } from "./names";
import { deny, fieldErrorsOf, gate, invalid, UUID_RE, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";

export type ActivityRow = {
  id: string;
  nameDe: string;
  nameEn: string;
  descriptionDe: string;
  descriptionEn: string;
  names: LocalizedTexts;
  descriptions: LocalizedTexts;
  position: number;
  active: boolean;
  volunteerCount: number;
};

const name = z.string().trim().min(1, "required").max(80, "too_long");
const description = z.string().trim().max(500, "too_long").default("");
const activityId = z.string().regex(UUID_RE, "invalid");

const translatedName = z.string().trim().max(80, "too_long").default("");

/**
 * German and English are required; the other volunteer languages are optional (form fields
 * nameAr, descriptionAr, …): left empty, volunteers see the German text (lib/activities/names.ts).
 */
export const activitySchema = z.object({
  nameDe: name,
  nameEn: name,
  descriptionDe: description,
  descriptionEn: description,
  nameAr: translatedName,
  nameFa: translatedName,
  nameUk: translatedName,
  nameRu: translatedName,
  nameTr: translatedName,
  descriptionAr: description,
  descriptionFa: description,
  descriptionUk: description,
  descriptionRu: description,
  descriptionTr: description,
});
export type ActivityField = keyof z.infer<typeof activitySchema>;

const suffix = (l: TranslatedActivityLocale) => (l.charAt(0).toUpperCase() + l.slice(1)) as "Ar";

/** The form's per-language fields → the JSON columns (empty ones left out: German is shown). */
function toColumns(v: z.infer<typeof activitySchema>) {
  const pick = (prefix: "name" | "description") =>
    Object.fromEntries(TRANSLATED_ACTIVITY_LOCALES.map((l) => [l, v[`${prefix}${suffix(l)}`]]).filter(([, text]) => text !== "")) as LocalizedTexts;
  return { nameDe: v.nameDe, nameEn: v.nameEn, descriptionDe: v.descriptionDe, descriptionEn: v.descriptionEn, names: pick("name"), descriptions: pick("description") };
}

/** The JSON columns → the form's per-language fields (for editing). */
export function translatedFieldsOf(a: Pick<ActivityRow, "names" | "descriptions">): Record<string, string> {
  return Object.fromEntries(TRANSLATED_ACTIVITY_LOCALES.flatMap((l) => [[`name${suffix(l)}`, a.names[l] ?? ""], [`description${suffix(l)}`, a.descriptions[l] ?? ""]]));
}

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
    .orderBy(asc(s.activities.position), asc(s.activities.nameDe));
}

/** Names are unique per organisation in each language, case-insensitively. */
async function nameTaken(tx: DbOrTx, organizationId: string, v: { nameDe: string; nameEn: string }, exceptId?: string) {
  const rows = await tx
    .select({ nameDe: s.activities.nameDe, nameEn: s.activities.nameEn })
    .from(s.activities)
    .where(
      and(
        eq(s.activities.organizationId, organizationId),
        exceptId ? sql`${s.activities.id} <> ${exceptId}` : sql`true`,
        sql`(lower(${s.activities.nameDe}) = lower(${v.nameDe}) or lower(${s.activities.nameEn}) = lower(${v.nameEn}))`,
      ),
    );
  const errors: Partial<Record<ActivityField, string>> = {};
  if (rows.some((r) => r.nameDe.toLowerCase() === v.nameDe.toLowerCase())) errors.nameDe = "name_taken";
  if (rows.some((r) => r.nameEn.toLowerCase() === v.nameEn.toLowerCase())) errors.nameEn = "name_taken";
  return Object.keys(errors).length ? errors : null;
}

function keyFor(nameEn: string): string {
  const base = nameEn.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "activity";
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createActivity(actor: Actor | null, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<ActivityField> | { ok: true; id: string }> {
  const action = "activity.create";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = activitySchema.safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<ActivityField>(parsed.error));
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const taken = await nameTaken(tx, a.organizationId, parsed.data);
    if (taken) return { taken };
    const [{ max }] = await tx
      .select({ max: sql<number>`coalesce(max(${s.activities.position}), -1)::int` })
      .from(s.activities)
      .where(eq(s.activities.organizationId, a.organizationId));
    const [row] = await tx
      .insert(s.activities)
      .values({ ...toColumns(parsed.data), organizationId: a.organizationId, key: keyFor(parsed.data.nameEn), position: max + 1 })
      .returning({ id: s.activities.id });
    await recordAudit(tx, { organizationId: a.organizationId, actorUserId: a.userId, actorType: "user", action, objectType: "activity", objectId: row.id, ip: ctx.ip });
    return { id: row.id };
  });
  if ("taken" in result) return invalid(a, ctx, action, result.taken!);
  return { ok: true, id: result.id };
}

/** Loads the activity only if it belongs to the actor's organisation (tampered ids are refused). */
async function ownActivity(tx: DbOrTx, organizationId: string, id: string) {
  const [row] = await tx
    .select()
    .from(s.activities)
    .where(and(eq(s.activities.id, id), eq(s.activities.organizationId, organizationId)))
    .for("update");
  return row;
}

export async function updateActivity(actor: Actor | null, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<ActivityField | "id"> | { ok: true }> {
  const action = "activity.update";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = activitySchema.extend({ id: activityId }).safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<ActivityField | "id">(parsed.error));
  const { id, ...v } = parsed.data;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    if (!(await ownActivity(tx, a.organizationId, id))) return "foreign" as const;
    const taken = await nameTaken(tx, a.organizationId, v, id);
    if (taken) return taken;
    await tx.update(s.activities).set(toColumns(v)).where(and(eq(s.activities.id, id), eq(s.activities.organizationId, a.organizationId)));
    await recordAudit(tx, { organizationId: a.organizationId, actorUserId: a.userId, actorType: "user", action, objectType: "activity", objectId: id, ip: ctx.ip });
    return "ok" as const;
  });
  if (result === "foreign") return deny(a, ctx, action, "foreign_object", { type: "activity", id });
  if (result !== "ok") return invalid(a, ctx, action, result, { type: "activity", id });
  return { ok: true };
}

/** Moves an activity one place up or down (swaps positions with its neighbour). */
export async function moveActivity(actor: Actor | null, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<"id" | "direction"> | { ok: true }> {
  const action = "activity.move";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = z.object({ id: activityId, direction: z.enum(["up", "down"]) }).safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<"id" | "direction">(parsed.error));
  const { id, direction } = parsed.data;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const me = await ownActivity(tx, a.organizationId, id);
    if (!me) return "foreign" as const;
    const [neighbour] = await tx
      .select()
      .from(s.activities)
      .where(
        and(
          eq(s.activities.organizationId, a.organizationId),
          direction === "up" ? lt(s.activities.position, me.position) : gt(s.activities.position, me.position),
        ),
      )
      .orderBy(direction === "up" ? desc(s.activities.position) : asc(s.activities.position))
      .limit(1)
      .for("update");
    if (neighbour) {
      await tx.update(s.activities).set({ position: neighbour.position }).where(eq(s.activities.id, me.id));
      await tx.update(s.activities).set({ position: me.position }).where(eq(s.activities.id, neighbour.id));
    }
    await recordAudit(tx, { organizationId: a.organizationId, actorUserId: a.userId, actorType: "user", action, objectType: "activity", objectId: id, ip: ctx.ip, details: { direction } });
    return "ok" as const;
  });
  if (result === "foreign") return deny(a, ctx, action, "foreign_object", { type: "activity", id });
  return { ok: true };
}

/** Deactivated fields stay (volunteers and requests keep referring to them) but are not offered. */
export async function setActivityActive(actor: Actor | null, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<"id" | "active"> | { ok: true }> {
  const action = "activity.set_active";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = z.object({ id: activityId, active: z.enum(["true", "false"]).transform((v) => v === "true") }).safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<"id" | "active">(parsed.error));
  const { id, active } = parsed.data;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    if (!(await ownActivity(tx, a.organizationId, id))) return "foreign" as const;
    await tx.update(s.activities).set({ active }).where(and(eq(s.activities.id, id), eq(s.activities.organizationId, a.organizationId)));
    await recordAudit(tx, { organizationId: a.organizationId, actorUserId: a.userId, actorType: "user", action, objectType: "activity", objectId: id, ip: ctx.ip, details: { active } });
    return "ok" as const;
  });
  if (result === "foreign") return deny(a, ctx, action, "foreign_object", { type: "activity", id });
  return { ok: true };
}
