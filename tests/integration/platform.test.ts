import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { identityFromSessionToken, maySignIn } from "@/lib/auth/session";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import {
  createOrganization,
  inviteOrganizationAdmin,
  listOrganizationsOverview,
  reactivateOrganization,
  renameOrganization,
  suspendOrganization,
} from "@/lib/platform/organizations";
import type { PlatformActor } from "@/lib/platform/types";
import { runWaves } from "@/lib/requests/waves";
import { listVolunteers } from "@/lib/volunteers/directory";
import { registerVolunteer } from "@/lib/volunteers/register";
import { setupTestDatabase } from "../helpers/db";
import { createSession, setUpOrganisations } from "../helpers/admin-fixtures";
import { RecordingTransport } from "../helpers/recording-transport";
import { sentRequest } from "../helpers/requests";
import { formFor, insertVolunteer } from "../helpers/volunteers";

const t = setupTestDatabase();
const ctx = { ip: "203.0.113.9" };

async function platformAdmin(email = "plattform@example.org"): Promise<PlatformActor> {
  const { userId } = await ensurePlatformAdmin(t.db, email);
  return { userId, email, platform: true };
}

const auditOf = (action: string) => t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, action));

describe("platform administrators", () => {
  it("are set up once (audited once), may receive a sign-in link, and have no organisation's actor", async () => {
    const first = await ensurePlatformAdmin(t.db, " Plattform@Example.org ");
    const again = await ensurePlatformAdmin(t.db, "plattform@example.org");
    expect(first).toMatchObject({ created: true });
    expect(again).toEqual({ userId: first.userId, created: false });
    expect(await auditOf("platform.admin_create")).toHaveLength(1);
    expect(await maySignIn(t.db, "plattform@example.org")).toBe(true);
    expect(await maySignIn(t.db, "niemand@example.org")).toBe(false);
    const identity = await identityFromSessionToken(t.db, await createSession(t.db, first.userId));
    expect(identity).toMatchObject({ platformAdmin: true, actor: null, suspendedOrganization: null });
  });
});

describe("creating an organisation", () => {
  it("creates it with its 13 activity fields and audits it", async () => {
    const actor = await platformAdmin();
    const r = await createOrganization(actor, { name: "  Caritas Musterstadt ", slug: "caritas-musterstadt" }, ctx);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, r.organizationId));
    expect(org).toMatchObject({ name: "Caritas Musterstadt", slug: "caritas-musterstadt", emailSenderName: "Caritas Musterstadt", suspendedAt: null });
    const acts = await t.db.select().from(s.activities).where(eq(s.activities.organizationId, org.id));
    expect(acts).toHaveLength(13);
    // and the default qualification types (lib/qualifications/defaults.ts), as every seeded organisation
    const { DEFAULT_QUALIFICATION_TYPES } = await import("@/lib/qualifications/defaults");
    expect(await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, org.id))).toHaveLength(DEFAULT_QUALIFICATION_TYPES.length);
    const [entry] = await auditOf("platform.organization_create");
    expect(entry).toMatchObject({ organizationId: org.id, actorUserId: actor.userId, outcome: "ok", ip: "203.0.113.9" });
  });

  it.each([
    ["ADMIN", "slug_reserved"],
    ["mit leer", "slug_invalid"],
    ["ümlaut", "slug_invalid"],
    ["-vorne", "slug_invalid"],
    ["doppel--strich", "slug_invalid"],
    ["x", "slug_invalid"],
    ["a".repeat(41), "slug_invalid"],
    ["admin", "slug_reserved"],
    ["api", "slug_reserved"],
    ["r", "slug_invalid"],
    ["platform", "slug_reserved"],
    ["calendar-feed", "slug_reserved"],
    ["register", "slug_reserved"],
    ["_next", "slug_invalid"],
  ])("refuses the slug %j (%s), writes nothing and audits the attempt", async (slug, code) => {
    const actor = await platformAdmin();
    const before = await t.db.select().from(s.organizations);
    const r = await createOrganization(actor, { name: "Neue Organisation", slug }, ctx);
    expect(r).toMatchObject({ ok: false, error: "invalid", fieldErrors: { slug: code } });
    expect(await t.db.select().from(s.organizations)).toHaveLength(before.length);
    expect(await auditOf("platform.organization_create")).toMatchObject([{ outcome: "invalid", details: { fields: ["slug"] } }]);
  });

  it("refuses a slug that is taken, and a missing name", async () => {
    const actor = await platformAdmin();
    const [seeded] = await t.db.select().from(s.organizations);
    expect(await createOrganization(actor, { name: "Doppelt", slug: seeded.slug }, ctx)).toMatchObject({ ok: false, fieldErrors: { slug: "slug_taken" } });
    expect(await createOrganization(actor, { name: " ", slug: "neu" }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "name_required" } });
    expect(await t.db.select().from(s.organizations)).toHaveLength(1);
  });
});

