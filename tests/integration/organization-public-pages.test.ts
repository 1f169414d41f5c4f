import { and, eq } from "drizzle-orm";
import { isValidElement, type ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";
import { formFor, insertVolunteer, lastMessage } from "../helpers/volunteers";

// the public pages read translations and the language through next-intl: the real catalogues
vi.mock("next-intl/server", async () => {
  const { translator } = await import("@/i18n/translator");
  return {
    getLocale: async () => "de",
    getTranslations: async (ns: string) => {
      const [root, ...rest] = ns.split(".");
      const t = translator("de", root as "legal");
      return (key: string, values?: Record<string, unknown>) => (t as unknown as (k: string, v?: unknown) => string)([...rest, key].join("."), values);
    },
  };
});
vi.mock("next/server", async (orig) => ({ ...(await orig<typeof import("next/server")>()), connection: async () => undefined }));

const { invalidatePublicData } = await import("@/lib/cache/process-cache");
const { resolvePublicScope, landingOf, publicBaseOf, findOrganizationBySlug } = await import("@/lib/organizations/public");
const { updateOrganizationSettings, getOrganizationSettings } = await import("@/lib/organizations/settings");
const { registerVolunteer } = await import("@/lib/volunteers/register");
const { requestSignInLink } = await import("@/lib/volunteers/sign-in");
const { currentConsentText, consentText, CONSENT_VERSION } = await import("@/lib/volunteers/consent");
const { joinOrganization, joinFormValues, joinableOrganizations, listMemberships, joinTarget } = await import("@/lib/volunteers/join");
const { listVolunteers, parseDirectoryFilters } = await import("@/lib/volunteers/directory");
const { exportVolunteerData } = await import("@/lib/volunteers/export");
const ImprintPage = (await import("@/app/(public)/imprint/page")).default;

const t = setupTestDatabase();

type World = Awaited<ReturnType<typeof setUpOrganisations>>;
let w: World;
beforeEach(async () => {
  w = await setUpOrganisations(t.db);
});

const list = async (...ids: string[]) => t.db.update(s.organizations).set({ listed: true }).where(and(...ids.map((id) => eq(s.organizations.id, id))));
const otherActivity = async () => (await t.db.select().from(s.activities).where(eq(s.activities.organizationId, w.other.id)))[0];
const ownActivities = async () => t.db.select().from(s.activities).where(eq(s.activities.organizationId, w.org.id)).orderBy(s.activities.position);
const volunteersOf = (organizationId: string, email: string) =>
  t.db.select().from(s.volunteers).where(and(eq(s.volunteers.organizationId, organizationId), eq(s.volunteers.email, email)));

function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(" ");
  if (isValidElement(node)) return textOf((node.props as { children?: ReactNode }).children);
  return "";
}

describe("which organisation a public page belongs to", () => {
  it("is the public organisation at the short URLs and the named one under /o/<slug>; an unknown or malformed slug is none", async () => {
    expect(await resolvePublicScope(t.db)).toMatchObject({ org: { id: w.org.id }, base: "", slug: null });
    expect(await resolvePublicScope(t.db, "andere-stadt")).toMatchObject({ org: { id: w.other.id, name: "Andere Stadt" }, base: "/o/andere-stadt", slug: "andere-stadt" });
    expect(await resolvePublicScope(t.db, w.org.slug)).toMatchObject({ org: { id: w.org.id }, base: "", slug: w.org.slug });
    for (const slug of ["gibt-es-nicht", "../admin", "Andere-Stadt", "a b", "", "-x"]) expect(await resolvePublicScope(t.db, slug), slug).toBeNull();
    // links in messages: the public organisation keeps its short URLs
    expect(await publicBaseOf(t.db, w.org)).toBe("");
    expect(await publicBaseOf(t.db, w.other)).toBe("/o/andere-stadt");
  });

  it("fills the legal pages from that organisation's own settings", async () => {
    await t.db.update(s.organizations).set({ settings: { imprint: "Andere Stadt e. V., Marktplatz 2", address: "Marktplatz 2, 99999 Andere Stadt" } }).where(eq(s.organizations.id, w.other.id));
    const theirs = textOf(await ImprintPage({ params: Promise.resolve({ slug: "andere-stadt" }) }));
    expect(theirs).toContain("Andere Stadt e. V., Marktplatz 2");
    expect(theirs).toContain("Marktplatz 2, 99999 Andere Stadt");
    const ours = textOf(await ImprintPage({}));
    expect(ours).not.toContain("Marktplatz 2");
    expect(ours).toContain(w.org.name);
    await expect(ImprintPage({ params: Promise.resolve({ slug: "gibt-es-nicht" }) })).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
  });
});

