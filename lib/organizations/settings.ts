import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { quietHoursOf } from "@/lib/requests/quiet-hours";
import { reminderHoursOf } from "@/lib/requests/reminders";
import { retentionOf } from "@/lib/retention";
import { fieldErrorsOf, gate, invalid, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
const text = (max: number) => z.string().trim().max(max, "too_long");
/** a whole number typed into a form field, within bounds (the error code names the bounds' kind) */
const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, "number_invalid")
    .transform(Number)
    .pipe(z.number().min(min, "number_range").max(max, "number_range"));

export const settingsSchema = z.object({
  name: text(120).min(1, "required"),
  emailSenderName: text(80).min(1, "required"),
  // SMS alphanumeric sender IDs: at most 11 letters/digits (carrier rule), must contain a letter.
  smsSenderName: z.string().trim().regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, "sms_sender_invalid"),
  timeZone: z.string().trim().refine((v) => TIME_ZONES.has(v), "time_zone_invalid"),
  privacyContact: text(300).min(1, "required"),
  address: text(300),
  imprint: text(4000).min(1, "required"),
  // timed work (issue 7): reminders, quiet hours for SMS, retention periods
  reminder1Hours: whole(1, 336),
  reminder2Hours: whole(0, 336), // 0 = no second reminder
  quietStart: whole(0, 23),
  quietEnd: whole(0, 23),
  urgentWithinHours: whole(0, 48),
  unconfirmedDays: whole(1, 90),
  messageBodyDays: whole(1, 3650),
  inactiveMonths: whole(1, 240),
  inactiveNoticeDays: whole(1, 365),
  // issue 13: IP addresses in the audit log (optional in the input: a form without the field keeps the stored value)
  auditIpDays: whole(1, 3650).optional(),
});
/** What the form shows and sends: numbers travel as text. */
export type SettingsFormValues = Record<keyof z.input<typeof settingsSchema>, string>;
export type SettingsField = keyof z.infer<typeof settingsSchema>;
export type SettingsValues = z.infer<typeof settingsSchema>;

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
            auditIpDays: v.auditIpDays ?? retentionOf(org.settings).auditIpDays,
          },
        },
      })
      .where(eq(s.organizations.id, a.organizationId));
    const before = { ...timedWorkFormValues(org.settings), ...org.settings, ...org } as Record<string, unknown>;
    const changed = (Object.keys(v) as SettingsField[]).filter((k) => v[k] !== undefined && String(before[k] ?? "") !== String(v[k]));
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

/** The effective timed-work settings (defaults filled in) as form values. */
function timedWorkFormValues(settings: s.OrganizationSettings) {
  const [r1, r2] = reminderHoursOf(settings);
  const q = quietHoursOf(settings);
  const r = retentionOf(settings);
  return {
    reminder1Hours: String(r1),
    reminder2Hours: String(r2),
    quietStart: String(q.start),
    quietEnd: String(q.end),
    urgentWithinHours: String(q.urgentWithinHours),
    unconfirmedDays: String(r.unconfirmedDays),
    messageBodyDays: String(r.messageBodyDays),
    inactiveMonths: String(r.inactiveMonths),
    inactiveNoticeDays: String(r.inactiveNoticeDays),
    auditIpDays: String(r.auditIpDays),
  };
}
