import { absoluteUrl } from "@/lib/urls";
import { brandOf } from "@/lib/organizations/branding-rules";
import { and, eq, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { areActiveActivities } from "@/lib/activities/queries";
import { recordAudit } from "@/lib/audit";
import { organizationOfForm } from "@/lib/organizations/public";
import { queueConfirmationLink } from "./confirm";
import { consentColumns, shownConsentText, type ConsentText } from "./consent";
import { queueVolunteerMessage } from "./notify";
import { hitPublicLimits } from "./rate-limits";
import { parseVolunteerForm, type FieldErrors, type VolunteerData, type VolunteerFormValues } from "./schema";
import { issueVolunteerToken } from "./tokens";

export type RegisterResult =
  | { ok: true }
  | { ok: false; error: "invalid"; fieldErrors: FieldErrors }
  | { ok: false; error: "rate_limited"; retryAfterMs: number }
  /** the organisation is suspended by the platform (lib/platform): nothing stored, nothing sent */
  | { ok: false; error: "not_taking_registrations" }
  /** a tampered organisation field: no such organisation */
  | { ok: false; error: "unknown_organization" };

/** The volunteer's own columns from the parsed form (registration and profile write the same ones). */
export function volunteerColumns(data: VolunteerData) {
  return {
    firstName: data.firstName,
    lastName: data.lastName,
    email: data.email,
    phone: data.phone,
    contactPreference: data.contactPreference,
    locale: data.locale,
    availableFlexible: data.flexible,
    hasDrivingLicence: data.hasDrivingLicence,
    hasCar: data.hasCar,
    postalCode: data.postalCode,
    note: data.note,
    maxRequestsPerWeek: data.maxRequestsPerWeek,
  };
}

export async function writeVolunteerDetails(tx: DbOrTx, volunteerId: string, data: VolunteerData) {
  await tx.delete(s.volunteerActivities).where(eq(s.volunteerActivities.volunteerId, volunteerId));
  await tx.delete(s.volunteerLanguages).where(eq(s.volunteerLanguages.volunteerId, volunteerId));
  await tx.delete(s.volunteerAvailability).where(eq(s.volunteerAvailability.volunteerId, volunteerId));
  if (data.activityIds.length) await tx.insert(s.volunteerActivities).values(data.activityIds.map((activityId) => ({ volunteerId, activityId })));
  if (data.languages.length) await tx.insert(s.volunteerLanguages).values(data.languages.map((language) => ({ volunteerId, language })));
  if (data.slots.length) await tx.insert(s.volunteerAvailability).values(data.slots.map((slot) => ({ volunteerId, ...slot })));
}

/**
 * Registration with double opt-in and without enumeration: whether the address or number is
 * new or already registered, the caller gets the same { ok: true } ("check your inbox/phone").
 * New contacts get a confirmation link per channel; a contact that already belongs to someone
 * gets a "you are already registered — manage your registration" message instead (or a fresh
 * confirmation link if that channel was never confirmed).
 */
export async function registerVolunteer(
  values: VolunteerFormValues,
  ctx: {
    ip: string | null;
    now?: Date;
    db?: Db;
    /** which consent text the form showed (its hidden fields) and the page's language */
    consent?: { version?: unknown; locale?: unknown };
    pageLocale?: unknown;
    /** the form's organisation slug (`/o/<slug>/register`); empty or missing: the public organisation */
    organization?: unknown;
  },
): Promise<RegisterResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const parsed = parseVolunteerForm(values, "register");
  if (!parsed.ok) return { ok: false, error: "invalid", fieldErrors: parsed.errors };
  const data = parsed.data;
  const org = await organizationOfForm(db, ctx.organization);
  if (!org) return { ok: false, error: "unknown_organization" };
  if (org.suspendedAt) return { ok: false, error: "not_taking_registrations" };
  if (!(await areActiveActivities(db, org.id, data.activityIds))) {
    return { ok: false, error: "invalid", fieldErrors: { activities: "activity_unknown" } };
  }
  const contacts = [data.email, data.phone].filter((c): c is string => !!c);
  const limited = await hitPublicLimits(db, "register", ctx.ip, contacts, now);
  if (!limited.ok) return { ok: false, error: "rate_limited", retryAfterMs: limited.retryAfterMs };

  for (let attempt = 0; ; attempt++) {
    try {
      const consent = shownConsentText(ctx.consent, ctx.pageLocale ?? data.locale, org.name);
      await db.transaction((tx) => registerInTransaction(tx, org, data, consent, ctx.ip, now));
      return { ok: true };
    } catch (err) {
      // Two sign-ups with the same address at the same moment: the unique index refuses the
      // second; run again, and it takes the "already registered" path.
      if (attempt === 0 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

async function registerInTransaction(tx: DbOrTx, org: s.Organization, data: VolunteerData, consent: ConsentText, ip: string | null, now: Date) {
  const existing = await tx
    .select()
    .from(s.volunteers)
    .where(
      and(
        eq(s.volunteers.organizationId, org.id),
        or(data.email ? eq(s.volunteers.email, data.email) : undefined, data.phone ? eq(s.volunteers.phone, data.phone) : undefined),
      ),
    );
  if (existing.length > 0) {
    for (const v of existing) {
      for (const channel of ["email", "sms"] as const) {
        const address = channel === "email" ? data.email : data.phone;
        const own = channel === "email" ? v.email : v.phone;
        if (!address || own !== address) continue;
        const confirmed = channel === "email" ? v.emailConfirmedAt : v.phoneConfirmedAt;
        const target = { organizationId: org.id, organizationName: org.name, brand: brandOf(org, absoluteUrl), volunteerId: v.id, channel, recipient: address, locale: toLocale(v.locale), firstName: v.firstName };
        if (confirmed) {
          const token = await issueVolunteerToken(tx, v.id, "volunteer_sign_in", now);
          await queueVolunteerMessage(tx, target, "already-registered", token);
        } else {
          await queueConfirmationLink(tx, target, now);
        }
      }
    }
    await recordAudit(tx, { organizationId: org.id, actorType: "volunteer", action: "volunteer.register_existing", objectType: "volunteer", objectId: existing[0].id, ip });
    return;
  }

  const [v] = await tx
    .insert(s.volunteers)
    .values({
      organizationId: org.id,
      ...volunteerColumns(data),
      status: "pending",
      // proof of consent: the exact text shown (version, language, SHA-256, controller), when and where
      ...consentColumns(consent, now),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await writeVolunteerDetails(tx, v.id, data);
  const base = { organizationId: org.id, organizationName: org.name, brand: brandOf(org, absoluteUrl), volunteerId: v.id, locale: data.locale, firstName: data.firstName };
  if (data.email) await queueConfirmationLink(tx, { ...base, channel: "email", recipient: data.email }, now);
  if (data.phone) await queueConfirmationLink(tx, { ...base, channel: "sms", recipient: data.phone }, now);
  await recordAudit(tx, { organizationId: org.id, actorType: "volunteer", action: "volunteer.registered", objectType: "volunteer", objectId: v.id, ip });
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}