describe("the overview", () => {
  it("counts per organisation and carries no volunteer's personal data", async () => {
    const w = await setUpOrganisations(t.db);
    await insertVolunteer(t.db, { organizationId: w.other.id, firstName: "Paula", lastName: "Pausiert", status: "paused" });
    await insertVolunteer(t.db, { organizationId: w.other.id, firstName: "Peter", lastName: "Pending", status: "pending" });
    await sentRequest(t.db, w.actors.coordinator, w.activities[0].id, { volunteers: 2, helpersNeeded: 1 });
    const list = await listOrganizationsOverview(await platformAdmin());
    const seeded = list.find((o) => o.id === w.org.id)!;
    const other = list.find((o) => o.id === w.other.id)!;
    // the seeded admin (admin@example.org) and the coordinator
    expect(seeded).toMatchObject({ volunteers: { active: 3, paused: 0, pending: 0 }, requestsOpen: 1, requestsThisYear: 1, members: 2, admins: 1 });
    expect(other).toMatchObject({ volunteers: { active: 1, paused: 1, pending: 1 }, requestsOpen: 0, members: 2, admins: 1 });
    const json = JSON.stringify(list);
    for (const personal of ["Amira", "Haddad", "Otto", "Paula", "@example.net", "+49"]) expect(json).not.toContain(personal);
  });
});

describe("renaming", () => {
  it("renames; the e-mail sender follows the name unless the organisation chose its own", async () => {
    const actor = await platformAdmin();
    const r = await createOrganization(actor, { name: "DRK Ortsverein", slug: "drk" }, ctx);
    if (!r.ok) throw new Error("not created");
    expect(await renameOrganization(actor, { organizationId: r.organizationId, name: "DRK Kreisverband" }, ctx)).toMatchObject({ ok: true });
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, r.organizationId));
    expect(org).toMatchObject({ name: "DRK Kreisverband", emailSenderName: "DRK Kreisverband" });
    await t.db.update(s.organizations).set({ emailSenderName: "DRK Einsatz" }).where(eq(s.organizations.id, org.id));
    await renameOrganization(actor, { organizationId: org.id, name: "DRK Musterkreis" }, ctx);
    const [renamed] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, org.id));
    expect(renamed).toMatchObject({ name: "DRK Musterkreis", emailSenderName: "DRK Einsatz" });
    expect(await auditOf("platform.organization_rename")).toMatchObject([
      { outcome: "ok", details: { from: "DRK Ortsverein", to: "DRK Kreisverband" } },
      { outcome: "ok", details: { from: "DRK Kreisverband", to: "DRK Musterkreis" } },
    ]);
    expect(await renameOrganization(actor, { organizationId: "00000000-0000-4000-8000-000000000000", name: "X-Verein" }, ctx)).toMatchObject({ ok: false, fieldErrors: { organizationId: "organization_invalid" } });
  });
});