describe("the list of organisations on /", () => {
  it("is not shown with none or one organisation listed (single-organisation installs keep their landing page)", async () => {
    expect(await landingOf(t.db)).toEqual({ kind: "single" });
    await list(w.other.id);
    expect(await landingOf(t.db)).toEqual({ kind: "single" });
  });

  it("shows every listed organisation by name once two opted in — an admin opts in on the settings page", async () => {
    await list(w.other.id);
    const shown = await getOrganizationSettings(w.actors.admin);
    expect(shown.values.listed).toBe("unlisted");
    expect(await updateOrganizationSettings(w.actors.admin, { ...shown.values, listed: "listed" }, { ip: null })).toEqual({ ok: true });
    const landing = await landingOf(t.db);
    expect(landing).toEqual({ kind: "list", organizations: [{ id: w.other.id, slug: "andere-stadt", name: "Andere Stadt", logoFile: null }, { id: w.org.id, slug: w.org.slug, name: w.org.name, logoFile: null }].sort((a, b) => a.name.localeCompare(b.name)) });
    // an admin of one organisation lists only their own
    const [other] = await t.db.select({ listed: s.organizations.listed }).from(s.organizations).where(eq(s.organizations.id, w.other.id));
    expect(other.listed).toBe(true);
    expect(await updateOrganizationSettings(w.actors.admin, { ...shown.values, listed: "unlisted" }, { ip: null })).toEqual({ ok: true });
    expect(await landingOf(t.db)).toEqual({ kind: "single" });
    expect((await updateOrganizationSettings(w.actors.admin, { ...shown.values, listed: "sometimes" }, { ip: null })).ok).toBe(false);
  });
});

describe("registration at /o/<slug>/register", () => {
  it("registers with that organisation, with a consent text that names it as the controller", async () => {
    const activity = await otherActivity();
    const values = await formFor(t.db, { email: "lena@example.net", activities: [activity.id], locale: "en" });
    expect(await registerVolunteer(values, { ip: null, db: t.db, organization: "andere-stadt", consent: { version: CONSENT_VERSION, locale: "en" }, pageLocale: "en" })).toEqual({ ok: true });
    const [v] = await volunteersOf(w.other.id, "lena@example.net");
    const shown = currentConsentText("en", "Andere Stadt");
    expect(shown.text).toContain("I agree that Andere Stadt stores my details");
    expect(v).toMatchObject({ status: "pending", consentVersion: CONSENT_VERSION, consentLocale: "en", consentController: "Andere Stadt", consentTextSha256: shown.sha256 });
    // the proof survives a rename: version + language + stored controller give back the text
    await t.db.update(s.organizations).set({ name: "Umbenannt" }).where(eq(s.organizations.id, w.other.id));
    expect(consentText(v.consentVersion!, v.consentLocale!, v.consentController)!.sha256).toBe(v.consentTextSha256);
    expect(await volunteersOf(w.org.id, "lena@example.net")).toEqual([]);
    const mail = await lastMessage(t.db, "lena@example.net", "confirm-email");
    expect(mail).toMatchObject({ organizationId: w.other.id });
    expect(mail.subject).toContain("Andere Stadt");
  });

  it("registers at the short URL with the public organisation, naming it", async () => {
    const values = await formFor(t.db, { email: "karl@example.net", activities: [(await ownActivities())[0].id] });
    expect(await registerVolunteer(values, { ip: null, db: t.db })).toEqual({ ok: true });
    const [v] = await volunteersOf(w.org.id, "karl@example.net");
    expect(v).toMatchObject({ consentController: w.org.name, consentTextSha256: currentConsentText("de", w.org.name).sha256 });
  });

  it("refuses another organisation's activities and a forged organisation, and writes nothing", async () => {
    const own = (await ownActivities())[0];
    const values = await formFor(t.db, { email: "mia@example.net", activities: [own.id] });
    expect(await registerVolunteer(values, { ip: null, db: t.db, organization: "andere-stadt" })).toEqual({ ok: false, error: "invalid", fieldErrors: { activities: "activity_unknown" } });
    expect(await registerVolunteer(values, { ip: null, db: t.db, organization: "gibt-es-nicht" })).toEqual({ ok: false, error: "unknown_organization" });
    expect(await t.db.select().from(s.volunteers).where(eq(s.volunteers.email, "mia@example.net"))).toEqual([]);
  });
});

