import { and, asc, eq, inArray, isNotNull, ne, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { areActiveActivities } from "@/lib/activities/queries";
import { recordAudit } from "@/lib/audit";
import { findOrganizationBySlug, listListedOrganizations, publicBaseOf, type ListedOrganization } from "@/lib/organizations/public";
import { queueConfirmationLink } from "./confirm";
import { consentColumns, shownConsentText } from "./consent";
import { loadProfile } from "./profile";
import { isUniqueViolation, volunteerColumns, writeVolunteerDetails } from "./register";
import { parseVolunteerForm, type FieldErrors, type VolunteerFormValues } from "./schema";

/**
 * A volunteer joins a further organisation from the profile (issue 16). Each organisation keeps
 * its own record (volunteers are per organisation; each sees only its own), so joining creates a
 * new record in the other organisation: a copy of the contact data and the choices the volunteer
 * confirmed on the join form, with the volunteer's own consent naming THAT organisation as the
 * controller. Nothing of the first record changes, and the first organisation learns nothing.
 *
 * Confirmation carried over: an e-mail address or mobile number that is exactly the one confirmed
 * in the record the volunteer is signed in to counts as confirmed in the copy (its confirmation
 * time is copied). The double opt-in proves that whoever consents controls the address; here the
 * consent is given inside a session opened by a single-use link sent to that very record, whose
 * addresses were confirmed by the same person — a second confirmation message would prove nothing
 * new. An address changed on the join form (or never confirmed) is not carried over: it gets its
 * own confirmation link, exactly as at registration. Opt-outs, bounces and the note to the
 * coordinators are the first organisation's business and are not copied.
 */

export type Membership = { id: string; slug: string; name: string; base: string; current: boolean };

/**
 * The organisations this volunteer belongs to: the record signed in to, and every record of
 * another organisation with the same confirmed e-mail address or mobile number (confirmed there
 * too — an unconfirmed sign-up with someone's address is not theirs).
 */
export async function listMemberships(volunteerId: string, db?: Db): Promise<Membership[]> {
  const d = db ?? (await getDb());
  const [v] = await d.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId));
  if (!v) return [];
  const same = or(
    v.email && v.emailConfirmedAt ? and(eq(s.volunteers.email, v.email), isNotNull(s.volunteers.emailConfirmedAt)) : undefined,
    v.phone && v.phoneConfirmedAt ? and(eq(s.volunteers.phone, v.phone), isNotNull(s.volunteers.phoneConfirmedAt)) : undefined,
  );
  const others = same
    ? await d
        .selectDistinct({ id: s.organizations.id, slug: s.organizations.slug, name: s.organizations.name })
        .from(s.volunteers)
        .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
        .where(and(ne(s.volunteers.organizationId, v.organizationId), same))
    : [];
  const [own] = await d.select({ id: s.organizations.id, slug: s.organizations.slug, name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, v.organizationId));
  const all = [{ ...own, current: true }, ...others.sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ ...o, current: false }))];
  return Promise.all(all.map(async (o) => ({ ...o, base: await publicBaseOf(d, o) })));
}

/** The listed organisations this volunteer could join (listed, and not one they belong to). */
export async function joinableOrganizations(volunteerId: string, db?: Db): Promise<ListedOrganization[]> {
  const d = db ?? (await getDb());
  const member = new Set((await listMemberships(volunteerId, d)).map((m) => m.id));
  return (await listListedOrganizations(d)).filter((o) => !member.has(o.id));
}

export type JoinTarget = { ok: true; organization: s.Organization } | { ok: false; error: "not_found" | "not_listed" | "closed" | "already_member" };

/** Whether the volunteer may join the organisation with that slug (the join page and the action ask the same). */
export async function joinTarget(volunteerId: string, slug: unknown, db?: Db): Promise<JoinTarget> {
  const d = db ?? (await getDb());
  const org = await findOrganizationBySlug(d, slug);
  if (!org) return { ok: false, error: "not_found" };
  // an organisation that is not listed takes sign-ups only on its own registration page
  if (!org.listed) return { ok: false, error: "not_listed" };
  // a suspended organisation takes no registrations (lib/volunteers/register.ts), joins neither
  if (org.suspendedAt) return { ok: false, error: "closed" };
  if ((await listMemberships(volunteerId, d)).some((m) => m.id === org.id)) return { ok: false, error: "already_member" };
  return { ok: true, organization: org };
}

/**
 * What the join form starts with: the volunteer's own details, the activities of the other
 * organisation that have the same key as theirs, no note (it was addressed to the first
 * organisation) and the consent box not ticked.
 */
