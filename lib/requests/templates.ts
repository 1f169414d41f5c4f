import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { foreignObject, operation, rejected, UUID_RE, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { Actor } from "@/lib/auth/guard-types";
import type { Ok } from "@/lib/result";
import { MAX_TEMPLATE_NAME_LENGTH } from "./template-limits";
import { defaultTimes, organizationFormSettings, type FormValuesOf } from "./form-values";

/**
 * Request templates: a request saved under a name (everything but its dates; its length kept as
 * a duration) to start new requests from. Organisation-scoped: another organisation's template
 * or request is refused (audited) and never shown.
 */


/** 1–80 characters after trimming, no control characters (tabs, line breaks, NUL …). */
export const templateName = z
  .string({ error: "required" })
  .trim()
  .min(1, { error: "required" })
  .max(MAX_TEMPLATE_NAME_LENGTH, { error: "too_long" })
  .regex(/^[^\p{Cc}]*$/u, { error: "control_characters" });

const id = z.string().regex(UUID_RE, "invalid");
export const saveTemplateSchema = z.object({ requestId: id, name: templateName });
export const deleteTemplateSchema = z.object({ templateId: id });
export type TemplateField = "name" | "requestId" | "templateId";

/** Saves a request of the actor's organisation as a named template (the name unique per organisation, case-insensitively). */
export async function saveRequestAsTemplate(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Ok<{ templateId: string }> | Denied | Invalid<TemplateField>> {
  return operation<typeof saveTemplateSchema, { templateId: string }, TemplateField>(
    actor,
    ctx,
    { action: "request.template_save", schema: saveTemplateSchema, objectOfInvalid: () => ({ type: "request_template" }) },
    input,
    async (tx, { requestId, name }, audit) => {
      const [r] = await tx.select().from(s.requests).where(and(eq(s.requests.id, requestId), eq(s.requests.organizationId, actor.organizationId)));
      if (!r) return foreignObject({ type: "request", id: requestId });
      if ((await nameTakenCaseless(tx, actor.organizationId, name))) return rejected<TemplateField>({ name: "name_taken" }, { type: "request", id: requestId });
      const [row] = await tx
        .insert(s.requestTemplates)
        .values({
          organizationId: actor.organizationId,
          name,
          activityId: r.activityId,
          title: r.title,
          details: r.details,
          place: r.place,
          durationMinutes: Math.max(1, Math.round((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000)),
          helpersNeeded: r.helpersNeeded,
          languageMode: r.languageMode,
          languages: r.languages,
          channels: r.channels,
          requireDrivingLicence: r.requireDrivingLicence,
          requireCar: r.requireCar,
          requiredQualificationId: r.requiredQualificationId,
          notifyPendingWhenFilled: r.notifyPendingWhenFilled,
          meetingPoint: r.meetingPoint,
          contactName: r.contactName,
          contactPhone: r.contactPhone,
          whatToBring: r.whatToBring,
          createdBy: actor.userId,
        })
        .returning({ id: s.requestTemplates.id });
      await audit({ type: "request_template", id: row.id }, { requestId, name });
      return { templateId: row.id };
    },
  );
}

async function nameTakenCaseless(tx: DbOrTx, organizationId: string, name: string): Promise<boolean> {
  const rows = await tx.select({ name: s.requestTemplates.name }).from(s.requestTemplates).where(eq(s.requestTemplates.organizationId, organizationId));
  return rows.some((r) => r.name.toLowerCase() === name.toLowerCase());
}

/** Deletes a template of the actor's organisation; another organisation's is refused and audited. */
export async function deleteTemplate(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Ok<{ name: string }> | Denied | Invalid<TemplateField>> {
  return operation<typeof deleteTemplateSchema, { name: string }, TemplateField>(
    actor,
    ctx,
    { action: "request.template_delete", schema: deleteTemplateSchema },
    input,
    async (tx, { templateId }, audit) => {
      const [row] = await tx
        .delete(s.requestTemplates)
        .where(and(eq(s.requestTemplates.id, templateId), eq(s.requestTemplates.organizationId, actor.organizationId)))
        .returning({ name: s.requestTemplates.name });
      if (!row) return foreignObject({ type: "request_template", id: templateId });
      await audit({ type: "request_template", id: templateId }, { name: row.name });
      return { name: row.name };
    },
  );
}

/** The organisation's templates, by name (the new-request page's list). */
export async function listTemplates(db: DbOrTx, organizationId: string): Promise<{ id: string; name: string; title: string }[]> {
  return db
    .select({ id: s.requestTemplates.id, name: s.requestTemplates.name, title: s.requestTemplates.title })
    .from(s.requestTemplates)
    .where(eq(s.requestTemplates.organizationId, organizationId))
    .orderBy(asc(s.requestTemplates.name));
}

/**
 * A template of the actor's organisation as the new-request form's values: its fields, starting
 * at the form's default time (tomorrow 09:00) for its duration. Null for another organisation's
 * template or none: the form starts empty.
 */
export async function templateRequestValues(db: DbOrTx, actor: Actor, templateId: string, now = new Date()): Promise<FormValuesOf | null> {
  if (!UUID_RE.test(templateId)) return null;
  const [t] = await db
    .select()
    .from(s.requestTemplates)
    .where(and(eq(s.requestTemplates.id, templateId), eq(s.requestTemplates.organizationId, actor.organizationId)));
  if (!t) return null;
  const { timeZone } = await organizationFormSettings(db, actor.organizationId);
  const times = defaultTimes(timeZone, t.durationMinutes, now);
  const on = (b: boolean) => (b ? "on" : "");
  return {
    activityId: t.activityId,
    title: t.title,
    details: t.details,
    place: t.place,
    ...times,
    helpersNeeded: String(t.helpersNeeded),
    languageMode: t.languageMode,
    languages: t.languages,
    channels: t.channels,
    requireDrivingLicence: on(t.requireDrivingLicence),
    requireCar: on(t.requireCar),
    requiredQualificationId: t.requiredQualificationId ?? "",
    notifyPendingWhenFilled: on(t.notifyPendingWhenFilled),
    meetingPoint: t.meetingPoint,
    contactName: t.contactName,
    contactPhone: t.contactPhone,
    whatToBring: t.whatToBring,
  };
}
