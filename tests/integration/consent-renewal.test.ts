import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import * as s from "@/db/schema";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";
import { cookieJar, formData, redirectOf } from "../helpers/next";
import { formFor, volunteerBy } from "../helpers/volunteers";

// pages and actions read the volunteer's session cookie and the IP (tests/helpers/next.ts) and the page language
let pageLocale = "de";
vi.mock("next-intl/server", () => ({ getLocale: async () => pageLocale, getTranslations: async () => (k: string) => k, getFormatter: async () => ({ dateTime: (d: Date) => d.toISOString() }) }));

const { resetConfigForTests } = await import("@/lib/config");
const { CONSENT_VERSION, currentConsentText } = await import("@/lib/volunteers/consent");
const { registerVolunteer } = await import("@/lib/volunteers/register");
const { VOLUNTEER_SESSION_COOKIE } = await import("@/lib/volunteers/session");
const { listVolunteers, getVolunteerDetail } = await import("@/lib/volunteers/directory");
const { matchVolunteers } = await import("@/lib/requests/matching");
const ProfilePage = (await import("@/app/(public)/profile/page")).default;
const ConsentPage = (await import("@/app/(public)/profile/consent/page")).default;
const { acceptConsentAction, declineConsentAction } = await import("@/app/(public)/profile/consent/actions");
const { registerAction } = await import("@/app/(public)/register/actions");

const t = setupTestDatabase();

type World = Awaited<ReturnType<typeof setUpOrganisations>>;
let w: World;
beforeEach(async () => {
  pageLocale = "de";
  w = await setUpOrganisations(t.db);
});

/** The fixture volunteer signed in, having agreed to an older text once. */
async function signedInWithOldConsent(status: "active" | "paused" = "active") {
  await t.db
    .update(s.volunteers)
    .set({ consentVersion: "2025-03-v0", consentLocale: "de", consentTextSha256: "0".repeat(64), consentAt: new Date("2025-03-01T10:00:00Z"), status, emailConfirmedAt: new Date() })
    .where(eq(s.volunteers.id, w.volunteer.id));
  cookieJar.set(VOLUNTEER_SESSION_COOKIE, w.volunteerSession);
}

async function fixture() {
  const [v] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id));
  return v;
}

describe("proof of consent at registration", () => {
  it("stores the version, language and SHA-256 of the exact text the form showed, with time and channel", async () => {
    pageLocale = "en";
    const fd = new FormData();
    const values = await formFor(t.db, { locale: "de" }); // messages in German, the form was read in English
    for (const [k, v] of Object.entries(values)) {
      if (Array.isArray(v)) v.forEach((x) => fd.append(k, String(x)));
      else if (typeof v === "boolean") { if (v) fd.set(k, "on"); }
      else fd.set(k, String(v));
    }
    fd.set("consentVersion", CONSENT_VERSION);
    fd.set("consentLocale", "en");
    expect(await redirectOf(registerAction({ values }, fd))).toMatch(/^\/register\/sent/);
    const v = await volunteerBy(t.db, "anna.testfrau@example.net");
    const en = currentConsentText("en", w.org.name);
    expect(v).toMatchObject({ consentVersion: CONSENT_VERSION, consentLocale: "en", consentTextSha256: en.sha256, consentChannel: "web", locale: "de" });
    expect(en.text).toContain("I agree");
  });

  it("records the page's language when the hidden fields are missing or forged", async () => {
    await registerVolunteer(await formFor(t.db), { ip: null, db: t.db, consent: { version: "forged", locale: "en" }, pageLocale: "de" });
    expect(await volunteerBy(t.db, "anna.testfrau@example.net")).toMatchObject({ consentVersion: CONSENT_VERSION, consentLocale: "de", consentTextSha256: currentConsentText("de", w.org.name).sha256 });
  });
});

