import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import * as s from "@/db/schema";
import { CONSENT_VERSION_DEMO, seedDatabase } from "@/db/seed";
import { CONSENT_VERSION } from "@/lib/volunteers/consent";
import { onPostgres, resetDatabase, setupTestDatabase } from "../helpers/db";

const t = setupTestDatabase();

describe("migrations", () => {
  it(`create every core table (${onPostgres() ? "PostgreSQL" : "PGlite"})`, async () => {
    const result = await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`);
    const tables = (result.rows as { table_name: string }[]).map((r) => r.table_name);
    for (const table of ["organizations", "users", "memberships", "activities", "volunteers", "requests", "invitations", "messages", "audit_events"]) {
      expect(tables).toContain(table);
    }
    expect(t.handle.driver).toBe(onPostgres() ? "pg" : "pglite");
  });

  it("refuse a volunteer without any way to reach them", async () => {
    const [org] = await t.db.select().from(s.organizations);
    await expect(
      t.db.insert(s.volunteers).values({ organizationId: org.id, firstName: "A", lastName: "B", consentVersion: "v1", consentAt: new Date() }),
    ).rejects.toThrow();
  });

  it("allow one invitation per request and volunteer only", async () => {
    const [org] = await t.db.select().from(s.organizations);
    const [activity] = await t.db.select().from(s.activities).limit(1);
    const [v] = await t.db
      .insert(s.volunteers)
      .values({ organizationId: org.id, firstName: "A", lastName: "B", email: "a@example.net", consentVersion: "v1", consentAt: new Date() })
      .returning();
    const [r] = await t.db
      .insert(s.requests)
      .values({ organizationId: org.id, activityId: activity.id, shortCode: "AB1", title: "Fahrt", startsAt: new Date(Date.now() + 86400e3), endsAt: new Date(Date.now() + 90000e3), helpersNeeded: 2 })
      .returning();
    await t.db.insert(s.invitations).values({ requestId: r.id, volunteerId: v.id, tokenHash: "h1" });
    await expect(t.db.insert(s.invitations).values({ requestId: r.id, volunteerId: v.id, tokenHash: "h2" })).rejects.toThrow();
  });

  it("never let accepted helpers exceed helpers needed, even by a direct update", async () => {
    const [org] = await t.db.select().from(s.organizations);
    const [activity] = await t.db.select().from(s.activities).limit(1);
    const [r] = await t.db
      .insert(s.requests)
      .values({ organizationId: org.id, activityId: activity.id, shortCode: "AB2", title: "Fahrt", startsAt: new Date(Date.now() + 86400e3), endsAt: new Date(Date.now() + 90000e3), helpersNeeded: 1 })
      .returning();
    await expect(t.db.update(s.requests).set({ acceptedCount: 2 }).where(eq(s.requests.id, r.id))).rejects.toThrow();
  });
});

describe("seed", () => {
  it("creates one organisation, the 13 default activities (named in every volunteer language), the admin and (demo) four coordinators, a second admin and a second, listed organisation with its own activities and admin, and is idempotent", async () => {
    await seedDatabase(t.db, { demo: true, demoCount: 50 });
    await seedDatabase(t.db, { demo: true, demoCount: 50 });
    const [orgs] = await t.db.select({ n: count() }).from(s.organizations);
    const [acts] = await t.db.select({ n: count() }).from(s.activities);
    const [vols] = await t.db.select({ n: count() }).from(s.volunteers);
    const admins = await t.db
      .select({ email: s.users.email, role: s.memberships.role })
      .from(s.memberships)
      .innerJoin(s.users, eq(s.users.id, s.memberships.userId));
    expect(orgs.n).toBe(2);
    expect(acts.n).toBe(26);
    const listed = await t.db.select({ slug: s.organizations.slug, listed: s.organizations.listed }).from(s.organizations).orderBy(s.organizations.slug);
    // the second demo organisation is listed (the first one too when the demo seed created it: see the next test)
    expect(listed).toContainEqual({ slug: "nachbarschaftshilfe", listed: true });
    expect(vols.n).toBe(51); // 50 + the demo history's helper (db/seed-demo-history.ts)
    expect(admins.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: "admin@example.org", role: "admin" },
      { email: "berichte@example.org", role: "coordinator" },
      { email: "einsatz@example.org", role: "coordinator" },
      { email: "kanaele@example.org", role: "coordinator" },
      { email: "koordination@example.org", role: "coordinator" },
      { email: "meldungen@example.org", role: "coordinator" },
      { email: "nachbarschaft@example.org", role: "admin" },
      { email: "sprachen@example.org", role: "coordinator" },
      { email: "verwaltung@example.org", role: "admin" },
    ]);
    const activities = await t.db.select().from(s.activities);
    expect(activities.filter((a) => Object.keys(a.names).sort().join() !== "ar,fa,ru,tr,uk")).toEqual([]);
    expect(activities.filter((a) => Object.keys(a.descriptions).length !== 5)).toEqual([]);
    // demo volunteers agreed to the current consent text, every 20th (and the demo history's helper) to an older record
    const consents = await t.db.select({ version: s.volunteers.consentVersion, hash: s.volunteers.consentTextSha256 }).from(s.volunteers);
    expect(consents.filter((c) => c.version === CONSENT_VERSION && c.hash?.length === 64)).toHaveLength(47);
    expect(consents.filter((c) => c.version === CONSENT_VERSION_DEMO && c.hash === null)).toHaveLength(4);
  });

  it("lists both demo organisations when the demo seed creates them, so / shows the list of organisations", async () => {
    await resetDatabase(t.db);
    await seedDatabase(t.db, { demo: true, demoCount: 5 });
    const orgs = await t.db.select({ listed: s.organizations.listed }).from(s.organizations);
    expect(orgs).toEqual([{ listed: true }, { listed: true }]);
  });

  it("gives demo volunteers activities, languages and availability", async () => {
    await seedDatabase(t.db, { demo: true, demoCount: 200 });
    const [withActs] = await t.db.select({ n: sql<number>`count(distinct ${s.volunteerActivities.volunteerId})::int` }).from(s.volunteerActivities);
    const [langs] = await t.db.select({ n: sql<number>`count(distinct ${s.volunteerLanguages.language})::int` }).from(s.volunteerLanguages);
    const [active] = await t.db.select({ n: count() }).from(s.volunteers).where(eq(s.volunteers.status, "active"));
    expect(withActs.n).toBe(200);
    expect(langs.n).toBeGreaterThan(5);
    expect(active.n).toBeGreaterThan(120);
  });
});

describe("/api/health", () => {
  it("answers 200 with the driver when the database works", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", database: { ok: true, driver: onPostgres() ? "pg" : "pglite" } });
  });
});
