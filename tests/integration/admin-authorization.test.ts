import { and, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import type { Db } from "@/db/client";
import { setupTestDatabase } from "../helpers/db";
import { createSession, setUpOrganisations } from "../helpers/admin-fixtures";
import { VOLUNTEER_SESSION_COOKIE } from "@/lib/volunteers/session";

// The wrappers read the session from the request cookies and the IP from the headers.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "de" }));

const actions = await import("@/app/admin/actions");
const exportRoute = await import("@/app/admin/volunteers/export/route");
const recordsRoute = await import("@/app/admin/privacy-records/download/route");
const { getProcessingRecordDocument } = await import("@/lib/privacy/admin");
const { listVolunteers, getVolunteerDetail } = await import("@/lib/volunteers/directory");
const { listAuditEvents } = await import("@/lib/audit/query");
const { listMembers } = await import("@/lib/members");
const { getOrganizationSettings } = await import("@/lib/organizations/settings");

const t = setupTestDatabase();

type Persona = "anonymous" | "volunteer" | "otherCoordinator" | "otherAdmin" | "coordinator" | "admin";
/** ok: done in the target organisation; own: done, but only in the persona's own organisation. */
type Expected = "ok" | "own" | "forbidden" | "unauthenticated";
type World = Awaited<ReturnType<typeof setUpOrganisations>>;

let w: World;
beforeEach(async () => {
  jar.clear();
  w = await setUpOrganisations(t.db);
});

async function become(persona: Persona) {
  jar.clear();
  if (persona === "anonymous") return;
  if (persona === "volunteer") {
    // a volunteer's session cookie, and the same token tried as a coordinator session
    jar.set(VOLUNTEER_SESSION_COOKIE, w.volunteerSession);
    jar.set("helferruf.session", w.volunteerSession);
    return;
  }
  jar.set("helferruf.session", await createSession(t.db, w.users[persona].id));
}

function form(values: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

type Case = {
  name: string;
  run: () => Promise<{ ok?: boolean; error?: string }>;
  /** what the change is visible as in the target (seeded) organisation */
  effect: (db: Db) => Promise<unknown>;
  expected: Record<Persona, Expected>;
};

const denyAll = { anonymous: "unauthenticated", volunteer: "unauthenticated", otherCoordinator: "forbidden" } as const;
const adminOnly = { ...denyAll, coordinator: "forbidden", admin: "ok" } as const;

const cases: Case[] = [
  {
    name: "inviteMemberAction",
    run: () => actions.inviteMemberAction({}, form({ email: "neu@example.org", role: "coordinator" })),
    effect: (db) => db.select().from(s.memberships).where(eq(s.memberships.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "changeMemberRoleAction",
    run: () => actions.changeMemberRoleAction({}, form({ userId: w.users.coordinator.id, role: "admin" })),
    effect: (db) => db.select({ role: s.memberships.role }).from(s.memberships).where(eq(s.memberships.userId, w.users.coordinator.id)),
    expected: { ...adminOnly, otherAdmin: "forbidden" },
  },
  {
    name: "removeMemberAction",
    run: () => actions.removeMemberAction({}, form({ userId: w.users.coordinator.id })),
    effect: (db) => db.select().from(s.memberships).where(eq(s.memberships.userId, w.users.coordinator.id)).then((r) => r.length),
    expected: { ...adminOnly, otherAdmin: "forbidden" },
  },
  {
    name: "updateSettingsAction",
    run: () =>
      actions.updateSettingsAction(
        {},
        form({
          name: "Neuer Name", emailSenderName: "Neu", smsSenderName: "Neu", timeZone: "Europe/Vienna", privacyContact: "dsb@example.org", address: "", imprint: "Impressum",
          reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30",
        }),
      ),
    effect: (db) => db.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, w.org.id)),
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "createActivityAction",
    run: () => actions.createActivityAction({}, form({ nameDe: "Gartenarbeit", nameEn: "Gardening", descriptionDe: "", descriptionEn: "" })),
    effect: (db) => db.select().from(s.activities).where(eq(s.activities.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "updateActivityAction",
    run: () => actions.updateActivityAction({}, form({ id: w.activities[0].id, nameDe: "Fahrten", nameEn: "Rides", descriptionDe: "", descriptionEn: "" })),
    effect: (db) => db.select({ n: s.activities.nameDe }).from(s.activities).where(eq(s.activities.id, w.activities[0].id)),
    expected: { ...adminOnly, otherAdmin: "forbidden" },
  },
  {
    name: "moveActivityAction",
    run: () => actions.moveActivityAction({}, form({ id: w.activities[1].id, direction: "up" })),
    effect: (db) => db.select({ p: s.activities.position }).from(s.activities).where(eq(s.activities.id, w.activities[1].id)),
    expected: { ...adminOnly, otherAdmin: "forbidden" },
  },
  {
    name: "setActivityActiveAction",
    run: () => actions.setActivityActiveAction({}, form({ id: w.activities[0].id, active: "false" })),
    effect: (db) => db.select({ a: s.activities.active }).from(s.activities).where(eq(s.activities.id, w.activities[0].id)),
    expected: { ...adminOnly, otherAdmin: "forbidden" },
  },
  {
    name: "setVolunteerStatusAction",
    run: () => actions.setVolunteerStatusAction({}, form({ id: w.volunteer.id, status: "paused", reason: "Urlaub bis Ostern" })),
    effect: (db) => db.select({ st: s.volunteers.status }).from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "POST /admin/volunteers/export",
    run: async () => {
      const res = await exportRoute.POST(new NextRequest("http://localhost/admin/volunteers/export", { method: "POST", body: new FormData() }));
      if (res.status === 401) return { ok: false, error: "unauthenticated" };
      if (res.status === 403) return { ok: false, error: "forbidden" };
      const csv = await res.text();
      expect(res.headers.get("content-type")).toContain("text/csv");
      // "ok" means the seeded organisation's volunteer is in it, "own" that it is not
      return csv.includes("Haddad") ? { ok: true } : { ok: true, error: "own-organisation-only" };
    },
    effect: async () => null,
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "POST /admin/privacy-records/download",
    run: async () => {
      const res = await recordsRoute.POST(new NextRequest("http://localhost/admin/privacy-records/download", { method: "POST" }));
      if (res.status === 401) return { ok: false, error: "unauthenticated" };
      if (res.status === 403) return { ok: false, error: "forbidden" };
      const md = await res.text();
      expect(res.headers.get("content-type")).toContain("text/markdown");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="verarbeitungsverzeichnis-\d{4}-\d{2}-\d{2}\.md"$/);
      // the download itself is audited
      const [last] = await t.db.select().from(s.auditEvents).orderBy(sql`${s.auditEvents.id} desc`).limit(1);
      expect(last).toMatchObject({ action: "privacy.export_records", outcome: "ok" });
      // "ok" means the record of the seeded organisation, "own" the persona's own one
      return md.includes(`**Name:** ${w.org.name}`) ? { ok: true } : { ok: true, error: "own-organisation-only" };
    },
    effect: async () => null,
    expected: { ...adminOnly, otherAdmin: "own" },
  },
];

const personas: Persona[] = ["anonymous", "volunteer", "otherCoordinator", "otherAdmin", "coordinator", "admin"];

describe("authorisation matrix of every admin server action and route handler", () => {
  for (const c of cases) {
    for (const persona of personas) {
      const expected = c.expected[persona];
      it(`${c.name} × ${persona} → ${expected}`, async () => {
        await become(persona);
        const before = JSON.stringify(await c.effect(t.db));
        const auditBefore = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.auditEvents);
        const result = await c.run();
        const after = JSON.stringify(await c.effect(t.db));
        if (expected === "ok") {
          expect(result).toMatchObject({ ok: true });
          expect(result.error).toBeUndefined();
          if (!c.name.startsWith("POST")) expect(after).not.toBe(before);
        } else if (expected === "own") {
          expect(result.ok).toBe(true);
          expect(after).toBe(before);
          if (c.name.startsWith("POST")) expect(result.error).toBe("own-organisation-only");
        } else {
          expect(result).toMatchObject({ ok: false, error: expected });
          expect(after).toBe(before);
          // refused attempts are audited too
          const denied = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.outcome, "denied"));
          expect(denied.length).toBeGreaterThan(0);
          const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.auditEvents);
          expect(n).toBe(auditBefore[0].n + 1);
        }
      });
    }
  }
});

