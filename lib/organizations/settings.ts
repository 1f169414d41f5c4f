import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import type { AdminActor } from "@/lib/auth/guard-types";
import { operation, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import { invalidatePublicData } from "@/lib/cache/process-cache";
import { ok, type Ok } from "@/lib/result";
import { defaultDurationOf, reopenAskPerSeatOf, showOpenNeedsCountOf, escalationHoursOf, retentionOf, settingsSchema, timedWorkFormValues, type SettingsField, type SettingsFormValues } from "./settings-schema";
import { accessibilityFormValues, mergeAccessibilitySettings } from "@/lib/accessibility/settings";

/** The form's schema, defaults and readers live in settings-schema.ts (pure; the timed work reads them there). */
export type { SettingsField, SettingsFormValues, SettingsValues } from "./settings-schema";

export async function getOrganizationSettings(actor: AdminActor): Promise<Ok<{ values: SettingsFormValues }>> {
  const db = await getDb();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
  return ok({
    values: {
      name: org.name,
      emailSenderName: org.emailSenderName ?? org.name,
      smsSenderName: org.smsSenderName ?? "",
      timeZone: org.timeZone,
      privacyContact: org.settings.privacyContact ?? "",
      address: org.settings.address ?? "",
      imprint: org.settings.imprint ?? "",
      listed: org.listed ? "listed" : "unlisted",
      ...timedWorkFormValues(org.settings),
      ...accessibilityFormValues(org.settings),
    },
  });
}

export async function updateOrganizationSettings(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<SettingsField> | Ok> {
  const object = { type: "organization", id: actor.organizationId };
  const op = { action: "organization.update_settings", schema: settingsSchema, objectOfInvalid: () => object };
  // after the transaction: this process's public pages show the change at once, others within the TTL
  return operation(actor, ctx, op, input, async (tx, v, audit) => {
    const [org] = await tx.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId)).for("update");
    await tx
      .update(s.organizations)
      .set({
        name: v.name,
        emailSenderName: v.emailSenderName,
        smsSenderName: v.smsSenderName,
        timeZone: v.timeZone,
        listed: v.listed ? v.listed === "listed" : org.listed,
        settings: {
          ...org.settings,
          privacyContact: v.privacyContact,
          address: v.address,
          imprint: v.imprint,
          reminderHours: v.reminder2Hours > 0 ? [v.reminder1Hours, v.reminder2Hours] : [v.reminder1Hours],
          quietHours: { start: v.quietStart, end: v.quietEnd, urgentWithinHours: v.urgentWithinHours },
          escalationHoursBefore: v.escalationHoursBefore ?? escalationHoursOf(org.settings),
          retention: {
            ...org.settings.retention,
            unconfirmedDays: v.unconfirmedDays,
            messageBodyDays: v.messageBodyDays,
            inactiveMonths: v.inactiveMonths,
            inactiveNoticeDays: v.inactiveNoticeDays,
            auditIpDays: v.auditIpDays ?? retentionOf(org.settings).auditIpDays,
          },
          accessibility: mergeAccessibilitySettings(org.settings.accessibility, v),
          defaultDurationMinutes: v.defaultDurationMinutes ?? defaultDurationOf(org.settings),
          reopenAskPerSeat: v.reopenAskPerSeat ?? reopenAskPerSeatOf(org.settings),
          showOpenNeedsCount: v.showOpenNeedsCount ? v.showOpenNeedsCount === "show" : showOpenNeedsCountOf(org.settings),
        },
      })
      .where(eq(s.organizations.id, actor.organizationId));
    const before = { ...timedWorkFormValues(org.settings), ...accessibilityFormValues(org.settings), ...org.settings, ...org, listed: org.listed ? "listed" : "unlisted" } as Record<string, unknown>;
    const changed = (Object.keys(v) as SettingsField[]).filter((k) => v[k] !== undefined && String(before[k] ?? "") !== String(v[k]));
    await audit(object, { changed });
    return {};
  }).finally(invalidatePublicData);
}

