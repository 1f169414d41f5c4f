import { and, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import type { Db } from "@/db/client";
import { storedSessionToken } from "@/lib/auth/hashed-sessions";
import { setupTestDatabase } from "../helpers/db";
import { createSession, setUpOrganisations } from "../helpers/admin-fixtures";
import { nextBerlin, sentRequest } from "../helpers/requests";
import type { Actor, AdminActor } from "@/lib/auth/guard-types";
import { cookieJar as jar, formData as form, redirectOf } from "../helpers/next";
import { VOLUNTEER_SESSION_COOKIE } from "@/lib/volunteers/session";

// The wrappers read the session from the request cookies (tests/helpers/next-request.ts) and the IP from the headers.
vi.mock("next-intl/server", () => ({ getLocale: async () => "de" }));

const actions = await import("@/app/admin/actions");
const requestActions = await import("@/app/admin/requests/actions");
const shiftActions = await import("@/app/admin/shifts/actions");
const { createShiftPlan } = await import("@/lib/shifts/create");
const seriesActions = await import("@/app/admin/requests/series/actions");
const { createSeries } = await import("@/lib/series/create");
const exportRoute = await import("@/app/admin/volunteers/export/route");
const reportActions = await import("@/app/admin/reports/actions");
const noticeActions = await import("@/app/admin/notifications/actions");
const reportExportRoute = await import("@/app/admin/reports/export/route");
const certificateRoute = await import("@/app/admin/volunteers/[id]/certificate/route");
const ownCertificateRoute = await import("@/app/(public)/profile/certificate/route");
const joinActions = await import("@/app/(public)/profile/join/[slug]/actions");
const { CONSENT_VERSION } = await import("@/lib/volunteers/consent");
const { calendarDateIn, addDays } = await import("@/lib/time-zone");
const recordsRoute = await import("@/app/admin/privacy-records/download/route");
const importUploadRoute = await import("@/app/admin/volunteers/import/upload/route");
const importActions = await import("@/app/admin/volunteers/import/actions");
const { uploadImport, saveImportMapping } = await import("@/lib/volunteers/import");
const { getProcessingRecordDocument } = await import("@/lib/privacy/admin");
const { listVolunteers, getVolunteerDetail } = await import("@/lib/volunteers/directory");
const { listAuditEvents } = await import("@/lib/audit/query");
const { listMembers } = await import("@/lib/members");
const { getOrganizationSettings } = await import("@/lib/organizations/settings");

const t = setupTestDatabase();

type Persona = "anonymous" | "volunteer" | "otherCoordinator" | "otherAdmin" | "coordinator" | "admin";
/**
 * ok: done in the target organisation; own: done, but only in the persona's own organisation;
 * not_found / invalid: another organisation's request or activity is not found (nothing changed).
 */
type Expected = "ok" | "own" | "forbidden" | "unauthenticated" | "not_found" | "invalid";
type World = Awaited<ReturnType<typeof setUpOrganisations>>;

let w: World;
/** issue 14: a request of the seeded organisation that ended yesterday, Amira came for 2 hours */
let past: { requestId: string; invitationId: string; from: string; to: string };
/** a request of the seeded organisation, sent by its coordinator to one volunteer */
let requestId: string;
/** a request template of the seeded organisation */
let templateId: string;
/** a shift plan of the seeded organisation (issue 15) */
let planId: string;
const shiftDay = () => new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
/** a series of the seeded organisation (issue 15) */
let seriesId: string;
/** issue 16: a qualification type of the seeded organisation; another one Amira holds; a tag on Amira */
let qualificationTypeId: string;
let heldTypeId: string;
let tagId: string;
beforeEach(async () => {
  jar.clear();
  w = await setUpOrganisations(t.db);
  ({ requestId } = await sentRequest(t.db, w.actors.coordinator, w.activities[0].id, { volunteers: 1, helpersNeeded: 2 }));
  const plan = await createShiftPlan(t.db, w.actors.coordinator, { title: "Kleiderkammer", day: shiftDay(), slots: [{ start: "09:00", end: "12:00", activityId: w.activities[0].id, helpersNeeded: "2" }] });
  if (!plan.ok) throw new Error("no plan");
  planId = plan.planId;
  [{ id: templateId }] = await t.db
    .insert(s.requestTemplates)
    .values({ organizationId: w.org.id, name: "Fahrdienst Standard", activityId: w.activities[0].id, title: "Fahrt", durationMinutes: 120, helpersNeeded: 1 })
    .returning({ id: s.requestTemplates.id });
  const series = await createSeries(t.db, w.actors.coordinator, { activityId: w.activities[0].id, title: "Kurs", helpersNeeded: "1", channels: "email", firstDate: addDays(calendarDateIn(new Date(), "Europe/Berlin"), 10), startTime: "09:00", endTime: "10:00", frequency: "weekly", ends: "count", count: "2" });
  if (!series.ok) throw new Error(JSON.stringify(series));
  seriesId = series.seriesId;
  const startsAt = new Date(Date.now() - 26 * 3_600_000);
  const [request] = await t.db
    .insert(s.requests)
    .values({ organizationId: w.org.id, activityId: w.activities[1].id, shortCode: "PAST", title: "Vorbei", startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), helpersNeeded: 1, acceptedCount: 1, status: "closed" })
    .returning();
  const [inv] = await t.db.insert(s.invitations).values({ requestId: request.id, volunteerId: w.volunteer.id, tokenHash: "authz-past", status: "accepted", askedAt: startsAt, respondedAt: startsAt }).returning();
  await t.db.insert(s.attendances).values({ invitationId: inv.id, organizationId: w.org.id, requestId: request.id, volunteerId: w.volunteer.id, attended: true, minutes: 120 });
  const today = calendarDateIn(new Date(), "Europe/Berlin");
  past = { requestId: request.id, invitationId: inv.id, from: addDays(today, -3), to: today };
  const types = await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.org.id)).orderBy(s.qualificationTypes.name);
  [qualificationTypeId, heldTypeId] = [types[0].id, types[1].id];
  await t.db.insert(s.volunteerQualifications).values({ organizationId: w.org.id, volunteerId: w.volunteer.id, typeId: heldTypeId, issuedOn: "2025-01-01", expiresOn: null });
  [{ id: tagId }] = await t.db.insert(s.tags).values({ organizationId: w.org.id, name: "Springerin" }).returning({ id: s.tags.id });
  await t.db.insert(s.volunteerTags).values({ volunteerId: w.volunteer.id, tagId });
});