export async function joinFormValues(volunteerId: string, targetOrganizationId: string, db?: Db): Promise<VolunteerFormValues | null> {
  const d = db ?? (await getDb());
  const profile = await loadProfile(volunteerId, d);
  if (!profile) return null;
  const ownKeys = profile.values.activities.length
    ? (await d.select({ key: s.activities.key }).from(s.activities).where(inArray(s.activities.id, profile.values.activities))).map((a) => a.key)
    : [];
  const matching = ownKeys.length
    ? await d
        .select({ id: s.activities.id })
        .from(s.activities)
        .where(and(eq(s.activities.organizationId, targetOrganizationId), eq(s.activities.active, true), inArray(s.activities.key, ownKeys)))
        .orderBy(asc(s.activities.position))
    : [];
  return { ...profile.values, activities: matching.map((a) => a.id), note: "", consent: false };
}

export type JoinResult =
  | { ok: true; organization: { slug: string; name: string }; reconfirm: ("email" | "sms")[] }
  | { ok: false; error: "invalid"; fieldErrors: FieldErrors }
  | { ok: false; error: "not_found" | "not_listed" | "closed" | "already_member" | "contact_taken" };

export async function joinOrganization(
  volunteerId: string,
  slug: unknown,
  values: VolunteerFormValues,
  ctx: { ip?: string | null; now?: Date; db?: Db; consent?: { version?: unknown; locale?: unknown }; pageLocale?: unknown },
): Promise<JoinResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const target = await joinTarget(volunteerId, slug, db);
  if (!target.ok) return target;
  const org = target.organization;
  const parsed = parseVolunteerForm(values, "register");
  if (!parsed.ok) return { ok: false, error: "invalid", fieldErrors: parsed.errors };
  const data = parsed.data;
  if (!(await areActiveActivities(db, org.id, data.activityIds))) return { ok: false, error: "invalid", fieldErrors: { activities: "activity_unknown" } };
  const [source] = await db.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId));
  if (!source) return { ok: false, error: "not_found" };
  // the text shown on the join form, naming the organisation joined as the controller
  const consent = shownConsentText(ctx.consent, ctx.pageLocale ?? data.locale, org.name);
  const emailConfirmedAt = data.email && data.email === source.email ? source.emailConfirmedAt : null;
  const phoneConfirmedAt = data.phone && data.phone === source.phone ? source.phoneConfirmedAt : null;
  try {
    return await db.transaction(async (tx) => {
      if (await contactTaken(tx, org.id, data.email, data.phone)) return { ok: false as const, error: "contact_taken" as const };
      const [v] = await tx
        .insert(s.volunteers)
        .values({
          organizationId: org.id,
          ...volunteerColumns(data),
          note: null,
          status: emailConfirmedAt || phoneConfirmedAt ? "active" : "pending",
          ...consentColumns(consent, now),
          emailConfirmedAt,
          phoneConfirmedAt,
          lastActiveAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeVolunteerDetails(tx, v.id, data);
      const reconfirm: ("email" | "sms")[] = [];
      const base = { organizationId: org.id, organizationName: org.name, volunteerId: v.id, locale: data.locale, firstName: data.firstName };
      if (data.email && !emailConfirmedAt) {
        await queueConfirmationLink(tx, { ...base, channel: "email", recipient: data.email }, now);
        reconfirm.push("email");
      }
      if (data.phone && !phoneConfirmedAt) {
        await queueConfirmationLink(tx, { ...base, channel: "sms", recipient: data.phone }, now);
        reconfirm.push("sms");
      }
      // recorded for the organisation joined only: the first one is not told where else the volunteer helps
      await recordAudit(tx, {
        organizationId: org.id,
        actorType: "volunteer",
        action: "volunteer.joined",
        objectType: "volunteer",
        objectId: v.id,
        ip: ctx.ip,
        details: { consentVersion: consent.version, carriedOver: [emailConfirmedAt ? "email" : null, phoneConfirmedAt ? "sms" : null].filter(Boolean) },
      });
      return { ok: true as const, organization: { slug: org.slug, name: org.name }, reconfirm };
    });
  } catch (err) {
    // the same address registered there at the same moment: the unique index refuses the copy
    if (isUniqueViolation(err)) return { ok: false, error: "contact_taken" };
    throw err;
  }
}

async function contactTaken(tx: DbOrTx, organizationId: string, email: string | null, phone: string | null): Promise<boolean> {
  const contact = or(email ? eq(s.volunteers.email, email) : undefined, phone ? eq(s.volunteers.phone, phone) : undefined);
  if (!contact) return false;
  const [row] = await tx.select({ id: s.volunteers.id }).from(s.volunteers).where(and(eq(s.volunteers.organizationId, organizationId), contact)).limit(1);
  return !!row;
}
