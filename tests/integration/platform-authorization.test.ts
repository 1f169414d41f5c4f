import { eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import type { Db } from "@/db/client";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { setupTestDatabase } from "../helpers/db";
import { createSession, setUpOrganisations } from "../helpers/admin-fixtures";
import { cookieJar as jar, formData as form, redirectOf } from "../helpers/next";
import { VOLUNTEER_SESSION_COOKIE } from "@/lib/volunteers/session";

// The platform rows of the authorisation matrix (tests/integration/admin-authorization.test.ts
// has the coordinator area's): every platform action and page, for every persona.
vi.mock("next-intl/server", () => ({ getLocale: async () => "de" }));

const platformActions = await import("@/app/platform/actions");
const adminActions = await import("@/app/admin/actions");
const exportRoute = await import("@/app/admin/volunteers/export/route");
const { requireActor, getActor } = await import("@/lib/auth/guard");
const { requirePlatformAdmin } = await import("@/lib/platform/guard");

const t = setupTestDatabase();

type Persona = "anonymous" | "volunteer" | "coordinator" | "admin" | "otherAdmin" | "platformAdmin";
const personas: Persona[] = ["anonymous", "volunteer", "coordinator", "admin", "otherAdmin", "platformAdmin"];
type Expected = "ok" | "forbidden" | "unauthenticated";
/** only a platform administrator; nobody else, whatever their role in an organisation */
const platformOnly: Record<Persona, Expected> = {
  anonymous: "unauthenticated",
  volunteer: "unauthenticated",
  coordinator: "forbidden",
  admin: "forbidden",
  otherAdmin: "forbidden",
  platformAdmin: "ok",
};

let w: Awaited<ReturnType<typeof setUpOrganisations>>;
let platformUserId: string;
beforeEach(async () => {
  jar.clear();
  w = await setUpOrganisations(t.db);
  ({ userId: platformUserId } = await ensurePlatformAdmin(t.db, "plattform@example.org"));
});

async function become(persona: Persona) {
  jar.clear();
  if (persona === "anonymous") return;
  if (persona === "volunteer") {
    jar.set(VOLUNTEER_SESSION_COOKIE, w.volunteerSession);
    jar.set("helferruf.session", w.volunteerSession);
    return;
  }
  const userId = persona === "platformAdmin" ? platformUserId : w.users[persona].id;
  jar.set("helferruf.session", await createSession(t.db, userId));
}

/** A create action that succeeds redirects to the new organisation's page: that counts as ok. */
async function redirectOrState(p: Promise<{ ok?: boolean; error?: string }>): Promise<{ ok?: boolean; error?: string }> {
  try {
    return await p;
  } catch (err) {
    if (String((err as { digest?: string }).digest ?? "").startsWith("NEXT_REDIRECT")) return { ok: true };
    throw err;
  }
}

type Case = { name: string; before?: () => Promise<unknown>; run: () => Promise<{ ok?: boolean; error?: string }>; effect: (db: Db) => Promise<unknown> };
const orgRow = (db: Db) => db.select({ name: s.organizations.name, suspendedAt: s.organizations.suspendedAt }).from(s.organizations).where(eq(s.organizations.id, w.other.id));

const cases: Case[] = [
  {
    name: "createOrganizationAction",
    run: () => redirectOrState(platformActions.createOrganizationAction({}, form({ name: "Diakonie Musterstadt", slug: "diakonie" }))),
    effect: (db) => db.select({ slug: s.organizations.slug }).from(s.organizations).orderBy(s.organizations.slug),
  },
  {
    name: "renameOrganizationAction",
    run: () => platformActions.renameOrganizationAction({}, form({ organizationId: w.other.id, name: "Neuer Name e. V." })),
    effect: orgRow,
  },
  {
    name: "suspendOrganizationAction",
    run: () => platformActions.suspendOrganizationAction({}, form({ organizationId: w.other.id, confirm: "yes" })),
    effect: orgRow,
  },
  {
    name: "reactivateOrganizationAction",
    before: () => t.db.update(s.organizations).set({ suspendedAt: new Date() }).where(eq(s.organizations.id, w.other.id)),
    run: () => platformActions.reactivateOrganizationAction({}, form({ organizationId: w.other.id })),
    effect: orgRow,
  },
  {
    name: "inviteOrganizationAdminAction",
    run: () => platformActions.inviteOrganizationAdminAction({}, form({ organizationId: w.other.id, email: "leitung@andere-stadt.example" })),
    effect: (db) => db.select({ u: s.memberships.userId, r: s.memberships.role }).from(s.memberships).where(eq(s.memberships.organizationId, w.other.id)).orderBy(s.memberships.userId),
  },
];

describe("authorisation matrix of the platform area's actions", () => {
  for (const c of cases) {
    for (const persona of personas) {
      const expected = platformOnly[persona];
      it(`${c.name} × ${persona} → ${expected}`, async () => {
        await c.before?.();
        await become(persona);
        const before = JSON.stringify(await c.effect(t.db));
        const [{ n: auditBefore }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.auditEvents);
        const result = await c.run();
        const after = JSON.stringify(await c.effect(t.db));
        if (expected === "ok") {
          expect(result).toMatchObject({ ok: true });
          expect(after).not.toBe(before);
          const [last] = await t.db.select().from(s.auditEvents).orderBy(sql`${s.auditEvents.id} desc`).limit(1);
          expect(last).toMatchObject({ actorUserId: platformUserId, outcome: "ok" });
          expect(last.action.startsWith("platform.")).toBe(true);
        } else {
          expect(result).toMatchObject({ ok: false, error: expected });
          expect(after).toBe(before);
          const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.auditEvents);
          expect(n).toBe(auditBefore + 1);
          const [last] = await t.db.select().from(s.auditEvents).orderBy(sql`${s.auditEvents.id} desc`).limit(1);
          expect(last).toMatchObject({ outcome: "denied" });
        }
      });
    }
  }
});