/** issue 16: an import of the seeded organisation, mapped and ready for the dry run (two valid rows) */
let importId: string;
const importCsv = "Vorname;Nachname;E-Mail\r\nAnna;Import;anna.import@example.org\r\nBen;Import;ben.import@example.org\r\n";
beforeEach(async () => {
  const up = await uploadImport(w.actors.admin as AdminActor, { name: "liste.csv", bytes: new TextEncoder().encode(importCsv) }, { db: t.db });
  if (!up.ok) throw new Error(up.error);
  importId = up.id;
  await saveImportMapping(w.actors.admin as AdminActor, importId, { map_firstName: "0", map_lastName: "1", map_email: "2" }, { db: t.db });
});
/** the import actions redirect (plain forms): where to, as the matrix reads it */
async function importOutcome(p: Promise<unknown>, okWhen: (to: string) => boolean): Promise<{ ok?: boolean; error?: string }> {
  const to = await redirectOf(p);
  if (to === "/admin/sign-in") return { ok: false, error: "unauthenticated" };
  if (to === "/admin?denied=1") return { ok: false, error: "forbidden" };
  if (to === "/admin/volunteers/import?error=expired") return { ok: false, error: "not_found" };
  return okWhen(to) ? { ok: true } : { ok: false, error: `unexpected ${to}` };
}
const importRow = (db: Db) => db.select({ id: s.volunteerImports.id, mapping: s.volunteerImports.mapping }).from(s.volunteerImports).where(eq(s.volunteerImports.id, importId));

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