describe("inviting an organisation's first admin", () => {
  it("creates the admin membership and queues the invitation; the invitee signs in to an empty organisation", async () => {
    const actor = await platformAdmin();
    const r = await createOrganization(actor, { name: "AWO Musterstadt", slug: "awo" }, ctx);
    if (!r.ok) throw new Error("not created");
    const invited = await inviteOrganizationAdmin(actor, { organizationId: r.organizationId, email: " Leitung@AWO.example ", locale: "de" }, ctx);
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    const [m] = await t.db.select().from(s.memberships).where(eq(s.memberships.organizationId, r.organizationId));
    expect(m).toMatchObject({ userId: invited.userId, role: "admin", invitedBy: actor.userId });
    const [mail] = await t.db.select().from(s.messages).where(eq(s.messages.recipient, "leitung@awo.example"));
    expect(mail).toMatchObject({ kind: "member-invitation", organizationId: r.organizationId, status: "queued" });
    expect(mail.subject).toContain("AWO Musterstadt");
    expect(await auditOf("platform.admin_invite")).toMatchObject([{ organizationId: r.organizationId, outcome: "ok" }]);
    // the invitee: a sign-in link, an admin actor of the new organisation, no volunteers yet
    expect(await maySignIn(t.db, "leitung@awo.example")).toBe(true);
    const identity = await identityFromSessionToken(t.db, await createSession(t.db, invited.userId));
    expect(identity?.actor).toMatchObject({ organizationId: r.organizationId, role: "admin" });
    expect(await listVolunteers(identity!.actor!, {})).toMatchObject({ ok: true, total: 0, rows: [] });
    // twice is refused, nothing more queued
    expect(await inviteOrganizationAdmin(actor, { organizationId: r.organizationId, email: "leitung@awo.example" }, ctx)).toMatchObject({ ok: false, fieldErrors: { email: "already_member" } });
    expect(await t.db.select().from(s.messages).where(eq(s.messages.recipient, "leitung@awo.example"))).toHaveLength(1);
    expect(await inviteOrganizationAdmin(actor, { organizationId: r.organizationId, email: "kein-mail" }, ctx)).toMatchObject({ ok: false, fieldErrors: { email: "email_invalid" } });
  });
});

