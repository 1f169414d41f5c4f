import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { createActivity, moveActivity, setActivityActive, updateActivity } from "@/lib/activities/manage";
import { admit } from "@/lib/admin/operation";
import { listAuditEvents } from "@/lib/audit/query";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { storedSessionToken, withHashedSessions } from "@/lib/auth/hashed-sessions";
import { actorFromSessionToken, hasMembership, purgeExpiredSessions } from "@/lib/auth/session";
import { parseSignInCode, queueSignInMail } from "@/lib/auth/sign-in-mail";
import { resetConfigForTests } from "@/lib/config";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { generateToken } from "@/lib/tokens";
import { changeMemberRole, inviteMember, removeMember } from "@/lib/members";
import { getOrganizationSettings, updateOrganizationSettings } from "@/lib/organizations/settings";
import { quietHoursOf, reminderHoursOf, retentionOf } from "@/lib/organizations/settings-schema";
import { setVolunteerStatus } from "@/lib/volunteers/directory";
import { exportVolunteersCsv } from "@/lib/volunteers/csv-export";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { createSession, setUpOrganisations } from "../helpers/admin-fixtures";

const t = setupTestDatabase();
let w: Awaited<ReturnType<typeof setUpOrganisations>>;
const ctx = { ip: "192.0.2.10" };
const timedWork = { reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30" };
const settings = { name: "Helferkreis Neu", emailSenderName: "Helferkreis", smsSenderName: "Helfer", timeZone: "Europe/Berlin", privacyContact: "dsb@example.org", address: "", imprint: "Impressum", ...timedWork };

beforeEach(async () => {
  w = await setUpOrganisations(t.db);
});

async function lastAudit() {
  const rows = await t.db.select().from(s.auditEvents).orderBy(s.auditEvents.id);
  return rows[rows.length - 1];
}

describe("audit entries for every coordinator action that changes data or exports personal data", () => {
  const audited: [string, string, () => Promise<{ ok: boolean }>, string | undefined][] = [
    ["member.invite", "user", () => inviteMember(w.actors.admin, { email: "neu@example.org", role: "coordinator" }, ctx), undefined],
    ["member.change_role", "user", () => changeMemberRole(w.actors.admin, { userId: w.users.coordinator.id, role: "admin" }, ctx), "coordinator"],
    ["member.remove", "user", () => removeMember(w.actors.admin, { userId: w.users.coordinator.id }, ctx), "coordinator"],
    ["organization.update_settings", "organization", () => updateOrganizationSettings(w.actors.admin, settings, ctx), "org"],
    ["activity.create", "activity", () => createActivity(w.actors.admin, { nameDe: "Garten", nameEn: "Garden" }, ctx), undefined],
    ["activity.update", "activity", () => updateActivity(w.actors.admin, { id: w.activities[0].id, nameDe: "Fahrten", nameEn: "Rides" }, ctx), "activity"],
    ["activity.move", "activity", () => moveActivity(w.actors.admin, { id: w.activities[1].id, direction: "up" }, ctx), "activity1"],
    ["activity.set_active", "activity", () => setActivityActive(w.actors.admin, { id: w.activities[0].id, active: "false" }, ctx), "activity"],
    ["volunteer.set_status", "volunteer", () => setVolunteerStatus(w.actors.admin, { id: w.volunteer.id, status: "paused", reason: "Urlaub" }, ctx), "volunteer"],
    ["volunteer.export", "volunteer", () => exportVolunteersCsv(w.actors.admin, {}, ctx), undefined],
  ];
  for (const [action, objectType, run, object] of audited) {
    it(`records ${action}: who, what, which object, from where, outcome`, async () => {
      expect((await run()).ok).toBe(true);
      const e = await lastAudit();
      const objectId = {
        coordinator: w.users.coordinator.id,
        org: w.org.id,
        activity: w.activities[0].id,
        activity1: w.activities[1].id,
        volunteer: w.volunteer.id,
      }[object ?? ""];
      expect(e).toMatchObject({ action, actorUserId: w.users.admin.id, actorType: "user", organizationId: w.org.id, objectType, ip: "192.0.2.10", outcome: "ok" });
      if (objectId) expect(e.objectId).toBe(objectId);
    });
  }

  it("records tampered forms as denied and changes nothing: another organisation's ids", async () => {
    const foreignActivity = (await t.db.select().from(s.activities).where(eq(s.activities.organizationId, w.other.id)))[0];
    expect(await updateActivity(w.actors.admin, { id: foreignActivity.id, nameDe: "Gekapert", nameEn: "Hijacked" }, ctx)).toEqual({ ok: false, error: "forbidden" });
    expect(await lastAudit()).toMatchObject({ action: "activity.update", outcome: "denied", objectId: foreignActivity.id, details: { reason: "foreign_object" } });
    expect(await setVolunteerStatus(w.actors.admin, { id: w.otherVolunteer.id, status: "deactivated", reason: "weg damit" }, ctx)).toEqual({ ok: false, error: "forbidden" });
    expect(await removeMember(w.actors.admin, { userId: w.users.otherCoordinator.id }, ctx)).toEqual({ ok: false, error: "forbidden" });
    const [stillThere] = await t.db.select().from(s.activities).where(eq(s.activities.id, foreignActivity.id));
    expect(stillThere.nameDe).toBe("Fahrdienst");
    const [otherV] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, w.otherVolunteer.id));
    expect(otherV.status).toBe("active");
    expect(await t.db.select().from(s.memberships).where(eq(s.memberships.userId, w.users.otherCoordinator.id))).toHaveLength(1);
  });

  it("records a role the user lacks and an unknown role as refused", async () => {
    // the edge admits the role before inviteMember (which only takes an AdminActor) can run
    expect(await admit(w.actors.coordinator, "admin", ctx, "member.invite")).toEqual({ ok: false, error: "forbidden" });
    expect(await lastAudit()).toMatchObject({ action: "member.invite", outcome: "denied", actorUserId: w.users.coordinator.id });
    expect(await changeMemberRole(w.actors.admin, { userId: w.users.coordinator.id, role: "superadmin" }, ctx)).toMatchObject({ ok: false, fieldErrors: { role: "role_invalid" } });
    expect(await lastAudit()).toMatchObject({ action: "member.change_role", outcome: "invalid" });
  });

  it("gives clear field errors: duplicate invitation, invalid address, existing activity name", async () => {
    await inviteMember(w.actors.admin, { email: "doppelt@example.org" }, ctx);
    expect(await inviteMember(w.actors.admin, { email: "Doppelt@Example.org " }, ctx)).toMatchObject({ fieldErrors: { email: "already_member" } });
    expect(await inviteMember(w.actors.admin, { email: "kein-at" }, ctx)).toMatchObject({ fieldErrors: { email: "email_invalid" } });
    expect(await updateActivity(w.actors.admin, { id: w.activities[1].id, nameDe: "fahrdienst", nameEn: "Something" }, ctx)).toMatchObject({ fieldErrors: { nameDe: "name_taken" } });
    expect(await createActivity(w.actors.admin, { nameDe: "Neu", nameEn: "driving service" }, ctx)).toMatchObject({ fieldErrors: { nameEn: "name_taken" } });
    expect(await updateOrganizationSettings(w.actors.admin, { ...settings, timeZone: "Mars/Olympus", smsSenderName: "Viel zu langer Name" }, ctx)).toMatchObject({
      fieldErrors: { timeZone: "time_zone_invalid", smsSenderName: "sms_sender_invalid" },
    });
    // timed-work numbers: not a number, out of range → field errors, nothing stored
    const before = (await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.actors.admin.organizationId)))[0].settings;
    expect(await updateOrganizationSettings(w.actors.admin, { ...settings, reminder1Hours: "morgen", quietEnd: "24", messageBodyDays: "0" }, ctx)).toMatchObject({
      fieldErrors: { reminder1Hours: "number_invalid", quietEnd: "number_range", messageBodyDays: "number_range" },
    });
    expect((await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.actors.admin.organizationId)))[0].settings).toEqual(before);
    const invites = await t.db.select().from(s.messages).where(eq(s.messages.kind, "member-invitation"));
    expect(invites.map((m) => m.recipient)).toEqual(["doppelt@example.org"]);
  });

  it("stores reminder hours, quiet hours and retention periods where the scheduler reads them", async () => {
    const input = { ...settings, reminder1Hours: "48", reminder2Hours: "0", quietStart: "22", quietEnd: "6", urgentWithinHours: "3", unconfirmedDays: "14", messageBodyDays: "30", inactiveMonths: "12", inactiveNoticeDays: "21" };
    expect(await updateOrganizationSettings(w.actors.admin, input, ctx)).toEqual({ ok: true });
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.actors.admin.organizationId));
    expect(reminderHoursOf(org.settings)).toEqual([48, 0]);
    expect(quietHoursOf(org.settings)).toEqual({ start: 22, end: 6, urgentWithinHours: 3 });
    expect(retentionOf(org.settings)).toEqual({ unconfirmedDays: 14, messageBodyDays: 30, inactiveMonths: 12, inactiveNoticeDays: 21, auditIpDays: 90 });
    expect(org.settings.retention?.unconfirmedDays).toBe(14);
    const shown = await getOrganizationSettings(w.actors.admin);
    expect(shown.ok && shown.values).toMatchObject({ reminder1Hours: "48", reminder2Hours: "0", quietStart: "22", unconfirmedDays: "14" });
  });

  it.runIf(onPostgres())("keeps one admin when two admins demote each other at the same moment (20 rounds)", async () => {
    const orgId = w.actors.admin.organizationId;
    for (let round = 0; round < 20; round++) {
      // two admins in one organisation
      await t.db.update(s.memberships).set({ role: "admin" }).where(eq(s.memberships.organizationId, orgId));
      const first = { ...w.actors.admin, role: "admin" as const };
      const second = { ...w.actors.coordinator, role: "admin" as const };
      const results = await Promise.all([
        changeMemberRole(first, { userId: w.users.coordinator.id, role: "coordinator" }, ctx),
        changeMemberRole(second, { userId: w.users.admin.id, role: "coordinator" }, ctx),
      ]);
      const admins = await t.db.select().from(s.memberships).where(and(eq(s.memberships.organizationId, orgId), eq(s.memberships.role, "admin")));
      expect(admins.length, `round ${round}`).toBe(1);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }
  });

  it("never hard-deletes an activity: deactivating keeps it and its volunteers", async () => {
    await t.db.insert(s.volunteerActivities).values({ volunteerId: w.volunteer.id, activityId: w.activities[0].id });
    await setActivityActive(w.actors.admin, { id: w.activities[0].id, active: "false" }, ctx);
    const [a] = await t.db.select().from(s.activities).where(eq(s.activities.id, w.activities[0].id));
    expect(a.active).toBe(false);
    expect(await t.db.select().from(s.volunteerActivities).where(eq(s.volunteerActivities.activityId, a.id))).toHaveLength(1);
  });

  it("lets admins filter the audit log by action, outcome and person", async () => {
    await admit(w.actors.coordinator, "admin", ctx, "member.invite");
    await inviteMember(w.actors.admin, { email: "y@example.org" }, ctx);
    await exportVolunteersCsv(w.actors.admin, {}, ctx);
    const byAction = await listAuditEvents(w.actors.admin, { action: "member.invite" });
    expect(byAction.ok && byAction.rows.map((r) => r.outcome)).toEqual(["ok", "denied"]);
    const denied = await listAuditEvents(w.actors.admin, { outcome: "denied" });
    expect(denied.ok && denied.rows.map((r) => r.actorEmail)).toEqual(["koordination@example.org"]);
    const byActor = await listAuditEvents(w.actors.admin, { actor: "admin@" });
    expect(byActor.ok && byActor.rows.map((r) => r.action)).toEqual(["volunteer.export", "member.invite"]);
    const otherOrg = await listAuditEvents(w.actors.otherAdmin, {});
    expect(otherOrg.ok && otherOrg.rows).toEqual([]);
  });
});