describe("a newer consent text", () => {
  it("sends a volunteer with an older version to the renewal step at sign-in, and not one with the current version", async () => {
    cookieJar.set(VOLUNTEER_SESSION_COOKIE, w.volunteerSession);
    await t.db.update(s.volunteers).set({ consentVersion: CONSENT_VERSION }).where(eq(s.volunteers.id, w.volunteer.id));
    expect(await redirectOf(ConsentPage({ searchParams: Promise.resolve({}) }))).toBe("/profile");

    await signedInWithOldConsent();
    expect(await redirectOf(ProfilePage({ searchParams: Promise.resolve({}) }))).toBe("/profile/consent");
    await expect(ConsentPage({ searchParams: Promise.resolve({}) })).resolves.toBeTruthy(); // the step renders
  });

  it("stores the new version, language and text hash on agreement, audited; the directory then shows it current", async () => {
    await signedInWithOldConsent();
    let list = await listVolunteers(w.actors.coordinator, {});
    expect(list.ok && list.rows.find((r) => r.id === w.volunteer.id)).toMatchObject({ consent: "outdated", consentVersion: "2025-03-v0" });
    const outdated = await listVolunteers(w.actors.coordinator, { consent: "outdated" });
    expect(outdated.ok && outdated.rows.map((r) => r.id)).toEqual([w.volunteer.id]);

    pageLocale = "en";
    const now = Date.now();
    // one proxy in front (tests/helpers/next.ts: X-Forwarded-For 203.0.113.7): the audit entry keeps the client's address
    process.env.TRUSTED_PROXY_HOPS = "1";
    resetConfigForTests();
    onTestFinished(() => {
      delete process.env.TRUSTED_PROXY_HOPS;
      resetConfigForTests();
    });
    expect(await redirectOf(acceptConsentAction(formData({ consentVersion: CONSENT_VERSION, consentLocale: "en" })))).toBe("/profile?consent=renewed");
    const v = await fixture();
    expect(v).toMatchObject({ consentVersion: CONSENT_VERSION, consentLocale: "en", consentTextSha256: currentConsentText("en", w.org.name).sha256, consentChannel: "web", consentDeclinedAt: null, status: "active" });
    expect(v.consentAt!.getTime()).toBeGreaterThanOrEqual(now - 1000);
    const [audit] = await t.db.select().from(s.auditEvents).orderBy(desc(s.auditEvents.id)).limit(1);
    expect(audit).toMatchObject({ action: "volunteer.consent_renewed", objectId: w.volunteer.id, actorType: "volunteer", ip: "203.0.113.7", details: { from: "2025-03-v0", to: CONSENT_VERSION, locale: "en" } });

    list = await listVolunteers(w.actors.coordinator, {});
    expect(list.ok && list.rows.find((r) => r.id === w.volunteer.id)).toMatchObject({ consent: "current" });
    await expect(ProfilePage({ searchParams: Promise.resolve({}) })).resolves.toBeTruthy(); // the profile itself, no renewal step
  });

  it("refuses an agreement posted from a page that showed an older text", async () => {
    await signedInWithOldConsent();
    expect(await redirectOf(acceptConsentAction(formData({ consentVersion: "2025-03-v0", consentLocale: "de" })))).toBe("/profile/consent?outdated=1");
    expect(await redirectOf(acceptConsentAction(formData({})))).toBe("/profile/consent?outdated=1");
    expect((await fixture()).consentVersion).toBe("2025-03-v0");
  });

  it("pauses without end on decline (nobody asks them), shows it in the directory, and resumes on a later agreement", async () => {
    await signedInWithOldConsent();
    expect(await redirectOf(declineConsentAction(new FormData()))).toBe("/profile/consent");
    let v = await fixture();
    expect(v).toMatchObject({ status: "paused", pausedUntil: null, consentVersion: "2025-03-v0" });
    expect(v.consentDeclinedAt).toBeInstanceOf(Date);
    const detail = await getVolunteerDetail(w.actors.coordinator, w.volunteer.id);
    expect(detail.ok && detail.detail.volunteer.consentDeclinedAt).toBeInstanceOf(Date);
    const list = await listVolunteers(w.actors.coordinator, {});
    expect(list.ok && list.rows.find((r) => r.id === w.volunteer.id)?.consent).toBe("declined");
    // still asked at every sign-in until they decide otherwise
    expect(await redirectOf(ProfilePage({ searchParams: Promise.resolve({}) }))).toBe("/profile/consent");
    // not matched for requests while paused
    const driving = w.activities.find((a) => a.key === "driving")!;
    await t.db.insert(s.volunteerActivities).values({ volunteerId: w.volunteer.id, activityId: driving.id }).onConflictDoNothing();
    await t.db.update(s.volunteers).set({ availableFlexible: true }).where(eq(s.volunteers.id, w.volunteer.id));
    const criteria = { activityId: driving.id, startsAt: new Date(Date.now() + 86_400_000), languageMode: "none" as const, languages: [], channels: "both" as const, requireDrivingLicence: false, requireCar: false, timeZone: "Europe/Berlin" };
    expect((await matchVolunteers(t.db, w.org.id, criteria)).map((m) => m.id)).not.toContain(w.volunteer.id);

    expect(await redirectOf(acceptConsentAction(formData({ consentVersion: CONSENT_VERSION, consentLocale: "de" })))).toBe("/profile?consent=resumed");
    v = await fixture();
    expect(v).toMatchObject({ status: "active", consentVersion: CONSENT_VERSION, consentDeclinedAt: null });
    expect((await matchVolunteers(t.db, w.org.id, criteria)).map((m) => m.id)).toContain(w.volunteer.id);
  });

  it("keeps a pause with a date when someone who paused themselves agrees", async () => {
    await signedInWithOldConsent("paused");
    const until = new Date(Date.now() + 5 * 86_400_000);
    await t.db.update(s.volunteers).set({ pausedUntil: until }).where(eq(s.volunteers.id, w.volunteer.id));
    await acceptConsentAction(formData({ consentVersion: CONSENT_VERSION, consentLocale: "de" })).catch(() => undefined);
    expect(await fixture()).toMatchObject({ status: "paused", pausedUntil: until, consentVersion: CONSENT_VERSION });
  });

  it("lets nobody without a session agree or decline", async () => {
    await signedInWithOldConsent();
    cookieJar.clear();
    expect(await redirectOf(acceptConsentAction(formData({ consentVersion: CONSENT_VERSION, consentLocale: "de" })))).toBe("/manage");
    expect(await redirectOf(declineConsentAction(new FormData()))).toBe("/manage");
    expect(await fixture()).toMatchObject({ consentVersion: "2025-03-v0", consentDeclinedAt: null, status: "active" });
  });
});