type Case = {
  name: string;
  run: () => Promise<{ ok?: boolean; error?: string }>;
  /** what the change is visible as in the target (seeded) organisation */
  effect: (db: Db) => Promise<unknown>;
  expected: Record<Persona, Expected>;
};

const denyAll = { anonymous: "unauthenticated", volunteer: "unauthenticated", otherCoordinator: "forbidden" } as const;
/** request actions: any member of the request's organisation; others do not find it */
const requestMembers = { anonymous: "unauthenticated", volunteer: "unauthenticated", otherCoordinator: "not_found", otherAdmin: "not_found", coordinator: "ok", admin: "ok" } as const;
const requestStatus = (db: Db) => db.select({ st: s.requests.status, n: s.requests.helpersNeeded }).from(s.requests).where(eq(s.requests.id, requestId));

/** a route handler's answer as the matrix reads it */
async function routeOutcome(res: Response, okWhen: (res: Response) => Promise<boolean>): Promise<{ ok?: boolean; error?: string }> {
  if (res.status === 401) return { ok: false, error: "unauthenticated" };
  if (res.status === 403) return { ok: false, error: "forbidden" };
  return (await okWhen(res)) ? { ok: true } : { ok: true, error: "own-organisation-only" };
}
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
    // issue 16: listing the organisation on `/` is an admin's setting of their own organisation
    name: "updateSettingsAction (listed on /)",
    run: () =>
      actions.updateSettingsAction(
        {},
        form({
          name: w.org.name, emailSenderName: "Neu", smsSenderName: "Neu", timeZone: "Europe/Berlin", privacyContact: "dsb@example.org", address: "", imprint: "Impressum", listed: "listed",
          reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30",
        }),
      ),
    effect: (db) => db.select({ listed: s.organizations.listed }).from(s.organizations).where(eq(s.organizations.id, w.org.id)),
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    // issue 16: senders (no From address: nothing to verify, the SMS sender is the change)
    name: "updateSendersAction",
    run: () => actions.updateSendersAction({}, form({ emailFromAddress: "", emailReplyTo: "antwort@example.org", smsSender: "Neu" })),
    effect: (db) => db.select({ sms: s.organizations.smsSender }).from(s.organizations).where(eq(s.organizations.id, w.org.id)),
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "updateBrandingAction",
    run: () => actions.updateBrandingAction({}, form({ accentColor: "#174c99" })),
    effect: (db) => db.select({ accent: s.organizations.accentColor }).from(s.organizations).where(eq(s.organizations.id, w.org.id)),
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
  // issue 16: qualifications, notes and tags of the seeded organisation's volunteer (Amira)
  {
    name: "recordQualificationAction",
    run: () => actions.recordQualificationAction({}, form({ volunteerId: w.volunteer.id, typeId: qualificationTypeId, issuedOn: "2026-01-15", seen: "on" })),
    effect: (db) => db.select({ t: s.volunteerQualifications.typeId, e: s.volunteerQualifications.expiresOn }).from(s.volunteerQualifications).where(eq(s.volunteerQualifications.volunteerId, w.volunteer.id)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "removeQualificationAction",
    run: () => actions.removeQualificationAction({}, form({ volunteerId: w.volunteer.id, typeId: heldTypeId })),
    effect: (db) => db.select({ t: s.volunteerQualifications.typeId }).from(s.volunteerQualifications).where(eq(s.volunteerQualifications.volunteerId, w.volunteer.id)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "addVolunteerNoteAction",
    run: () => actions.addVolunteerNoteAction({}, form({ volunteerId: w.volunteer.id, body: "Bevorzugt Einsätze am Vormittag." })),
    effect: (db) => db.select({ b: s.volunteerNotes.body }).from(s.volunteerNotes).where(eq(s.volunteerNotes.volunteerId, w.volunteer.id)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "addVolunteerTagAction",
    run: () => actions.addVolunteerTagAction({}, form({ volunteerId: w.volunteer.id, name: "Sommerfest" })),
    effect: (db) => db.select({ t: s.volunteerTags.tagId }).from(s.volunteerTags).where(eq(s.volunteerTags.volunteerId, w.volunteer.id)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "removeVolunteerTagAction",
    run: () => actions.removeVolunteerTagAction({}, form({ volunteerId: w.volunteer.id, tagId })),
    effect: (db) => db.select({ t: s.volunteerTags.tagId }).from(s.volunteerTags).where(eq(s.volunteerTags.volunteerId, w.volunteer.id)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "createQualificationTypeAction",
    run: () => actions.createQualificationTypeAction({}, form({ name: "Hygieneschulung", validityMonths: "12" })),
    effect: (db) => db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "updateQualificationTypeAction",
    run: () => actions.updateQualificationTypeAction({}, form({ id: qualificationTypeId, name: "Führungszeugnis (erweitert)", validityMonths: "60", active: "true" })),
    effect: (db) => db.select({ n: s.qualificationTypes.name }).from(s.qualificationTypes).where(eq(s.qualificationTypes.id, qualificationTypeId)),
    expected: { ...adminOnly, otherAdmin: "forbidden" },
  },
  {
    // every member saves their own choice; another organisation's members only ever their own row there
    name: "saveNoticePreferencesAction",
    run: () => noticeActions.saveNoticePreferencesAction({}, form({ withdrawn: "on", filled: "on", scope: "organization", byEmail: "on", phone: "", locale: "de" })),
    effect: (db) => db.select({ u: s.coordinatorNoticePreferences.userId }).from(s.coordinatorNoticePreferences).where(eq(s.coordinatorNoticePreferences.organizationId, w.org.id)),
    expected: { anonymous: "unauthenticated", volunteer: "unauthenticated", otherCoordinator: "own", otherAdmin: "own", coordinator: "ok", admin: "ok" },
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
    name: "createRequestAction",
    run: async () => {
      const values = { activityId: w.activities[0].id, title: "Fahrt", startsAt: nextBerlin(2, 9), endsAt: nextBerlin(2, 10), helpersNeeded: "1", languageMode: "none", channels: "email" };
      const state = await redirectOrState(requestActions.createRequestAction({}, form(values)));
      return state;
    },
    effect: (db) => db.select().from(s.requests).where(eq(s.requests.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...requestMembers, otherCoordinator: "invalid", otherAdmin: "invalid" },
  },
  {
    name: "createShiftPlanAction",
    run: () =>
      redirectOrState(
        shiftActions.createShiftPlanAction({}, form({ title: "Kleiderkammer", day: shiftDay(), slotCount: "1", "slot.0.start": "09:00", "slot.0.end": "12:00", "slot.0.activityId": w.activities[0].id, "slot.0.helpersNeeded": "2", intent: "create" })),
      ),
    effect: (db) => db.select().from(s.shiftPlans).where(eq(s.shiftPlans.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...requestMembers, otherCoordinator: "invalid", otherAdmin: "invalid" },
  },
  {
    name: "cancelShiftPlanAction",
    run: () => shiftActions.cancelShiftPlanAction({}, form({ planId, confirm: "yes" })),
    effect: (db) => db.select({ status: s.shiftPlans.status }).from(s.shiftPlans).where(eq(s.shiftPlans.id, planId)),
    expected: requestMembers,
  },
  {
    name: "seriesFormAction",
    run: () =>
      redirectOrState(
        seriesActions.seriesFormAction(
          {},
          form({ intent: "create", activityId: w.activities[0].id, title: "Kurs", helpersNeeded: "1", channels: "email", firstDate: addDays(calendarDateIn(new Date(), "Europe/Berlin"), 3), startTime: "09:00", endTime: "10:00", frequency: "weekly", ends: "count", count: "3" }),
        ),
      ),
    effect: (db) => db.select({ id: s.requestSeries.id }).from(s.requestSeries).where(eq(s.requestSeries.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...requestMembers, otherCoordinator: "invalid", otherAdmin: "invalid" },
  },
  {
    name: "endSeriesAction",
    run: () => redirectOrState(seriesActions.endSeriesAction({}, form({ seriesId, confirm: "yes", reason: "Ende" }))),
    effect: (db) => db.select({ endedAt: s.requestSeries.endedAt }).from(s.requestSeries).where(eq(s.requestSeries.id, seriesId)),
    expected: requestMembers,
  },
  {
    name: "changeHelpersAction",
    run: () => requestActions.changeHelpersAction({}, form({ requestId, helpersNeeded: "3" })),
    effect: requestStatus,
    expected: requestMembers,
  },
  {
    name: "updateRequestAction",
    run: async () => {
      // the form of the request as it stands (its current revision), with a new title
      const [r] = await t.db.select().from(s.requests).where(eq(s.requests.id, requestId));
      const values = { requestId, title: "Geänderte Fahrt", details: r.details, place: r.place, startsAt: nextBerlin(2, 9), endsAt: nextBerlin(2, 10), helpersNeeded: String(r.helpersNeeded), revision: String(r.revision) };
      return redirectOrState(requestActions.updateRequestAction({}, form(values)));
    },
    effect: (db) => db.select({ title: s.requests.title, revision: s.requests.revision }).from(s.requests).where(eq(s.requests.id, requestId)),
    expected: requestMembers,
  },
  {
    name: "closeRequestAction",
    run: () => requestActions.closeRequestAction({}, form({ requestId })),
    effect: requestStatus,
    expected: requestMembers,
  },
  {
    name: "cancelRequestAction",
    run: () => requestActions.cancelRequestAction({}, form({ requestId, confirm: "yes", reason: "Termin fällt aus" })),
    effect: requestStatus,
    expected: requestMembers,
  },
  {
    name: "saveTemplateAction",
    run: () => requestActions.saveTemplateAction({}, form({ requestId, name: "Neue Vorlage" })),
    effect: (db) => db.select({ id: s.requestTemplates.id }).from(s.requestTemplates).where(eq(s.requestTemplates.organizationId, w.org.id)).then((r) => r.length),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "deleteTemplateAction",
    run: () => requestActions.deleteTemplateAction({}, form({ templateId })),
    effect: (db) => db.select({ id: s.requestTemplates.id }).from(s.requestTemplates).where(eq(s.requestTemplates.id, templateId)).then((r) => r.length),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "confirmAttendanceAction",
    run: () => reportActions.confirmAttendanceAction({}, form({ requestId: past.requestId, [`attended.${past.invitationId}`]: "on", [`hours.${past.invitationId}`]: "1,5" })),
    effect: (db) => db.select({ attended: s.attendances.attended, minutes: s.attendances.minutes }).from(s.attendances).where(eq(s.attendances.invitationId, past.invitationId)),
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "POST /admin/reports/export",
    run: async () => {
      const body = form({ period: "custom", from: past.from, to: past.to, table: "hours_activity" });
      const res = await reportExportRoute.POST(new NextRequest("http://localhost/admin/reports/export", { method: "POST", body }));
      // "ok": the seeded organisation's hours are in it; another organisation gets its own (empty) table
      return routeOutcome(res, async () => {
        expect(res.headers.get("content-type")).toContain("text/csv");
        return (await res.text()).includes(w.activities[1].nameDe);
      });
    },
    effect: async () => null,
    expected: { anonymous: "unauthenticated", volunteer: "unauthenticated", otherCoordinator: "own", otherAdmin: "own", coordinator: "ok", admin: "ok" },
  },
  {
    name: "POST /admin/volunteers/[id]/certificate",
    run: async () => {
      const body = form({ from: past.from, to: past.to, locale: "de" });
      const res = await certificateRoute.POST(new NextRequest(`http://localhost/admin/volunteers/${w.volunteer.id}/certificate`, { method: "POST", body }), { params: Promise.resolve({ id: w.volunteer.id }) });
      return routeOutcome(res, async () => res.status === 200 && res.headers.get("content-type") === "application/pdf");
    },
    effect: async () => null,
    expected: { ...denyAll, otherAdmin: "forbidden", coordinator: "ok", admin: "ok" },
  },
  {
    name: "POST /admin/volunteers/import/upload",
    run: async () => {
      const fd = new FormData();
      fd.set("file", new File([importCsv], "liste.csv", { type: "text/csv" }));
      const res = await importUploadRoute.POST(new NextRequest("http://localhost/admin/volunteers/import/upload", { method: "POST", body: fd }));
      // "ok": a new upload of the seeded organisation; "own": of the persona's own organisation
      return routeOutcome(res, async () => {
        const id = /^\/admin\/volunteers\/import\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")?.[1];
        if (!id) throw new Error(`no import page: ${res.status} ${res.headers.get("location")}`);
        const [row] = await t.db.select({ org: s.volunteerImports.organizationId }).from(s.volunteerImports).where(eq(s.volunteerImports.id, id));
        return row.org === w.org.id;
      });
    },
    effect: async () => null,
    expected: { ...adminOnly, otherAdmin: "own" },
  },
  {
    name: "saveImportMappingAction",
    run: () => importOutcome(importActions.saveImportMappingAction(form({ id: importId, map_fullName: "0", map_email: "2" })), (to) => to === `/admin/volunteers/import/${importId}`),
    effect: importRow,
    expected: { ...adminOnly, otherAdmin: "not_found" },
  },
  {
    name: "runImportAction",
    run: () => importOutcome(importActions.runImportAction(form({ id: importId })), (to) => to.startsWith("/admin/volunteers/import?created=2")),
    effect: (db) => db.select({ n: sql<number>`count(*)::int` }).from(s.volunteers).where(and(eq(s.volunteers.organizationId, w.org.id), eq(s.volunteers.status, "pending"))),
    expected: { ...adminOnly, otherAdmin: "not_found" },
  },
  {
    // another organisation's admin cancels nothing: the upload stays, the answer is "not found"
    name: "cancelImportAction",
    run: () => importOutcome(importActions.cancelImportAction(form({ id: importId })), (to) => to === "/admin/volunteers/import?cancelled=1"),
    effect: importRow,
    expected: { ...adminOnly, otherAdmin: "not_found" },
  },
  {
    name: "POST /admin/privacy-records/download",
    run: async () => {
      const res = await recordsRoute.POST(new NextRequest("http://localhost/admin/privacy-records/download", { method: "POST" }));
      // "ok" means the record of the seeded organisation, "own" the persona's own one
      return routeOutcome(res, async () => {
        expect(res.headers.get("content-type")).toContain("text/markdown");
        expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="verarbeitungsverzeichnis-\d{4}-\d{2}-\d{2}\.md"$/);
        // the download itself is audited
        const [last] = await t.db.select().from(s.auditEvents).orderBy(sql`${s.auditEvents.id} desc`).limit(1);
        expect(last).toMatchObject({ action: "privacy.export_records", outcome: "ok" });
        return (await res.text()).includes(`**Name:** ${w.org.name}`);
      });
    },
    effect: async () => null,
    expected: { ...adminOnly, otherAdmin: "own" },
  },
];

/** A create action that succeeds redirects to the new request's board: that counts as ok. */
async function redirectOrState(p: Promise<{ ok?: boolean; error?: string }>): Promise<{ ok?: boolean; error?: string }> {
  try {
    return await p;
  } catch (err) {
    if (String((err as { digest?: string }).digest ?? "").startsWith("NEXT_REDIRECT")) return { ok: true };
    throw err;
  }
}

const personas: Persona[] = ["anonymous", "volunteer", "otherCoordinator", "otherAdmin", "coordinator", "admin"];

describe("authorisation matrix of every admin server action, request action and route handler", () => {
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
        } else if (expected === "not_found" || expected === "invalid") {
          expect(result).toMatchObject({ ok: false, error: expected });
          expect(after).toBe(before);
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
  // Pages admit the actor with requireActor(role); the read functions only accept what it proves.
  const reads: { name: string; role: "coordinator" | "admin"; run: (a: AdminActor) => Promise<{ ok: boolean }> }[] = [
    { name: "listVolunteers", role: "coordinator", run: (a) => listVolunteers(a, {}) },
    { name: "getVolunteerDetail", role: "coordinator", run: (a) => getVolunteerDetail(a, w.volunteer.id) },
    { name: "listAuditEvents", role: "admin", run: (a) => listAuditEvents(a, {}) },
    { name: "listMembers", role: "admin", run: (a) => listMembers(a) },
    { name: "getOrganizationSettings", role: "admin", run: (a) => getOrganizationSettings(a) },
    { name: "getProcessingRecordDocument", role: "admin", run: (a) => getProcessingRecordDocument(a, "de") },
  ];
  for (const r of reads) {
    it(`${r.name}: anonymous refused, coordinator ${r.role === "coordinator" ? "allowed" : "refused"}, admin allowed`, async () => {
      const { requireActor } = await import("@/lib/auth/guard");
      for (const persona of ["anonymous", "volunteer"] as const) {
        await become(persona);
        expect(await redirectOf(requireActor(r.role))).toBe("/admin/sign-in");
      }
      await become("coordinator");
      if (r.role === "coordinator") expect((await r.run((await requireActor(r.role)) as AdminActor)).ok).toBe(true);
      else expect(await redirectOf(requireActor(r.role))).toBe("/admin?denied=1");
      await become("admin");
      expect((await r.run(await requireActor("admin"))).ok).toBe(true);
    });
  }

  it("refuses, in the types, a read without the actor its role needs (checked by tsc)", () => {
    const refusedByTheCompiler = (coordinator: Actor) => [
      // @ts-expect-error no actor, no read
      () => listVolunteers(null, {}),
      // @ts-expect-error a coordinator is not an admin
      () => listMembers(coordinator),
      // @ts-expect-error a coordinator is not an admin
      () => listAuditEvents(coordinator, {}),
      // @ts-expect-error a coordinator is not an admin
      () => getProcessingRecordDocument(coordinator, "de"),
    ];
    expect(refusedByTheCompiler(w.actors.coordinator)).toHaveLength(4);
  });

  it("never shows another organisation's notes, tags or qualifications, not even by the volunteer's id", async () => {
    const { addVolunteerNote, listVolunteerNotes, listVolunteerTags, listOrganizationTags } = await import("@/lib/volunteers/notes-tags");
    const { listVolunteerQualifications, listExpiringQualifications } = await import("@/lib/qualifications");
    expect(await addVolunteerNote(w.actors.coordinator, { volunteerId: w.volunteer.id, body: "Intern" }, { ip: null })).toMatchObject({ ok: true });
    expect(await listVolunteerNotes(t.db, w.org.id, w.volunteer.id)).toHaveLength(1);
    expect(await listVolunteerNotes(t.db, w.other.id, w.volunteer.id)).toEqual([]);
    expect(await listVolunteerTags(t.db, w.other.id, w.volunteer.id)).toEqual([]);
    expect(await listOrganizationTags(t.db, w.other.id)).toEqual([]);
    expect(await listVolunteerQualifications(t.db, w.other.id, w.volunteer.id, "2026-01-01")).toEqual([]);
    await t.db.update(s.volunteerQualifications).set({ expiresOn: "2026-01-01", issuedOn: "2025-01-01" }).where(eq(s.volunteerQualifications.volunteerId, w.volunteer.id));
    expect((await listExpiringQualifications(w.actors.otherCoordinator, { days: 365 })).rows).toEqual([]);
    expect((await listExpiringQualifications(w.actors.coordinator, { days: 365 })).rows).toHaveLength(1);
  });

  it("never shows another organisation's volunteer, not even by id", async () => {
    expect(await getVolunteerDetail(w.actors.otherAdmin, w.volunteer.id)).toEqual({ ok: false, error: "not_found" });
    const list = await listVolunteers(w.actors.otherAdmin, {});
    expect(list.ok && list.rows.map((r) => r.lastName)).toEqual(["Fremd"]);
  });
});

describe("joining a further organisation (joinOrganizationAction, /profile/join/[slug])", () => {
  it("acts only for the signed-in volunteer; without a volunteer session it sends to the sign-in page and writes nothing", async () => {
    await t.db.update(s.organizations).set({ listed: true }).where(eq(s.organizations.id, w.other.id));
    await t.db.update(s.volunteers).set({ emailConfirmedAt: new Date() }).where(eq(s.volunteers.id, w.volunteer.id));
    await t.db.insert(s.volunteerAvailability).values({ volunteerId: w.volunteer.id, weekday: 1, partOfDay: "morning" });
    const [activity] = await t.db.select().from(s.activities).where(eq(s.activities.organizationId, w.other.id));
    const fd = () =>
      form({ firstName: "Amira", lastName: "Haddad", email: w.volunteer.email!, phone: "", contactPreference: "email", locale: "de", activities: [activity.id], availability: ["1-morning"], consent: "on", organization: "andere-stadt", consentVersion: CONSENT_VERSION, consentLocale: "de" });
    const copies = () => t.db.select().from(s.volunteers).where(and(eq(s.volunteers.organizationId, w.other.id), eq(s.volunteers.email, w.volunteer.email!)));
    for (const persona of ["anonymous", "coordinator", "admin", "otherAdmin"] as const) {
      await become(persona);
      expect(await redirectOf(joinActions.joinOrganizationAction({}, fd())), persona).toBe("/manage");
    }
    expect(await copies()).toEqual([]);
    await become("volunteer");
    expect(await redirectOf(joinActions.joinOrganizationAction({}, fd()))).toBe("/profile?joined=andere-stadt#organizations");
    expect(await copies()).toHaveLength(1);
  });
});

describe("the volunteer's own certificate (POST /profile/certificate)", () => {
  const post = () => ownCertificateRoute.POST(new NextRequest("http://localhost/profile/certificate", { method: "POST", body: form({ from: past.from, to: past.to, locale: "en" }) }));

  it("is the signed-in volunteer's own PDF; without a volunteer session it sends to the sign-in page", async () => {
    await become("volunteer");
    const res = await post();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain("certificate-of-volunteering-Haddad-Amira");
    for (const persona of ["anonymous", "coordinator", "admin"] as const) {
      await become(persona);
      const refused = await post();
      expect(refused.status).toBe(303);
      expect(new URL(refused.headers.get("location")!).pathname).toBe("/manage");
    }
    const denied = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "certificate.download"), eq(s.auditEvents.outcome, "denied")));
    expect(denied).toHaveLength(3);
  });

  it("sends bad dates back to the form with the errors and what was typed", async () => {
    await become("volunteer");
    const res = await ownCertificateRoute.POST(new NextRequest("http://localhost/profile/certificate", { method: "POST", body: form({ from: past.to, to: past.from, locale: "de" }) }));
    expect(res.status).toBe(303);
    const target = new URL(res.headers.get("location")!);
    expect(target.pathname).toBe("/profile");
    expect(target.searchParams.get("certErr")).toBe("to:end_before_start");
    expect(target.searchParams.get("cert_from")).toBe(past.to);
  });
});

describe("sessions", () => {
  it("removing a member's access ends their sessions at once", async () => {
    const token = await createSession(t.db, w.users.coordinator.id);
    await become("admin");
    expect(await actions.removeMemberAction({}, form({ userId: w.users.coordinator.id }))).toMatchObject({ ok: true });
    const left = await t.db.select().from(s.sessions).where(eq(s.sessions.sessionToken, storedSessionToken(token)));
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