describe("suspension", () => {
  it("needs the confirmation; then its members have no actor, and a member of two organisations works in the other", async () => {
    const w = await setUpOrganisations(t.db);
    const actor = await platformAdmin();
    expect(await suspendOrganization(actor, { organizationId: w.other.id }, ctx)).toMatchObject({ ok: false, fieldErrors: { confirm: "confirm_required" } });
    expect(await suspendOrganization(actor, { organizationId: w.other.id, confirm: "yes" }, ctx)).toMatchObject({ ok: true });
    expect(await suspendOrganization(actor, { organizationId: w.other.id, confirm: "yes" }, ctx)).toMatchObject({ ok: false, fieldErrors: { organizationId: "already_suspended" } });
    const otherAdmin = await identityFromSessionToken(t.db, await createSession(t.db, w.users.otherAdmin.id));
    expect(otherAdmin).toMatchObject({ actor: null, suspendedOrganization: { id: w.other.id, name: w.other.name } });
    // a coordinator of both: the suspended one even when chosen in the cookie gives no actor there
    await t.db.insert(s.memberships).values({ userId: w.users.coordinator.id, organizationId: w.other.id, role: "coordinator" });
    const both = await identityFromSessionToken(t.db, await createSession(t.db, w.users.coordinator.id), w.other.id);
    expect(both?.actor).toMatchObject({ organizationId: w.org.id });
    expect(await reactivateOrganization(actor, { organizationId: w.other.id }, ctx)).toMatchObject({ ok: true });
    expect(await reactivateOrganization(actor, { organizationId: w.other.id }, ctx)).toMatchObject({ ok: false, fieldErrors: { organizationId: "not_suspended" } });
    expect((await identityFromSessionToken(t.db, await createSession(t.db, w.users.otherAdmin.id)))?.actor).toMatchObject({ organizationId: w.other.id, role: "admin" });
    expect((await auditOf("platform.organization_suspend")).map((e) => e.outcome)).toEqual(["invalid", "ok", "invalid"]);
    expect((await auditOf("platform.organization_reactivate")).map((e) => e.outcome)).toEqual(["ok", "invalid"]);
  });

  it("closes the public registration: nothing stored, nothing sent", async () => {
    const actor = await platformAdmin();
    const [org] = await t.db.select().from(s.organizations);
    await suspendOrganization(actor, { organizationId: org.id, confirm: "yes" }, ctx);
    const r = await registerVolunteer(await formFor(t.db, { email: "neu@example.net" }), { ip: "198.51.100.4" });
    expect(r).toEqual({ ok: false, error: "not_taking_registrations" });
    expect(await t.db.select().from(s.volunteers)).toHaveLength(0);
    expect(await t.db.select().from(s.messages)).toHaveLength(0);
  });

  it("holds its queued messages (they stay queued) and sends them after reactivation; other organisations are not held", async () => {
    const w = await setUpOrganisations(t.db);
    const actor = await platformAdmin();
    const { requestId } = await sentRequest(t.db, w.actors.coordinator, w.activities[0].id, { volunteers: 2, helpersNeeded: 1 });
    const otherMail = await t.db
      .insert(s.messages)
      .values({ organizationId: w.other.id, channel: "email", recipient: "x@andere-stadt.example", kind: "member-invitation", subject: "Hallo", body: "Hallo" })
      .returning({ id: s.messages.id });
    const suspended = await suspendOrganization(actor, { organizationId: w.org.id, confirm: "yes" }, ctx);
    expect(suspended).toMatchObject({ ok: true, heldMessages: 2 });
    // a volunteer's own sign-in link still goes out (they can still see, export or delete their data)
    const [signIn] = await t.db
      .insert(s.messages)
      .values({ organizationId: w.org.id, volunteerId: w.volunteer.id, channel: "email", recipient: "amira@example.net", kind: "volunteer-sign-in", subject: "Anmelden", body: "Link" })
      .returning({ id: s.messages.id });
    const rec = new RecordingTransport();
    await dispatchDueMessages(t.db, { transports: { email: rec, sms: rec } });
    expect(rec.handed.map((m) => m.id).sort()).toEqual([otherMail[0].id, signIn.id].sort());
    const held = await t.db.select({ status: s.messages.status, attempts: s.messages.attempts }).from(s.messages).where(eq(s.messages.requestId, requestId));
    expect(held).toEqual([{ status: "queued", attempts: 0 }, { status: "queued", attempts: 0 }]);
    await reactivateOrganization(actor, { organizationId: w.org.id }, ctx);
    await dispatchDueMessages(t.db, { transports: { email: rec, sms: rec } });
    expect(rec.handed.filter((m) => m.requestId === requestId)).toHaveLength(2);
  });

  it("puts a message claimed just before the suspension back in the queue instead of sending it", async () => {
    const w = await setUpOrganisations(t.db);
    const actor = await platformAdmin();
    const { requestId } = await sentRequest(t.db, w.actors.coordinator, w.activities[0].id, { volunteers: 1, helpersNeeded: 1 });
    const rec = new RecordingTransport();
    await dispatchDueMessages(t.db, {
      transports: { email: rec, sms: rec },
      beforeRecheck: async () => void (await suspendOrganization(actor, { organizationId: w.org.id, confirm: "yes" }, ctx)),
    });
    expect(rec.handed).toHaveLength(0);
    const [m] = await t.db.select({ status: s.messages.status, lockedUntil: s.messages.lockedUntil }).from(s.messages).where(eq(s.messages.requestId, requestId));
    expect(m).toEqual({ status: "queued", lockedUntil: null });
  });

  it("runs no wave for it", async () => {
    const w = await setUpOrganisations(t.db);
    const actor = await platformAdmin();
    const { requestId } = await sentRequest(t.db, w.actors.coordinator, w.activities[0].id, { volunteers: 1, helpersNeeded: 1 });
    await t.db.update(s.requests).set({ nextWaveAt: new Date(Date.now() - 60_000), waveSize: 1 }).where(eq(s.requests.id, requestId));
    await suspendOrganization(actor, { organizationId: w.org.id, confirm: "yes" }, ctx);
    const invitationsBefore = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(await runWaves(t.db, new Date())).toEqual({ waves: 0, invited: 0 });
    const invitationsAfter = await t.db.select({ n: sql<number>`count(*)::int` }).from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(invitationsAfter).toEqual(invitationsBefore);
    const [r] = await t.db.select({ nextWaveAt: s.requests.nextWaveAt }).from(s.requests).where(and(eq(s.requests.id, requestId)));
    expect(r.nextWaveAt).not.toBeNull();
  });
});