describe("authorisation of the coordinator area's read functions", () => {
  const reads: { name: string; run: (a: World["actors"][keyof World["actors"]] | null) => Promise<{ ok: boolean; error?: string }>; coordinator: boolean }[] = [
    { name: "listVolunteers", run: (a) => listVolunteers(a, {}), coordinator: true },
    { name: "getVolunteerDetail", run: (a) => getVolunteerDetail(a, w.volunteer.id), coordinator: true },
    { name: "listAuditEvents", run: (a) => listAuditEvents(a, {}), coordinator: false },
    { name: "listMembers", run: (a) => listMembers(a, { ip: null }), coordinator: false },
    { name: "getOrganizationSettings", run: (a) => getOrganizationSettings(a, { ip: null }), coordinator: false },
    { name: "getProcessingRecordDocument", run: (a) => getProcessingRecordDocument(a, { ip: null }, "de"), coordinator: false },
  ];
  for (const r of reads) {
    it(`${r.name}: anonymous refused, coordinator ${r.coordinator ? "allowed" : "refused"}, admin allowed`, async () => {
      expect(await r.run(null)).toMatchObject({ ok: false, error: "unauthenticated" });
      expect((await r.run(w.actors.coordinator)).ok).toBe(r.coordinator);
      expect((await r.run(w.actors.admin)).ok).toBe(true);
    });
  }

  it("never shows another organisation's volunteer, not even by id", async () => {
    expect(await getVolunteerDetail(w.actors.otherAdmin, w.volunteer.id)).toEqual({ ok: false, error: "not_found" });
    const list = await listVolunteers(w.actors.otherAdmin, {});
    expect(list.ok && list.rows.map((r) => r.lastName)).toEqual(["Fremd"]);
  });
});

