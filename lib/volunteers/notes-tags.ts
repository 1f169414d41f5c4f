import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx, Tx } from "@/db";
import * as s from "@/db/schema";
import { foreignObject, operation, rejected, UUID_RE, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { Actor } from "@/lib/auth/guard-types";
import type { Ok } from "@/lib/result";

/**
 * Coordinator notes and tags on volunteers (issue 16). Internal to the organisation: only its
 * members read or write them (every query filters by the actor's organisation; a volunteer of
 * another organisation is refused as a foreign object, audited), they are never on public pages,
 * and they are part of the volunteer's own data export (Art. 15). Notes are append-only (author
 * and time); tags are per-organisation names, many per volunteer. Audit entries carry ids only —
 * never a note's text.
 */
export const MAX_NOTE_LENGTH = 2000;
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS_PER_VOLUNTEER = 30;

const volunteerId = z.string().regex(UUID_RE, "invalid");
const noteSchema = z.object({
  volunteerId,
  body: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(MAX_NOTE_LENGTH, { error: "too_long" }),
});
const tagSchema = z.object({
  volunteerId,
  name: z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .max(MAX_TAG_LENGTH, { error: "too_long" })
    // one line of printable text (no control characters), so it reads the same in the list and the filter
    .regex(/^[^\p{Cc}]+$/u, { error: "invalid" }),
});
const untagSchema = z.object({ volunteerId, tagId: z.string().regex(UUID_RE, "invalid") });
export type NoteField = "volunteerId" | "body";
export type TagField = "volunteerId" | "name";

const volunteerObject = (raw: unknown) => {
  const id = (raw as { volunteerId?: unknown } | null)?.volunteerId;
  return typeof id === "string" && UUID_RE.test(id) ? { type: "volunteer", id } : undefined;
};

/** The volunteer row locked, when it belongs to the actor's organisation. */
async function ownVolunteer(tx: Tx, actor: Actor, id: string): Promise<boolean> {
  const [v] = await tx
    .select({ id: s.volunteers.id })
    .from(s.volunteers)
    .where(and(eq(s.volunteers.id, id), eq(s.volunteers.organizationId, actor.organizationId)))
    .for("update");
  return !!v;
}

export async function addVolunteerNote(actor: Actor, input: unknown, ctx: AdminCtx, now = new Date()): Promise<Denied | Invalid<NoteField> | Ok<{ noteId: string }>> {
  return operation(actor, ctx, { action: "volunteer.note_add", schema: noteSchema, objectOfInvalid: volunteerObject }, input, async (tx, v, audit) => {
    const object = { type: "volunteer", id: v.volunteerId };
    if (!(await ownVolunteer(tx, actor, v.volunteerId))) return foreignObject(object);
    const [note] = await tx
      .insert(s.volunteerNotes)
      .values({ organizationId: actor.organizationId, volunteerId: v.volunteerId, authorUserId: actor.userId, body: v.body, createdAt: now })
      .returning({ id: s.volunteerNotes.id });
    await audit(object, { noteId: note.id, length: v.body.length });
    return { noteId: note.id };
  });
}

/** Adds a tag by name (a new name becomes a tag of the organisation; an existing one is reused, case-insensitively). */
export async function addVolunteerTag(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<TagField> | Ok<{ tagId: string }>> {
  return operation(actor, ctx, { action: "volunteer.tag_add", schema: tagSchema, objectOfInvalid: volunteerObject }, input, async (tx, v, audit) => {
    const object = { type: "volunteer", id: v.volunteerId };
    if (!(await ownVolunteer(tx, actor, v.volunteerId))) return foreignObject(object);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(s.volunteerTags).where(eq(s.volunteerTags.volunteerId, v.volunteerId));
    if (n >= MAX_TAGS_PER_VOLUNTEER) return rejected<TagField>({ name: "too_many_tags" }, object);
    await tx.insert(s.tags).values({ organizationId: actor.organizationId, name: v.name }).onConflictDoNothing();
    const [tag] = await tx
      .select({ id: s.tags.id })
      .from(s.tags)
      .where(and(eq(s.tags.organizationId, actor.organizationId), sql`lower(${s.tags.name}) = lower(${v.name})`));
    await tx.insert(s.volunteerTags).values({ volunteerId: v.volunteerId, tagId: tag.id }).onConflictDoNothing();
    await audit(object, { tagId: tag.id });
    return { tagId: tag.id };
  });
}

export async function removeVolunteerTag(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid | Ok> {
  return operation(actor, ctx, { action: "volunteer.tag_remove", schema: untagSchema, objectOfInvalid: volunteerObject }, input, async (tx, v, audit) => {
    const object = { type: "volunteer", id: v.volunteerId };
    if (!(await ownVolunteer(tx, actor, v.volunteerId))) return foreignObject(object);
    // the tag must be the organisation's own (a volunteer of this organisation never carries another's)
    const gone = await tx
      .delete(s.volunteerTags)
      .where(and(eq(s.volunteerTags.volunteerId, v.volunteerId), eq(s.volunteerTags.tagId, v.tagId), sql`exists (select 1 from ${s.tags} t where t.id = ${v.tagId} and t.organization_id = ${actor.organizationId})`))
      .returning({ tagId: s.volunteerTags.tagId });
    if (gone.length === 0) return foreignObject({ type: "tag", id: v.tagId });
    await audit(object, { tagId: v.tagId });
    return {};
  });
}

export type NoteRow = { id: string; body: string; createdAt: Date; author: string | null };
export type TagRow = { id: string; name: string };

/** A volunteer's notes, newest first, with the author's name or address (coordinator area only). */
export async function listVolunteerNotes(db: DbOrTx, organizationId: string, volunteerId: string): Promise<NoteRow[]> {
  return db
    .select({ id: s.volunteerNotes.id, body: s.volunteerNotes.body, createdAt: s.volunteerNotes.createdAt, author: sql<string | null>`coalesce(${s.users.name}, ${s.users.email})` })
    .from(s.volunteerNotes)
    .leftJoin(s.users, eq(s.users.id, s.volunteerNotes.authorUserId))
    .where(and(eq(s.volunteerNotes.volunteerId, volunteerId), eq(s.volunteerNotes.organizationId, organizationId)))
    .orderBy(desc(s.volunteerNotes.createdAt), desc(s.volunteerNotes.id));
}

export async function listVolunteerTags(db: DbOrTx, organizationId: string, volunteerId: string): Promise<TagRow[]> {
  return db
    .select({ id: s.tags.id, name: s.tags.name })
    .from(s.volunteerTags)
    .innerJoin(s.tags, eq(s.tags.id, s.volunteerTags.tagId))
    .where(and(eq(s.volunteerTags.volunteerId, volunteerId), eq(s.tags.organizationId, organizationId)))
    .orderBy(asc(sql`lower(${s.tags.name})`));
}

/** The organisation's tags (the directory filter and the suggestions when tagging), with how many volunteers carry each. */
export async function listOrganizationTags(db: DbOrTx, organizationId: string): Promise<(TagRow & { volunteers: number })[]> {
  return db
    .select({ id: s.tags.id, name: s.tags.name, volunteers: sql<number>`(select count(*)::int from volunteer_tags vt where vt.tag_id = "tags"."id")` })
    .from(s.tags)
    .where(eq(s.tags.organizationId, organizationId))
    .orderBy(asc(sql`lower(${s.tags.name})`));
}