describe("coordinator sessions and sign-in mail", () => {
  it("stores coordinator sessions only as the SHA-256 of the cookie value (Auth.js adapter wrapped)", async () => {
    const adapter = withHashedSessions(DrizzleAdapter(t.db, { usersTable: s.users, accountsTable: s.accounts, sessionsTable: s.sessions, verificationTokensTable: s.verificationTokens }));
    const cookie = generateToken();
    const created = await adapter.createSession!({ sessionToken: cookie, userId: w.users.coordinator.id, expires: new Date(Date.now() + 3600_000) });
    expect(created.sessionToken).toBe(cookie); // Auth.js sets the cookie from this
    const rows = await t.db.select().from(s.sessions).where(eq(s.sessions.userId, w.users.coordinator.id));
    expect(rows.map((r) => r.sessionToken)).toEqual([storedSessionToken(cookie)]);
    expect(rows[0].sessionToken).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect((await adapter.getSessionAndUser!(cookie))?.user.id).toBe(w.users.coordinator.id);
    expect(await actorFromSessionToken(t.db, cookie)).toEqual(w.actors.coordinator);
    // what a database leak shows is not a usable cookie
    expect(await adapter.getSessionAndUser!(rows[0].sessionToken)).toBeNull();
    expect(await actorFromSessionToken(t.db, rows[0].sessionToken)).toBeNull();
    await adapter.updateSession!({ sessionToken: cookie, expires: new Date(Date.now() + 7200_000) });
    await adapter.deleteSession!(cookie);
    expect(await t.db.select().from(s.sessions).where(eq(s.sessions.userId, w.users.coordinator.id))).toEqual([]);
  });

  it("a session is an actor only while it has a membership, is not expired and not idle", async () => {
    const token = await createSession(t.db, w.users.coordinator.id);
    expect(await actorFromSessionToken(t.db, token)).toEqual(w.actors.coordinator);
    const expired = await createSession(t.db, w.users.coordinator.id, { expires: new Date(Date.now() - 1000) });
    expect(await actorFromSessionToken(t.db, expired)).toBeNull();
    // idle for longer than AUTH_IDLE_TIMEOUT_MINUTES (default 8 h): refused and deleted
    const idle = await createSession(t.db, w.users.coordinator.id, { lastSeenAt: new Date(Date.now() - 9 * 3600_000) });
    expect(await actorFromSessionToken(t.db, idle)).toBeNull();
    expect(await t.db.select().from(s.sessions).where(eq(s.sessions.sessionToken, storedSessionToken(idle)))).toEqual([]);
    await t.db.delete(s.memberships).where(eq(s.memberships.userId, w.users.coordinator.id));
    expect(await actorFromSessionToken(t.db, token)).toBeNull();
    expect(await actorFromSessionToken(t.db, undefined)).toBeNull();
    expect(await actorFromSessionToken(t.db, w.volunteerSession)).toBeNull();
  });

  it("honours a configured idle timeout", async () => {
    process.env.AUTH_IDLE_TIMEOUT_MINUTES = "30";
    resetConfigForTests();
    try {
      const token = await createSession(t.db, w.users.coordinator.id, { lastSeenAt: new Date(Date.now() - 31 * 60_000) });
      expect(await actorFromSessionToken(t.db, token)).toBeNull();
    } finally {
      delete process.env.AUTH_IDLE_TIMEOUT_MINUTES;
      resetConfigForTests();
    }
  });

  it("picks the organisation from the preference when someone belongs to two", async () => {
    await t.db.insert(s.memberships).values({ userId: w.users.coordinator.id, organizationId: w.other.id, role: "admin" });
    const token = await createSession(t.db, w.users.coordinator.id);
    expect(await actorFromSessionToken(t.db, token)).toMatchObject({ organizationId: w.org.id, role: "coordinator" });
    expect(await actorFromSessionToken(t.db, token, w.other.id)).toMatchObject({ organizationId: w.other.id, role: "admin" });
    expect(await actorFromSessionToken(t.db, token, "not-mine")).toMatchObject({ organizationId: w.org.id });
  });

  it("queues a sign-in mail with a link to our confirmation page only for members", async () => {
    const token = "a".repeat(43);
    expect(await queueSignInMail(t.db, { email: "unbekannt@example.org", token, expires: new Date(Date.now() + 1800_000), locale: "de" })).toBe(false);
    expect(await hasMembership(t.db, "unbekannt@example.org")).toBe(false);
    expect(await t.db.select().from(s.messages)).toEqual([]);
    expect(await queueSignInMail(t.db, { email: "koordination@example.org", token, expires: new Date(Date.now() + 1800_000), locale: "en" })).toBe(true);
    const [stored] = await t.db.select().from(s.messages).where(and(eq(s.messages.kind, "sign-in"), eq(s.messages.recipient, "koordination@example.org")));
    expect(JSON.stringify(stored)).not.toContain(token); // sealed until sent (lib/messaging/secrets.ts)
    const m = renderStoredTexts(stored);
    expect(m.subject).toBe("Your Helferruf sign-in link");
    const link = m.body!.match(/https?:\/\/\S+/)![0];
    expect(link).toMatch(/\/admin\/sign-in\/confirm\/a{43}\.[A-Za-z0-9_-]+$/);
    expect(m.body).not.toContain("/api/auth/callback");
    expect(parseSignInCode(link.split("/confirm/")[1])).toEqual({ token, email: "koordination@example.org" });
    expect(parseSignInCode("nonsense")).toBeNull();
  });

  it("the scheduler purges expired and idle sessions and expired sign-in links", async () => {
    const live = await createSession(t.db, w.users.admin.id);
    await createSession(t.db, w.users.admin.id, { expires: new Date(Date.now() - 1000) });
    await createSession(t.db, w.users.admin.id, { lastSeenAt: new Date(Date.now() - 9 * 3600_000) });
    await t.db.insert(s.verificationTokens).values([
      { identifier: "admin@example.org", token: "old", expires: new Date(Date.now() - 1000) },
      { identifier: "admin@example.org", token: "new", expires: new Date(Date.now() + 60_000) },
    ]);
    expect(await purgeExpiredSessions(t.db)).toEqual({ sessions: 2, links: 1 });
    expect((await t.db.select().from(s.sessions)).map((r) => r.sessionToken)).toEqual([storedSessionToken(live)]);
  });
});