describe("sessions", () => {
  it("removing a member's access ends their sessions at once", async () => {
    const token = await createSession(t.db, w.users.coordinator.id);
    await become("admin");
    expect(await actions.removeMemberAction({}, form({ userId: w.users.coordinator.id }))).toMatchObject({ ok: true });
    const left = await t.db.select().from(s.sessions).where(eq(s.sessions.sessionToken, token));
    expect(left).toEqual([]);
    jar.set("helferruf.session", token);
    expect(await actions.setVolunteerStatusAction({}, form({ id: w.volunteer.id, status: "paused", reason: "Urlaub" }))).toMatchObject({ error: "unauthenticated" });
  });

  it("refuses to remove or demote the last admin", async () => {
    await become("admin");
    expect(await actions.removeMemberAction({}, form({ userId: w.users.admin.id }))).toMatchObject({ ok: false, fieldErrors: { userId: "last_admin" } });
    expect(await actions.changeMemberRoleAction({}, form({ userId: w.users.admin.id, role: "coordinator" }))).toMatchObject({ ok: false, fieldErrors: { role: "last_admin" } });
    const [m] = await t.db.select().from(s.memberships).where(and(eq(s.memberships.userId, w.users.admin.id), eq(s.memberships.organizationId, w.org.id)));
    expect(m.role).toBe("admin");
  });
});

async function redirectOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2];
    throw err;
  }
  throw new Error("expected a redirect");
}

describe("organisation switcher", () => {
  it("switches only into an organisation the person belongs to; other attempts are refused and audited", async () => {
    const { getActor } = await import("@/lib/auth/guard");
    await become("anonymous");
    expect(await redirectOf(actions.switchOrganizationAction(form({ organizationId: w.other.id })))).toBe("/admin/sign-in");

    await become("coordinator");
    expect(await redirectOf(actions.switchOrganizationAction(form({ organizationId: w.other.id })))).toBe("/admin?denied=1");
    expect(jar.has("helferruf.org")).toBe(false);
    const denied = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "organization.switch"), eq(s.auditEvents.outcome, "denied")));
    expect(denied).toHaveLength(2);

    await t.db.insert(s.memberships).values({ userId: w.users.coordinator.id, organizationId: w.other.id, role: "admin" });
    expect(await redirectOf(actions.switchOrganizationAction(form({ organizationId: w.other.id })))).toBe("/admin");
    expect(jar.get("helferruf.org")).toBe(w.other.id);
    expect(await getActor()).toMatchObject({ organizationId: w.other.id, role: "admin" });
  });
});