describe("the platform pages", () => {
  it("open for a platform administrator only (requirePlatformAdmin)", async () => {
    for (const persona of ["anonymous", "volunteer"] as const) {
      await become(persona);
      expect(await redirectOf(requirePlatformAdmin())).toBe("/admin/sign-in");
    }
    for (const persona of ["coordinator", "admin", "otherAdmin"] as const) {
      await become(persona);
      expect(await redirectOf(requirePlatformAdmin())).toBe("/admin?denied=1");
    }
    await become("platformAdmin");
    expect(await requirePlatformAdmin()).toEqual({ userId: platformUserId, email: "plattform@example.org", platform: true });
  });
});

describe("a platform administrator who is not a member", () => {
  it("cannot open an organisation's coordinator pages, actions or exports", async () => {
    await become("platformAdmin");
    expect(await getActor()).toBeNull();
    // pages: to the platform area, not into the organisation
    expect(await redirectOf(requireActor("coordinator"))).toBe("/platform");
    expect(await redirectOf(requireActor("admin"))).toBe("/platform");
    // actions: refused, nothing changed
    const before = await t.db.select({ st: s.volunteers.status }).from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id));
    expect(await adminActions.setVolunteerStatusAction({}, form({ id: w.volunteer.id, status: "paused", reason: "Urlaub" }))).toMatchObject({ ok: false, error: "unauthenticated" });
    expect(await t.db.select({ st: s.volunteers.status }).from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id))).toEqual(before);
    // the volunteers' CSV export: 401, no personal data
    const res = await exportRoute.POST(new NextRequest("http://localhost/admin/volunteers/export", { method: "POST", body: new FormData() }));
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("Haddad");
  });

  it("as a member of one organisation works there, and still not in another", async () => {
    await t.db.insert(s.memberships).values({ userId: platformUserId, organizationId: w.other.id, role: "coordinator" });
    await become("platformAdmin");
    expect(await requireActor()).toMatchObject({ organizationId: w.other.id, role: "coordinator" });
    expect(await adminActions.setVolunteerStatusAction({}, form({ id: w.volunteer.id, status: "paused", reason: "Urlaub" }))).toMatchObject({ ok: false, error: "forbidden" });
  });
});

describe("members of a suspended organisation", () => {
  it("land on the page that says so, and every action and export is refused", async () => {
    await t.db.update(s.organizations).set({ suspendedAt: new Date() }).where(eq(s.organizations.id, w.org.id));
    for (const persona of ["coordinator", "admin"] as const) {
      await become(persona);
      expect(await redirectOf(requireActor())).toBe("/admin/suspended");
      expect(await adminActions.setVolunteerStatusAction({}, form({ id: w.volunteer.id, status: "paused", reason: "Urlaub" }))).toMatchObject({ ok: false, error: "unauthenticated" });
      const res = await exportRoute.POST(new NextRequest("http://localhost/admin/volunteers/export", { method: "POST", body: new FormData() }));
      expect(res.status).toBe(401);
    }
    const [v] = await t.db.select({ st: s.volunteers.status }).from(s.volunteers).where(eq(s.volunteers.id, w.volunteer.id));
    expect(v.st).toBe("active");
    // another organisation's members are not affected
    await become("otherAdmin");
    expect(await requireActor("admin")).toMatchObject({ organizationId: w.other.id });
  });
});
