import { and, asc, eq, gt, lt, desc, sql } from "drizzle-orm";
import { invalidatePublicData } from "@/lib/cache/process-cache";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { foreignObject, operation, rejected, UUID_RE, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { AdminActor } from "@/lib/auth/guard-types";
import type { FieldErrors, Ok } from "@/lib/result";
import { TRANSLATED_ACTIVITY_LOCALES, type LocalizedTexts, type TranslatedActivityLocale } from "./names";

/** Writes to the activity fields (admins); every read lives in queries.ts. */
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
export function translatedFieldsOf(a: { names: LocalizedTexts; descriptions: LocalizedTexts }): Record<string, string> {
  return Object.fromEntries(TRANSLATED_ACTIVITY_LOCALES.flatMap((l) => [[`name${suffix(l)}`, a.names[l] ?? ""], [`description${suffix(l)}`, a.descriptions[l] ?? ""]]));
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
  const errors: FieldErrors<ActivityField> = {};
  if (rows.some((r) => r.nameDe.toLowerCase() === v.nameDe.toLowerCase())) errors.nameDe = "name_taken";
  if (rows.some((r) => r.nameEn.toLowerCase() === v.nameEn.toLowerCase())) errors.nameEn = "name_taken";
  return Object.keys(errors).length ? errors : null;
}

function keyFor(nameEn: string): string {
  const base = nameEn.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "activity";
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createActivity(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<ActivityField> | Ok<{ id: string }>> {
  return operation(actor, ctx, { action: "activity.create", schema: activitySchema }, input, async (tx, v, audit) => {
    const taken = await nameTaken(tx, actor.organizationId, v);
    if (taken) return rejected(taken);
    const [{ max }] = await tx
      .select({ max: sql<number>`coalesce(max(${s.activities.position}), -1)::int` })
      .from(s.activities)
      .where(eq(s.activities.organizationId, actor.organizationId));
    const [row] = await tx
      .insert(s.activities)
      .values({ ...toColumns(v), organizationId: actor.organizationId, key: keyFor(v.nameEn), position: max + 1 })
      .returning({ id: s.activities.id });
    await audit({ type: "activity", id: row.id });
    return { id: row.id };
  }).finally(invalidatePublicData);
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

export async function updateActivity(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<ActivityField | "id"> | Ok> {
  const schema = activitySchema.extend({ id: activityId });
  return operation(actor, ctx, { action: "activity.update", schema }, input, async (tx, { id, ...v }, audit) => {
    const object = { type: "activity", id };
    if (!(await ownActivity(tx, actor.organizationId, id))) return foreignObject(object);
    const taken = await nameTaken(tx, actor.organizationId, v, id);
    if (taken) return rejected(taken, object);
    await tx.update(s.activities).set(toColumns(v)).where(and(eq(s.activities.id, id), eq(s.activities.organizationId, actor.organizationId)));
    await audit(object);
    return {};
  }).finally(invalidatePublicData);
}

/** Moves an activity one place up or down (swaps positions with its neighbour). */
export async function moveActivity(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<"id" | "direction"> | Ok> {
  const schema = z.object({ id: activityId, direction: z.enum(["up", "down"]) });
  return operation(actor, ctx, { action: "activity.move", schema }, input, async (tx, { id, direction }, audit) => {
    const me = await ownActivity(tx, actor.organizationId, id);
    if (!me) return foreignObject({ type: "activity", id });
    const [neighbour] = await tx
      .select()
      .from(s.activities)
      .where(
        and(
          eq(s.activities.organizationId, actor.organizationId),
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
    await audit({ type: "activity", id }, { direction });
    return {};
  }).finally(invalidatePublicData);
}

/** Deactivated fields stay (volunteers and requests keep referring to them) but are not offered. */
export async function setActivityActive(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<"id" | "active"> | Ok> {
  const schema = z.object({ id: activityId, active: z.enum(["true", "false"]).transform((v) => v === "true") });
  return operation(actor, ctx, { action: "activity.set_active", schema }, input, async (tx, { id, active }, audit) => {
    if (!(await ownActivity(tx, actor.organizationId, id))) return foreignObject({ type: "activity", id });
    await tx.update(s.activities).set({ active }).where(and(eq(s.activities.id, id), eq(s.activities.organizationId, actor.organizationId)));
    await audit({ type: "activity", id }, { active });
    return {};
  }).finally(invalidatePublicData);
}
