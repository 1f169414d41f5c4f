import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { fieldErrorsOf, gate, invalid, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import { settingsSchema, timedWorkFormValues, type SettingsField, type SettingsFormValues } from "./settings-schema";

/** The form's schema, defaults and readers live in settings-schema.ts (pure; the timed work reads them there). */
export type { SettingsField, SettingsFormValues, SettingsValues } from "./settings-schema";

export async function getOrganizationSettings(actor: Actor | null, ctx: AdminCtx): Promise<Denied | { ok: true; values: SettingsFormValues }> {
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
      ...timedWorkFormValues(org.settings),
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
        settings: {
          ...org.settings,
          privacyContact: v.privacyContact,
          address: v.address,
          imprint: v.imprint,
          reminderHours: v.reminder2Hours > 0 ? [v.reminder1Hours, v.reminder2Hours] : [v.reminder1Hours],
          quietHours: { start: v.quietStart, end: v.quietEnd, urgentWithinHours: v.urgentWithinHours },
          retention: {
            ...org.settings.retention,
            unconfirmedDays: v.unconfirmedDays,
            messageBodyDays: v.messageBodyDays,
            inactiveMonths: v.inactiveMonths,
            inactiveNoticeDays: v.inactiveNoticeDays,
          },
        },
      })
      .where(eq(s.organizations.id, a.organizationId));
    const before = { ...timedWorkFormValues(org.settings), ...org.settings, ...org } as Record<string, unknown>;
    const changed = (Object.keys(v) as SettingsField[]).filter((k) => String(before[k] ?? "") !== String(v[k]));
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