describe("signing in", () => {
  it("at /manage sends one link per organisation the address is registered with; at /o/<slug>/manage only that one's", async () => {
    await insertVolunteer(t.db, { organizationId: w.org.id, email: "both@example.net", emailConfirmedAt: new Date() });
    await insertVolunteer(t.db, { organizationId: w.other.id, email: "both@example.net", emailConfirmedAt: new Date() });
    const signIns = () => t.db.select().from(s.messages).where(and(eq(s.messages.recipient, "both@example.net"), eq(s.messages.kind, "sign-in")));
    await requestSignInLink("both@example.net", { ip: null, db: t.db, organization: "andere-stadt" });
    expect((await signIns()).map((m) => m.organizationId)).toEqual([w.other.id]);
    await requestSignInLink("both@example.net", { ip: null, db: t.db });
    expect((await signIns()).map((m) => m.organizationId).sort()).toEqual([w.org.id, w.other.id, w.other.id].sort());
    // an unknown organisation: the same answer, nothing sent
    expect(await requestSignInLink("both@example.net", { ip: null, db: t.db, organization: "gibt-es-nicht" })).toEqual({ ok: true, channel: "email" });
    expect(await signIns()).toHaveLength(3);
  });
});

describe("joining another listed organisation from the profile", () => {
  async function confirmedVolunteer() {
    const [first, second] = await ownActivities();
    await t.db
      .update(s.volunteers)
      .set({ email: "amira@example.net", emailConfirmedAt: new Date("2026-10-01T10:00:00Z"), phone: "+4915112345678", phoneConfirmedAt: null, note: "Nur vormittags, bitte", postalCode: "12345", locale: "ar", contactPreference: "email" })
      .where(eq(s.volunteers.id, w.volunteer.id));
    await t.db.insert(s.volunteerActivities).values([first, second].map((a) => ({ volunteerId: w.volunteer.id, activityId: a.id })));
    await t.db.insert(s.volunteerLanguages).values([{ volunteerId: w.volunteer.id, language: "ar" }]);
    await t.db.insert(s.volunteerAvailability).values([{ volunteerId: w.volunteer.id, weekday: 2, partOfDay: "morning" }]);
    return { first, second };
  }

  it("creates the volunteer's own record there: a copy they confirmed, with their consent naming that organisation", async () => {
    const { first } = await confirmedVolunteer();
    await list(w.other.id);
    const [before] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id));
    expect((await joinableOrganizations(w.volunteer.id, t.db)).map((o) => o.slug)).toEqual(["andere-stadt"]);

    // the form starts with their details, the other organisation's matching activity, no note, consent not given
    const initial = (await joinFormValues(w.volunteer.id, w.other.id, t.db))!;
    const theirs = await otherActivity();
    expect(first.key).toBe(theirs.key); // "driving" in both
    expect(initial).toMatchObject({ email: "amira@example.net", phone: "+4915112345678", languages: ["ar"], activities: [theirs.id], note: "", consent: false, locale: "ar" });

    const result = await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, consent: true }, { db: t.db, consent: { version: CONSENT_VERSION, locale: "ar" }, pageLocale: "ar", ip: "203.0.113.9" });
    expect(result).toEqual({ ok: true, organization: { slug: "andere-stadt", name: "Andere Stadt" }, reconfirm: ["sms"] });

    const [copy] = await volunteersOf(w.other.id, "amira@example.net");
    const shown = currentConsentText("ar", "Andere Stadt");
    expect(copy).toMatchObject({
      organizationId: w.other.id,
      firstName: "Amira",
      status: "active",
      note: null,
      consentVersion: CONSENT_VERSION,
      consentLocale: "ar",
      consentController: "Andere Stadt",
      consentTextSha256: shown.sha256,
      // the address confirmed in the record signed in to counts; the never-confirmed number does not
      emailConfirmedAt: new Date("2026-10-01T10:00:00Z"),
      phoneConfirmedAt: null,
    });
    expect(copy.id).not.toBe(w.volunteer.id);
    const acts = await t.db.select().from(s.volunteerActivities).where(eq(s.volunteerActivities.volunteerId, copy.id));
    expect(acts.map((a) => a.activityId)).toEqual([theirs.id]);
    // the number gets its own confirmation link, from the organisation joined
    expect(await lastMessage(t.db, "+4915112345678", "confirm-phone")).toMatchObject({ organizationId: w.other.id, volunteerId: copy.id });

    // the first record is untouched
    const [after] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id));
    expect(after).toEqual(before);

    // audited for the organisation joined only
    const audits = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.joined"));
    expect(audits).toEqual([expect.objectContaining({ organizationId: w.other.id, objectId: copy.id, actorType: "volunteer" })]);

    // each organisation sees only its own record
    const ours = await listVolunteers(w.actors.admin, parseDirectoryFilters({}));
    const theirsDir = await listVolunteers(w.actors.otherAdmin, parseDirectoryFilters({}));
    expect(ours.rows.map((r) => r.id)).toContain(w.volunteer.id);
    expect(ours.rows.map((r) => r.id)).not.toContain(copy.id);
    expect(theirsDir.rows.map((r) => r.id)).toContain(copy.id);
    expect(theirsDir.rows.map((r) => r.id)).not.toContain(w.volunteer.id);
    // their data export of one record says nothing of the other organisation's notes
    const exported = JSON.stringify(await exportVolunteerData(copy.id, t.db));
    expect(exported).not.toContain("Nur vormittags");
    expect(exported).toContain("Andere Stadt");

    // the profile shows both; there is nothing more to join
    expect((await listMemberships(w.volunteer.id, t.db)).map((m) => [m.name, m.current, m.base])).toEqual([
      [w.org.name, true, ""],
      ["Andere Stadt", false, "/o/andere-stadt"],
    ]);
    expect(await joinableOrganizations(w.volunteer.id, t.db)).toEqual([]);
    expect(await joinTarget(w.volunteer.id, "andere-stadt", t.db)).toEqual({ ok: false, error: "already_member" });
    expect(await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, consent: true }, { db: t.db })).toEqual({ ok: false, error: "already_member" });
  });

  it("a suspended organisation leaves the list on / and takes no joins, but keeps its public pages (privacy notice, imprint, /manage)", async () => {
    await confirmedVolunteer();
    await list(w.other.id);
    await list(w.org.id);
    invalidatePublicData();
    expect((await joinableOrganizations(w.volunteer.id, t.db)).map((o) => o.slug)).toEqual(["andere-stadt"]);
    await t.db.update(s.organizations).set({ suspendedAt: new Date() }).where(eq(s.organizations.id, w.other.id));
    invalidatePublicData();
    expect(await joinableOrganizations(w.volunteer.id, t.db)).toEqual([]);
    expect(await landingOf(t.db)).toEqual({ kind: "single" });
    expect(await joinTarget(w.volunteer.id, "andere-stadt", t.db)).toEqual({ ok: false, error: "closed" });
    const initial = (await joinFormValues(w.volunteer.id, w.other.id, t.db))!;
    expect(await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, consent: true }, { db: t.db })).toEqual({ ok: false, error: "closed" });
    expect(await t.db.select().from(s.volunteers).where(eq(s.volunteers.organizationId, w.other.id))).toHaveLength(1); // only Otto
    expect(await resolvePublicScope(t.db, "andere-stadt")).toMatchObject({ org: { id: w.other.id }, base: "/o/andere-stadt" });
  });

  it("needs the consent box, the other organisation's activities, and a listed organisation", async () => {
    await confirmedVolunteer();
    const initial = (await joinFormValues(w.volunteer.id, w.other.id, t.db))!;
    expect(await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, consent: true }, { db: t.db })).toEqual({ ok: false, error: "not_listed" });
    await list(w.other.id);
    expect(await joinOrganization(w.volunteer.id, "andere-stadt", initial, { db: t.db })).toMatchObject({ ok: false, error: "invalid", fieldErrors: { consent: expect.any(String) } });
    const own = (await ownActivities())[0];
    expect(await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, consent: true, activities: [own.id] }, { db: t.db })).toEqual({ ok: false, error: "invalid", fieldErrors: { activities: "activity_unknown" } });
    expect(await joinOrganization(w.volunteer.id, "gibt-es-nicht", { ...initial, consent: true }, { db: t.db })).toEqual({ ok: false, error: "not_found" });
    expect(await t.db.select().from(s.volunteers).where(eq(s.volunteers.organizationId, w.other.id))).toHaveLength(1); // only Otto
  });

  it("confirms a changed address again and stays pending until then", async () => {
    await confirmedVolunteer();
    await list(w.other.id);
    const initial = (await joinFormValues(w.volunteer.id, w.other.id, t.db))!;
    const result = await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, email: "amira.neu@example.net", phone: "", contactPreference: "email", consent: true }, { db: t.db });
    expect(result).toMatchObject({ ok: true, reconfirm: ["email"] });
    const [copy] = await volunteersOf(w.other.id, "amira.neu@example.net");
    expect(copy).toMatchObject({ status: "pending", emailConfirmedAt: null });
    expect(await lastMessage(t.db, "amira.neu@example.net", "confirm-email")).toMatchObject({ organizationId: w.other.id });
  });

  it("does not take over a sign-up there with the same address that was never confirmed", async () => {
    await confirmedVolunteer();
    await list(w.other.id);
    await insertVolunteer(t.db, { organizationId: w.other.id, email: "amira@example.net", status: "pending" });
    // not a membership (unconfirmed), but the address is taken there
    expect((await listMemberships(w.volunteer.id, t.db)).map((m) => m.name)).toEqual([w.org.name]);
    const initial = (await joinFormValues(w.volunteer.id, w.other.id, t.db))!;
    expect(await joinOrganization(w.volunteer.id, "andere-stadt", { ...initial, phone: "", consent: true }, { db: t.db })).toEqual({ ok: false, error: "contact_taken" });
    expect(await volunteersOf(w.other.id, "amira@example.net")).toHaveLength(1);
  });

  it("finds the organisation by slug only when it exists", async () => {
    expect((await findOrganizationBySlug(t.db, "andere-stadt"))?.id).toBe(w.other.id);
    expect(await findOrganizationBySlug(t.db, 42)).toBeNull();
  });
});
