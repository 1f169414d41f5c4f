import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { fieldErrorsOf, gate, invalid, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
const text = (max: number) => z.string().trim().max(max, "too_long");

export const settingsSchema = z.object({
  name: text(120).min(1, "required"),
  emailSenderName: text(80).min(1, "required"),
  // SMS alphanumeric sender IDs: at most 11 letters/digits (carrier rule), must contain a letter.
  smsSenderName: z.string().trim().regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, "sms_sender_invalid"),
  timeZone: z.string().trim().refine((v) => TIME_ZONES.has(v), "time_zone_invalid"),
  privacyContact: text(300).min(1, "required"),
  address: text(300),
  imprint: text(4000).min(1, "required"),
});
export type SettingsField = keyof z.infer<typeof settingsSchema>;
export type SettingsValues = z.infer<typeof settingsSchema>;

export async function getOrganizationSettings(actor: Actor | null, ctx: AdminCtx): Promise<Denied | { ok: true; values: SettingsValues }> {
  const denied = await gate(actor, "admin", ctx, "organization.view_settings");
  if (denied) return denied;
  const db = await getDb();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.id, actor!.organizationId));
  return {
    ok: true,
    values: {
      name: org.name,
      emailSenderName: org.emailSenderName ?? org.name,
      smsSenderName: org.smsSenderName ?? "",
      timeZone: org.timeZone,
      privacyContact: org.settings.privacyContact ?? "",
      address: org.settings.address ?? "",
      imprint: org.settings.imprint ?? "",
    },
  };
}

export async function updateOrganizationSettings(
  actor: Actor | null,
  input: unknown,
  ctx: AdminCtx,
): Promise<Denied | Invalid<SettingsField> | { ok: true }> {
  const action = "organization.update_settings";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) return invalid(a, ctx, action, fieldErrorsOf<SettingsField>(parsed.error), { type: "organization", id: a.organizationId });
  const v = parsed.data;
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [org] = await tx.select().from(s.organizations).where(eq(s.organizations.id, a.organizationId)).for("update");
    await tx
      .update(s.organizations)
      .set({
        name: v.name,
        emailSenderName: v.emailSenderName,
        smsSenderName: v.smsSenderName,
        timeZone: v.timeZone,
        settings: { ...org.settings, privacyContact: v.privacyContact, address: v.address, imprint: v.imprint },
      })
      .where(eq(s.organizations.id, a.organizationId));
    const changed = (Object.keys(v) as SettingsField[]).filter((k) => {
      const before = k in org ? (org as Record<string, unknown>)[k] : (org.settings as Record<string, unknown>)[k];
      return (before ?? "") !== v[k];
    });
    await recordAudit(tx, {
      organizationId: a.organizationId,
      actorUserId: a.userId,
      actorType: "user",
      action,
      objectType: "organization",
      objectId: a.organizationId,
      ip: ctx.ip,
      details: { changed },
    });
  });
  return { ok: true };
}
