import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import type { Db } from "@/db/client";
import { setupTestDatabase } from "../helpers/db";
import { cookieJar as jar, formData as form } from "../helpers/next";
import { twilioSid } from "../helpers/webhook-signing";
import { SHARED_PHONE, twoOrganisations, uuidsIn, type OrgWorld } from "../helpers/two-organisations";
import { VOLUNTEER_SESSION_COOKIE } from "@/lib/volunteers/session";
import { hashToken } from "@/lib/tokens";
import { addDays, calendarDateIn } from "@/lib/time-zone";
import { foldPeriodAsks } from "@/lib/reports/period-asks";

/**
 * Issue 16, "everything scoped": two organisations with overlapping data (the same person with
 * the same e-mail and mobile number in both, the same activity names, requests at the same time
 * with the same title and short code, shift plans, series, templates, attendances, messages,
 * audit entries, calendar feeds: tests/helpers/two-organisations.ts). A coordinator or admin of A
 * sees none of B's data on any page, export, report or search, every action on B's ids is
 * refused without changing anything of B, the scheduler's run for A never touches B, and the
 * webhooks (inbound SMS, status callbacks) only ever reach their own organisation's rows.
 *
 * Two guards keep it complete: every table with an organisation (an organization_id column, or
 * a reference to such a table) must be listed in ORG_SCOPED_TABLES and have rows of both
 * organisations in the fixture; every coordinator-area page, route handler and server action
 * must be listed in COVERED_ENTRY_POINTS.
 */

vi.mock("next-intl/server", () => ({ getLocale: async () => "de" }));

const t = setupTestDatabase();

// ------------------------------------------------------------------------------------------------
// Which rows belong to which organisation (the guard and the "nothing of B changed" snapshots)
// ------------------------------------------------------------------------------------------------

/** table → the FROM/WHERE that selects the rows of organisation `:org` as `x` */
const viaVolunteer = `join volunteers v on v.id = x.volunteer_id where v.organization_id = :org`;
const viaRequest = `join requests r on r.id = x.request_id where r.organization_id = :org`;
const direct = `where x.organization_id = :org`;
export const ORG_SCOPED_TABLES: Record<string, string> = {
  organizations: `where x.id = :org`,
  memberships: direct,
  coordinator_notice_preferences: direct,
  activities: direct,
  volunteers: direct,
  volunteer_activities: viaVolunteer,
  volunteer_languages: viaVolunteer,
  volunteer_availability: viaVolunteer,
  volunteer_tokens: viaVolunteer,
  volunteer_calendar_feeds: viaVolunteer,
  requests: direct,
  shift_plans: direct,
  shift_plan_invites: `join shift_plans p on p.id = x.plan_id where p.organization_id = :org`,
  request_templates: direct,
  request_series: direct,
  series_commitments: `join request_series rs on rs.id = x.series_id where rs.organization_id = :org`,
  invitations: viaRequest,
  attendances: direct,
  request_summaries: viaRequest,
  volunteer_month_asks: direct,
  volunteer_period_asks: direct,
  volunteer_period_deltas: direct,
  message_day_summaries: direct,
  volunteer_day_counts: direct,
  messages: direct,
  audit_events: direct,
  organization_logos: direct,
  volunteer_imports: direct,
  qualification_types: direct,
  volunteer_qualifications: direct,
  volunteer_notes: direct,
  tags: direct,
  volunteer_tags: viaVolunteer,
};
/** Tables of the installation, not of an organisation (with the reason). */
export const INSTALLATION_TABLES: Record<string, string> = {
  users: "a person's sign-in identity; what they may see comes from memberships",
  accounts: "Auth.js accounts of users",
  sessions: "Auth.js sessions of users (the organisation is chosen per request from memberships)",
  verification_tokens: "Auth.js sign-in tokens (by e-mail address)",
  rate_limits: "counters keyed by address/number",
  provider_pacing: "one row per provider (shared senders)",
  webhook_receipts: "provider event ids already handled",
  platform_admins: "installation administrators (lib/platform): above organisations, members of none",
};

const ORG_REFERENCE_COLUMNS = /^(organization_id|volunteer_id|request_id|invitation_id|plan_id|series_id|activity_id|shift_plan_id|template_id)$/;

/**
 * Every row of one organisation, its fairness summaries as a report reads them: the changes not
 * yet added to volunteer_period_asks (volunteer_period_deltas, the queue the scheduler's run
 * empties) are folded first, so folding is not a change.
 */
async function snapshot(db: Db, orgId: string): Promise<Record<string, string[]>> {
  await foldPeriodAsks(db, orgId);
  const out: Record<string, string[]> = {};
  for (const [table, where] of Object.entries(ORG_SCOPED_TABLES)) {
    const q = `select row_to_json(x)::text as j from "${table}" x ${where.replaceAll(":org", `'${orgId}'::uuid`)}`;
    out[table] = ((await db.execute(sql.raw(q))).rows as { j: string }[]).map((r) => r.j).sort();
  }
  return out;
}

/** Everything of B as text, and the ids in it (what must never show up in A's pages). */
async function secretsOf(db: Db, B: OrgWorld) {
  const snap = await snapshot(db, B.org.id);
  const ids = uuidsIn(JSON.stringify(snap));
  return { ids, markers: [B.marker, B.own.email!, B.org.name, B.pending.lastName] };
}

function expectNothingOf(secrets: { ids: Set<string>; markers: string[] }, value: unknown, where: string) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const leaked = [...uuidsIn(text)].filter((id) => secrets.ids.has(id));
  expect(leaked, `${where} shows ids of organisation B`).toEqual([]);
  for (const m of secrets.markers) expect(text.includes(m), `${where} shows "${m}" of organisation B`).toBe(false);
}

/** Removes an organisation with everything in it (the rows that restrict deleting an activity first). */
async function deleteOrganisation(db: Db, orgId: string) {
  await db.delete(s.volunteers).where(eq(s.volunteers.organizationId, orgId));
  await db.delete(s.requests).where(eq(s.requests.organizationId, orgId));
  await db.delete(s.requestSeries).where(eq(s.requestSeries.organizationId, orgId));
  await db.delete(s.organizations).where(eq(s.organizations.id, orgId));
}

let A: OrgWorld;
let B: OrgWorld;

beforeEach(async () => {
  ({ A, B } = await twoOrganisations(t.db));
  jar.clear();
});

async function signIn(w: OrgWorld, who: "admin" | "coordinator") {
  jar.clear();
  jar.set("helferruf.session", w.sessions[who]);
}

// ------------------------------------------------------------------------------------------------
describe("the guard: every organisation-scoped table is in the fixture", () => {
  it("lists every table with an organisation (organization_id, or a reference to an organisation's table) and the fixture fills it in both", async () => {
    const columns = (await t.db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`)).rows as { table_name: string; column_name: string }[];
    const refs = (
      await t.db.execute(sql`
        select tc.table_name as child, ccu.table_name as parent
        from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
        where tc.table_schema = 'public' and tc.constraint_type = 'FOREIGN KEY'`)
    ).rows as { child: string; parent: string }[];
    const tables = [...new Set(columns.map((c) => c.table_name))].sort();
    // organisation-scoped: has an organization_id (or a column naming an organisation's row), or references such a table
    const scoped = new Set(["organizations", ...columns.filter((c) => ORG_REFERENCE_COLUMNS.test(c.column_name)).map((c) => c.table_name)]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of refs) {
        if (scoped.has(r.parent) && !scoped.has(r.child)) {
          scoped.add(r.child);
          grew = true;
        }
      }
    }
    const missing = [...scoped].filter((x) => !(x in ORG_SCOPED_TABLES)).sort();
    expect(
      missing,
      `Organisation-scoped table(s) not covered by the isolation test: ${missing.join(", ")}. Add rows of BOTH organisations in tests/helpers/two-organisations.ts (buildOrganisation) and the row → organisation query in ORG_SCOPED_TABLES here.`,
    ).toEqual([]);
    const unknown = tables.filter((x) => !(x in ORG_SCOPED_TABLES) && !(x in INSTALLATION_TABLES));
    expect(unknown, `New table(s) ${unknown.join(", ")}: list them in ORG_SCOPED_TABLES (with rows in the fixture) or, if they belong to no organisation, in INSTALLATION_TABLES with the reason.`).toEqual([]);
    const stale = Object.keys(ORG_SCOPED_TABLES).filter((x) => !tables.includes(x));
    expect(stale, "tables listed here that no longer exist").toEqual([]);

    // the fold queue: rows of both before snapshot() empties it
    for (const w of [A, B]) {
      const queued = await t.db.execute(sql`select count(*)::int as n from volunteer_period_deltas where organization_id = ${w.org.id}`);
      expect((queued.rows[0] as { n: number }).n, "the fixture has no row of an organisation in volunteer_period_deltas").toBeGreaterThan(0);
    }
    const [a, b] = [await snapshot(t.db, A.org.id), await snapshot(t.db, B.org.id)];
    for (const table of Object.keys(ORG_SCOPED_TABLES).filter((x) => x !== "volunteer_period_deltas")) {
      expect(a[table].length, `the fixture has no row of organisation A in ${table}`).toBeGreaterThan(0);
      expect(b[table].length, `the fixture has no row of organisation B in ${table}`).toBeGreaterThan(0);
    }
  });

  it("overlaps: the same e-mail and number, activity name, request title, start and short code in both", async () => {
    expect([A.shared.email, A.shared.phone]).toEqual([B.shared.email, B.shared.phone]);
    expect(A.driving.nameDe).toBe(B.driving.nameDe);
    expect([A.request.title, A.request.startsAt.getTime(), A.request.shortCode]).toEqual([B.request.title, B.request.startsAt.getTime(), B.request.shortCode]);
  });
});

// ------------------------------------------------------------------------------------------------
// What A's coordinator area shows: every page's loader (and the exports), as A's admin
// ------------------------------------------------------------------------------------------------

const lib = {
  activities: await import("@/lib/activities/queries"),
  audit: await import("@/lib/audit/query"),
  members: await import("@/lib/members"),
  notices: await import("@/lib/members/notice-preferences"),
  escalation: await import("@/lib/requests/escalation"),
  directory: await import("@/lib/volunteers/directory"),
  requests: await import("@/lib/requests/queries"),
  load: await import("@/lib/requests/load"),
  calendar: await import("@/lib/requests/calendar"),
  cancellation: await import("@/lib/requests/cancellation"),
  waves: await import("@/lib/requests/waves"),
  formValues: await import("@/lib/requests/form-values"),
  templates: await import("@/lib/requests/templates"),
  series: await import("@/lib/series/queries"),
  seriesCreate: await import("@/lib/series/create"),
  shifts: await import("@/lib/shifts/queries"),
  reports: await import("@/lib/reports"),
  settings: await import("@/lib/organizations/settings"),
  privacy: await import("@/lib/privacy/admin"),
  attendance: await import("@/lib/attendance"),
  certificate: await import("@/lib/attendance/certificate"),
  csv: await import("@/lib/volunteers/csv-export"),
  preview: await import("@/lib/requests/preview"),
  openNeeds: await import("@/lib/requests/open-needs"),
  commitments: await import("@/lib/attendance/commitments"),
  feed: await import("@/lib/volunteers/calendar-feed"),
  exportData: await import("@/lib/volunteers/export"),
  profile: await import("@/lib/volunteers/profile"),
  respond: await import("@/lib/requests/respond"),
};
const ctx = { ip: "203.0.113.7" };

type View = { name: string; entry: string; run: (a: OrgWorld, db: Db) => Promise<unknown> };
const calendarDays = (w: OrgWorld) => lib.calendar.calendarRange("month", w.request.startsAt.toISOString().slice(0, 10));

/** Every admin page's reads (as the page calls them), the exports and the volunteer's own pages. */
const VIEWS: View[] = [
  { name: "dashboard", entry: "app/admin/page.tsx", run: async (w, db) => [await lib.directory.countVolunteersByStatus(db, w.org.id), await lib.requests.getOpenRequestSummaries(db, w.actors.admin), await lib.audit.recentAuditEvents(db, w.org.id, 50)] },
  { name: "activities", entry: "app/admin/activities/page.tsx", run: (w, db) => lib.activities.listActivities(db, w.org.id) },
  { name: "audit log", entry: "app/admin/audit/page.tsx", run: async (w, db) => [await lib.audit.listAuditEvents(w.actors.admin, {}, undefined, 500), await lib.audit.distinctAuditActions(db, w.org.id)] },
  { name: "calendar", entry: "app/admin/calendar/page.tsx", run: (w, db) => lib.calendar.listCalendarEntries(db, w.actors.admin, calendarDays(w), w.org.timeZone, null) },
  { name: "members", entry: "app/admin/members/page.tsx", run: (w) => lib.members.listMembers(w.actors.admin) },
  { name: "notification settings", entry: "app/admin/notifications/page.tsx", run: async (w, db) => [await lib.notices.getNoticePreferences(w.actors.coordinator, "de", db), await lib.escalation.organizationEscalationHours(db, w.org.id)] },
  { name: "privacy records", entry: "app/admin/privacy-records/page.tsx", run: (w) => lib.privacy.getProcessingRecordDocument(w.actors.admin, "de", new Date("2026-12-01T12:00:00Z")) },
  { name: "reports", entry: "app/admin/reports/page.tsx", run: (w) => lib.reports.loadReport(w.actors.admin, { period: "custom", from: "2026-01-01", to: "2027-12-31" }, ctx, new Date("2026-12-01T12:00:00Z")) },
  { name: "reports (print)", entry: "app/admin/reports/print/page.tsx", run: (w) => lib.reports.loadReport(w.actors.admin, { period: "custom", from: "2026-01-01", to: "2027-12-31", activity: w.driving.id }, ctx, new Date("2026-12-01T12:00:00Z")) },
  { name: "requests list", entry: "app/admin/requests/page.tsx", run: async (w, db) => Promise.all(lib.requests.REQUEST_TABS.map((tab) => lib.requests.listRequests(db, w.actors.admin, tab))) },
  {
    name: "request board",
    entry: "app/admin/requests/[id]/page.tsx",
    run: async (w, db) => [
      await lib.requests.getRequestBoard(db, w.actors.admin, w.request.id),
      await lib.waves.getWavePlan(db, w.org.id, w.request.id),
      await lib.series.seriesOfRequest(db, w.org.id, w.request.id),
      await lib.cancellation.getCancellation(db, w.actors.admin, w.request.id),
      await lib.attendance.getAttendanceSheet(db, w.actors.admin, w.past.id),
    ],
  },
  { name: "request edit", entry: "app/admin/requests/[id]/edit/page.tsx", run: (w, db) => lib.load.loadRequest(db, w.request.id, { organizationId: w.org.id }) },
  {
    name: "new request (copy, template)",
    entry: "app/admin/requests/new/page.tsx",
    run: async (w, db) => [
      await lib.activities.listActiveActivities(db, w.org.id),
      await lib.templates.listTemplates(db, w.org.id),
      await lib.formValues.copyRequestValues(db, w.actors.admin, w.request.id, new Date("2026-12-01T12:00:00Z")),
      await lib.templates.templateRequestValues(db, w.actors.admin, w.template.id, new Date("2026-12-01T12:00:00Z")),
    ],
  },
  { name: "series list", entry: "app/admin/requests/series/page.tsx", run: (w, db) => lib.series.listSeries(db, w.org.id) },
  { name: "series overview", entry: "app/admin/requests/series/[id]/page.tsx", run: (w, db) => lib.series.getSeriesOverview(db, w.org.id, w.seriesId) },
  { name: "new series", entry: "app/admin/requests/series/new/page.tsx", run: (w, db) => lib.seriesCreate.seriesSettings(db, w.org.id) },
  { name: "settings", entry: "app/admin/settings/page.tsx", run: (w) => lib.settings.getOrganizationSettings(w.actors.admin) },
  { name: "shift plans", entry: "app/admin/shifts/page.tsx", run: (w, db) => lib.shifts.listShiftPlans(db, w.org.id) },
  { name: "shift plan overview", entry: "app/admin/shifts/[id]/page.tsx", run: (w, db) => lib.shifts.getShiftPlanOverview(db, w.actors.admin, w.planId) },
  { name: "new shift plan (copy)", entry: "app/admin/shifts/new/page.tsx", run: (w, db) => lib.shifts.copyShiftPlanValues(db, w.actors.admin, w.planId) },
  {
    name: "volunteer directory (search by the shared name, e-mail filters, every page)",
    entry: "app/admin/volunteers/page.tsx",
    run: async (w) => [await lib.directory.listVolunteers(w.actors.admin, {}), await lib.directory.listVolunteers(w.actors.admin, { q: "Doppelt" }), await lib.directory.listVolunteers(w.actors.admin, { activity: w.driving.id, channel: "sms" })],
  },
  { name: "volunteer detail", entry: "app/admin/volunteers/[id]/page.tsx", run: (w) => lib.directory.getVolunteerDetail(w.actors.admin, w.shared.id) },
  { name: "volunteer CSV export", entry: "app/admin/volunteers/export/route.ts", run: async (w) => (await lib.csv.exportVolunteersCsv(w.actors.admin, {}, ctx)).csv },
  {
    name: "report CSV exports (every table)",
    entry: "app/admin/reports/export/route.ts",
    run: async (w) => {
      const { TABLE_KEYS } = await import("@/lib/reports/tables");
      const out: string[] = [];
      for (const table of TABLE_KEYS) {
        const r = await lib.reports.exportReportCsv(w.actors.admin, { period: "custom", from: "2026-01-01", to: "2027-12-31", table }, ctx, "de", new Date("2026-12-01T12:00:00Z"));
        out.push(r.ok ? r.csv : JSON.stringify(r));
      }
      return out;
    },
  },
  {
    name: "volunteer certificate data",
    entry: "app/admin/volunteers/[id]/certificate/route.ts",
    run: (w, db) => lib.certificate.certificateData(db, w.org.id, w.shared.id, { from: "2026-01-01", to: "2027-12-31" }, new Date("2026-12-01T12:00:00Z")),
  },
  { name: "privacy record download", entry: "app/admin/privacy-records/download/route.ts", run: (w) => lib.privacy.getProcessingRecordDocument(w.actors.admin, "en", new Date("2026-12-01T12:00:00Z")) },
  { name: "live board JSON", entry: "app/api/admin/requests/[id]/board/route.ts", run: (w, db) => lib.requests.getRequestBoard(db, w.actors.coordinator, w.request.id) },
  {
    name: "new-request preview (match count by message language)",
    entry: "app/api/admin/requests/preview/route.ts",
    run: async (w, db) => {
      const p = await lib.preview.previewRequest(db, w.actors.coordinator, { activityId: w.driving.id, startsAt: "2027-03-02T09:00", endsAt: "2027-03-02T11:00", helpersNeeded: "2", channels: "both", languages: [] });
      return { matches: p.matches, askedNow: p.askedNow, smsByLocale: p.smsByLocale.map((l) => [l.locale, l.recipients]) };
    },
  },
  // the shared person's own pages in A (signed in with A's volunteer session)
  {
    name: "volunteer's own profile, open needs, commitments, data export, calendar feed",
    entry: "app/(public)/profile/page.tsx",
    run: async (w, db) => [
      await lib.profile.loadProfile(w.shared.id),
      await lib.openNeeds.listOpenNeeds(db, w.shared.id),
      await lib.commitments.listCommitments(db, w.shared.id),
      await lib.exportData.exportVolunteerData(w.shared.id, db, new Date("2026-12-01T12:00:00Z")),
      await lib.feed.renderCalendarFeed(db, hashToken(lib.feed.feedToken((await db.select().from(s.volunteerCalendarFeeds).where(eq(s.volunteerCalendarFeeds.volunteerId, w.shared.id)))[0].id))),
    ],
  },
];

describe("A's coordinator area shows nothing of B", () => {
  it("no page, export, report, search or volunteer page of A shows B's ids, names, addresses or texts", async () => {
    const secrets = await secretsOf(t.db, B);
    for (const v of VIEWS) {
      const result = await v.run(A, t.db);
      expect(result, `${v.name} returned nothing`).toBeTruthy();
      expectNothingOf(secrets, result, v.name);
    }
    // and the same views of B show B's own data (the check above is not vacuous)
    const bText = JSON.stringify(await Promise.all(VIEWS.map((v) => v.run(B, t.db))));
    expect(bText).toContain(B.marker);
    expect(bText).toContain(B.shared.id);
  });

  it("every view of A is the same with and without organisation B (no count, sum or list includes B)", async () => {
    const fixed = (x: unknown) => JSON.stringify(x).replace(/"(generatedAt|exportedAt|now|doneAt)":"[^"]*"/g, '"$1":"…"').replace(/DTSTAMP:\d{8}T\d{6}Z/g, "DTSTAMP:…");
    // the views write audit entries themselves (exports are audited): each pass starts from the fixture's log
    const [{ last }] = await t.db.select({ last: sql<number>`max(${s.auditEvents.id})::int` }).from(s.auditEvents);
    const pass = async () => {
      const out: string[] = [];
      for (const v of VIEWS) {
        out.push(fixed(await v.run(A, t.db)));
        await t.db.delete(s.auditEvents).where(sql`${s.auditEvents.id} > ${last}`);
      }
      return out;
    };
    const withB = await pass();
    await deleteOrganisation(t.db, B.org.id);
    const withoutB = await pass();
    VIEWS.forEach((v, i) => {
      // where they part (the whole texts are too long to read in a failure)
      let at = 0;
      while (at < withB[i].length && withB[i][at] === withoutB[i][at]) at++;
      expect(withoutB[i].slice(Math.max(0, at - 200), at + 200), `${v.name} differs without B`).toBe(withB[i].slice(Math.max(0, at - 200), at + 200));
    });
  });
});

// ------------------------------------------------------------------------------------------------
// Every action of A's admin on B's ids (by id in the URL or the form): refused, nothing of B changed
// ------------------------------------------------------------------------------------------------

const actions = await import("@/app/admin/actions");
const requestActions = await import("@/app/admin/requests/actions");
const shiftActions = await import("@/app/admin/shifts/actions");
const seriesActions = await import("@/app/admin/requests/series/actions");
const reportActions = await import("@/app/admin/reports/actions");
const importActions = await import("@/app/admin/volunteers/import/actions");
const noticeActions = await import("@/app/admin/notifications/actions");
const profileActions = await import("@/app/(public)/profile/actions");
const certificateRoute = await import("@/app/admin/volunteers/[id]/certificate/route");
const boardRoute = await import("@/app/api/admin/requests/[id]/board/route");
const previewRoute = await import("@/app/api/admin/requests/preview/route");

/** A server action's outcome: its state, or where it redirected to. */
async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2] };
    throw err;
  }
}
const refused = (r: unknown) => {
  const x = r as { ok?: boolean; redirect?: string; status?: number };
  if (x instanceof Response) return x.status >= 400;
  if (x.redirect !== undefined) return x.redirect === "/admin?denied=1" || /[=_]not_found\b|withdrawn=unchanged|error=expired\b/.test(x.redirect);
  return x.ok === false;
};

type Attack = { entry: string; as?: "admin" | "coordinator" | "volunteer"; run: (a: OrgWorld, b: OrgWorld) => Promise<unknown> };
const req = (path: string, body?: FormData) => new NextRequest(`http://localhost${path}`, body ? { method: "POST", body } : undefined);
const today = () => calendarDateIn(new Date(), "Europe/Berlin");
const lastWeek = () => addDays(today(), -7);
const later = () => new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 16);

const ATTACKS: Attack[] = [
  { entry: "app/admin/actions.ts#changeMemberRoleAction", run: (_a, b) => actions.changeMemberRoleAction({}, form({ userId: b.users.coordinator.id, role: "admin" })) },
  { entry: "app/admin/actions.ts#removeMemberAction", run: (_a, b) => actions.removeMemberAction({}, form({ userId: b.users.coordinator.id })) },
  { entry: "app/admin/actions.ts#updateActivityAction", run: (_a, b) => actions.updateActivityAction({}, form({ id: b.driving.id, nameDe: "Gekapert", nameEn: "Taken", descriptionDe: "", descriptionEn: "" })) },
  { entry: "app/admin/actions.ts#moveActivityAction", run: (_a, b) => actions.moveActivityAction({}, form({ id: b.driving.id, direction: "up" })) },
  { entry: "app/admin/actions.ts#setActivityActiveAction", run: (_a, b) => actions.setActivityActiveAction({}, form({ id: b.driving.id, active: "false" })) },
  { entry: "app/admin/actions.ts#setVolunteerStatusAction", run: (_a, b) => actions.setVolunteerStatusAction({}, form({ id: b.shared.id, status: "deactivated", reason: "Fremd gesperrt" })) },
  { entry: "app/admin/actions.ts#switchOrganizationAction", run: (_a, b) => actions.switchOrganizationAction(form({ organizationId: b.org.id })) },
  { entry: "app/admin/requests/actions.ts#createRequestAction", run: (_a, b) => requestActions.createRequestAction({}, form({ activityId: b.driving.id, title: "Fahrt", startsAt: later(), endsAt: later().slice(0, 11) + "23:00", helpersNeeded: "1", languageMode: "none", channels: "email" })) },
  {
    entry: "app/admin/requests/actions.ts#updateRequestAction",
    run: (_a, b) => requestActions.updateRequestAction({}, form({ requestId: b.request.id, title: "Gekapert", details: "", place: "", startsAt: later(), endsAt: later().slice(0, 11) + "23:00", helpersNeeded: "2", revision: String(b.request.revision) })),
  },
  { entry: "app/admin/requests/actions.ts#cancelRequestAction", run: (_a, b) => requestActions.cancelRequestAction({}, form({ requestId: b.request.id, confirm: "yes", reason: "Fremd abgesagt" })) },
  { entry: "app/admin/requests/actions.ts#changeHelpersAction", run: (_a, b) => requestActions.changeHelpersAction({}, form({ requestId: b.request.id, helpersNeeded: "5" })) },
  { entry: "app/admin/requests/actions.ts#closeRequestAction", run: (_a, b) => requestActions.closeRequestAction({}, form({ requestId: b.request.id })) },
  { entry: "app/admin/requests/actions.ts#askMoreAction", run: (_a, b) => requestActions.askMoreAction({}, form({ requestId: b.request.id, limit: "5" })) },
  { entry: "app/admin/requests/actions.ts#messageHelpersAction", run: (_a, b) => requestActions.messageHelpersAction({}, form({ requestId: b.request.id, text: "Hallo von A" })) },
  { entry: "app/admin/requests/actions.ts#sendNextWaveAction", run: (_a, b) => requestActions.sendNextWaveAction({}, form({ requestId: b.request.id })) },
  { entry: "app/admin/requests/actions.ts#stopWavesAction", run: (_a, b) => requestActions.stopWavesAction({}, form({ requestId: b.request.id })) },
  { entry: "app/admin/requests/actions.ts#saveTemplateAction", run: (_a, b) => requestActions.saveTemplateAction({}, form({ requestId: b.request.id, name: "Geklaut" })) },
  { entry: "app/admin/requests/actions.ts#deleteTemplateAction", run: (_a, b) => requestActions.deleteTemplateAction({}, form({ templateId: b.template.id })) },
  {
    entry: "app/admin/shifts/actions.ts#createShiftPlanAction",
    run: (_a, b) => shiftActions.createShiftPlanAction({}, form({ title: "Fremd", day: later().slice(0, 10), slotCount: "1", "slot.0.start": "09:00", "slot.0.end": "12:00", "slot.0.activityId": b.driving.id, "slot.0.helpersNeeded": "2", intent: "create" })),
  },
  { entry: "app/admin/shifts/actions.ts#cancelShiftPlanAction", run: (_a, b) => shiftActions.cancelShiftPlanAction({}, form({ planId: b.planId, confirm: "yes" })) },
  {
    entry: "app/admin/requests/series/actions.ts#seriesFormAction",
    run: (_a, b) => seriesActions.seriesFormAction({}, form({ intent: "create", activityId: b.driving.id, title: "Kurs", helpersNeeded: "1", channels: "email", firstDate: later().slice(0, 10), startTime: "09:00", endTime: "10:00", frequency: "weekly", ends: "count", count: "2" })),
  },
  { entry: "app/admin/requests/series/actions.ts#endSeriesAction", run: (_a, b) => seriesActions.endSeriesAction({}, form({ seriesId: b.seriesId, confirm: "yes", reason: "Fremd beendet" })) },
  { entry: "app/admin/reports/actions.ts#confirmAttendanceAction", run: (_a, b) => reportActions.confirmAttendanceAction({}, form({ requestId: b.past.id, [`hours.${b.pastInvitation.id}`]: "1" })) },
  // A's own past request, with B's invitation in the form: B's attendance stays as it is
  {
    entry: "app/admin/reports/actions.ts#confirmAttendanceAction (B's invitation in A's form)",
    run: async (a, b) => {
      const r = await reportActions.confirmAttendanceAction({}, form({ requestId: a.past.id, [`attended.${a.pastInvitation.id}`]: "on", [`hours.${b.pastInvitation.id}`]: "9" }));
      return { ok: false, done: r };
    },
  },
  { entry: "app/admin/notifications/actions.ts#saveNoticePreferencesAction", run: async () => ({ ok: false, done: await noticeActions.saveNoticePreferencesAction({}, form({ withdrawn: "on", scope: "organization", byEmail: "on", phone: "", locale: "de" })) }) },
  { entry: "app/admin/volunteers/[id]/certificate/route.ts#POST", run: (_a, b) => certificateRoute.POST(req(`/admin/volunteers/${b.shared.id}/certificate`, form({ from: lastWeek(), to: today(), locale: "de" })), { params: Promise.resolve({ id: b.shared.id }) }) },
  { entry: "app/api/admin/requests/[id]/board/route.ts#GET", run: (_a, b) => boardRoute.GET(req(`/api/admin/requests/${b.request.id}/board`), { params: Promise.resolve({ id: b.request.id }) }) },
  {
    entry: "app/api/admin/requests/preview/route.ts#GET",
    run: async (_a, b) => {
      const res = await previewRoute.GET(req(`/api/admin/requests/preview?activityId=${b.driving.id}&startsAt=${later()}&helpersNeeded=1&channels=both`), { params: Promise.resolve({}) });
      // B's activity is not A's: nothing is counted
      return { ok: false, matches: ((await res.json()) as { matches: unknown }).matches, expect: null };
    },
  },
  // issue 16: qualifications, notes, tags, imports
  { entry: "app/admin/actions.ts#updateQualificationTypeAction", run: (_a, b) => actions.updateQualificationTypeAction({}, form({ id: b.qualificationTypeId, name: "Gekapert", validityMonths: "", active: "false" })) },
  { entry: "app/admin/actions.ts#recordQualificationAction", run: (_a, b) => actions.recordQualificationAction({}, form({ volunteerId: b.shared.id, typeId: b.qualificationTypeId, issuedOn: "2026-02-01", expiresOn: "", seen: "on" })) },
  { entry: "app/admin/actions.ts#recordQualificationAction (B's type on A's volunteer)", run: (a, b) => actions.recordQualificationAction({}, form({ volunteerId: a.shared.id, typeId: b.qualificationTypeId, issuedOn: "2026-02-01", expiresOn: "", seen: "on" })) },
  { entry: "app/admin/actions.ts#removeQualificationAction", run: (_a, b) => actions.removeQualificationAction({}, form({ volunteerId: b.shared.id, typeId: b.qualificationTypeId })) },
  { entry: "app/admin/actions.ts#addVolunteerNoteAction", as: "coordinator", run: (_a, b) => actions.addVolunteerNoteAction({}, form({ volunteerId: b.shared.id, body: "Fremde Notiz" })) },
  { entry: "app/admin/actions.ts#addVolunteerTagAction", as: "coordinator", run: (_a, b) => actions.addVolunteerTagAction({}, form({ volunteerId: b.shared.id, name: "Fremd" })) },
  { entry: "app/admin/actions.ts#removeVolunteerTagAction", as: "coordinator", run: (_a, b) => actions.removeVolunteerTagAction({}, form({ volunteerId: b.shared.id, tagId: b.tagId })) },
  { entry: "app/admin/actions.ts#removeVolunteerTagAction (B's tag on A's volunteer)", as: "coordinator", run: (a, b) => actions.removeVolunteerTagAction({}, form({ volunteerId: a.shared.id, tagId: b.tagId })) },
  { entry: "app/admin/volunteers/import/actions.ts#saveImportMappingAction", run: (_a, b) => importActions.saveImportMappingAction(form({ id: b.importId, email: "0" })) },
  { entry: "app/admin/volunteers/import/actions.ts#runImportAction", run: (_a, b) => importActions.runImportAction(form({ id: b.importId, skipProblems: "on" })) },
  { entry: "app/admin/volunteers/import/actions.ts#cancelImportAction", run: (_a, b) => importActions.cancelImportAction(form({ id: b.importId })) },
  // the shared person signed in at A, acting on B's request and B's invitation
  { entry: "app/(public)/profile/actions.ts#acceptOpenNeedAction", as: "volunteer", run: (_a, b) => profileActions.acceptOpenNeedAction(form({ requestId: b.request.id })) },
  { entry: "app/(public)/profile/actions.ts#withdrawCommitmentAction", as: "volunteer", run: (_a, b) => profileActions.withdrawCommitmentAction(form({ invitationId: b.sharedInvitation.id })) },
];

describe("A's admin acting on B's ids", () => {
  it("is refused every time, audited in A, and nothing of B changes", async () => {
    // B's shared helper has accepted (so withdrawals, messages to helpers and attendance have something to act on)
    await lib.respond.respondToInvitation(t.db, { invitationId: B.sharedInvitation.id, answer: "accept", via: "web" });
    const before = await snapshot(t.db, B.org.id);
    for (const attack of ATTACKS) {
      jar.clear();
      if (attack.as === "volunteer") jar.set(VOLUNTEER_SESSION_COOKIE, A.volunteerSession);
      else await signIn(A, attack.as ?? "admin");
      const deniedBefore = (await t.db.select({ n: sql<number>`count(*)::int` }).from(s.auditEvents).where(and(eq(s.auditEvents.organizationId, A.org.id), sql`${s.auditEvents.outcome} <> 'ok'`)))[0].n;
      const r = (await outcome(attack.run(A, B))) as { matches?: unknown; expect?: unknown };
      if ("expect" in (r ?? {})) expect(r.matches, attack.entry).toBe(r.expect);
      expect(refused(r), `${attack.entry} was not refused: ${r instanceof Response ? r.status : JSON.stringify(r)}`).toBe(true);
      expect(await snapshot(t.db, B.org.id), `${attack.entry} changed organisation B`).toEqual(before);
      if (attack.as !== "volunteer" && !attack.entry.includes("saveNotice") && !attack.entry.includes("(B's") && !attack.entry.includes("#GET")) {
        // the refusal is in A's audit log (and B's is unchanged: the snapshot)
        const deniedAfter = (await t.db.select({ n: sql<number>`count(*)::int` }).from(s.auditEvents).where(and(eq(s.auditEvents.organizationId, A.org.id), sql`${s.auditEvents.outcome} <> 'ok'`)))[0].n;
        expect(deniedAfter, `${attack.entry}: the refusal is audited in A`).toBeGreaterThan(deniedBefore);
      }
    }
    // A's own attendance confirmation did go through (the check above is not vacuous)
    const [mine] = await t.db.select().from(s.attendances).where(eq(s.attendances.invitationId, A.pastInvitation.id));
    expect(mine.attended).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------
// Erasure: the same e-mail and number in B are another organisation's record of the person
// ------------------------------------------------------------------------------------------------

describe("erasing the shared person in A", () => {
  it("erases A's record and A's messages only; B's messages to the same address and number stay (queued ones still go out)", async () => {
    const { eraseVolunteer } = await import("@/lib/volunteers/erase");
    // a message of B to the shared person still waiting in B's outbox
    const { enqueueMessages } = await import("@/lib/messaging/outbox");
    await enqueueMessages(t.db, [{ organizationId: B.org.id, volunteerId: B.shared.id, channel: "email", recipient: B.shared.email!, kind: "test", locale: "de", subject: "B an Lena", body: "Hallo von B" }]);
    const before = await snapshot(t.db, B.org.id);
    expect(await eraseVolunteer(A.shared.id, { db: t.db, actor: "volunteer" })).toEqual({ ok: true });
    expect(await snapshot(t.db, B.org.id)).toEqual(before);
    // A's messages to the address are blanked
    const left = await t.db.select().from(s.messages).where(and(eq(s.messages.organizationId, A.org.id), eq(s.messages.recipient, A.shared.email!)));
    expect(left).toEqual([]);
  });

  it("the scheduler's erasures (inactive volunteers, unconfirmed sign-ups) never blank B's messages either", async () => {
    const { runVolunteerHousekeeping } = await import("@/lib/volunteers/purge");
    // A's unconfirmed sign-up uses the shared address; B's record of the person is confirmed
    await t.db.update(s.volunteers).set({ email: "doppelt-offen@example.net" }).where(eq(s.volunteers.id, B.pending.id));
    await t.db.update(s.volunteers).set({ email: "doppelt-offen@example.net", createdAt: new Date(Date.now() - 3 * 86_400_000) }).where(eq(s.volunteers.id, A.pending.id));
    const { enqueueMessages } = await import("@/lib/messaging/outbox");
    await enqueueMessages(t.db, [{ organizationId: B.org.id, volunteerId: B.pending.id, channel: "email", recipient: "doppelt-offen@example.net", kind: "test", locale: "de", subject: "B", body: "B" }]);
    const before = await snapshot(t.db, B.org.id);
    await runVolunteerHousekeeping(t.db, new Date());
    expect(await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, A.pending.id))).toEqual([]);
    expect(await snapshot(t.db, B.org.id)).toEqual(before);
  });
});

describe("the scheduler's run", () => {
  it("does A's due work (reminder lead, escalation, series lead, retention) and leaves every row of B as it was", async () => {
    const { jobs } = await import("@/lib/scheduler");
    // 20 hours before the shared request: A's 24-hour escalation and 7-day series lead are due, A's
    // one-day retention has passed; B's 12-hour reminder, escalation (off), 2-day lead and one-year
    // retention are not. Left out: what falls due for B by the installation's fixed periods alone
    // (its volunteer's session token expired, its import upload is past the hours it is kept).
    const when = new Date(A.request.startsAt.getTime() - 20 * 3_600_000);
    const ownClock = ["volunteer_tokens", "volunteer_imports"];
    const withoutOwnClock = (snap: Record<string, string[]>) => Object.fromEntries(Object.entries(snap).filter(([table]) => !ownClock.includes(table)));
    const before = await snapshot(t.db, B.org.id);
    const beforeA = await snapshot(t.db, A.org.id);
    for (const job of jobs) await job.run(t.db, when);
    const after = await snapshot(t.db, B.org.id);
    expect(withoutOwnClock(after)).toEqual(withoutOwnClock(before));
    // and those went for B's own reasons: B's expired token and stale upload only
    expect(after.volunteer_tokens).toEqual([]);
    expect(after.volunteer_imports).toEqual([]);
    const afterA = await snapshot(t.db, A.org.id);
    const changedA = Object.keys(afterA).filter((table) => JSON.stringify(afterA[table]) !== JSON.stringify(beforeA[table]));
    // A's run did something in each of these (so the comparison above is not empty-handed)
    expect(changedA).toEqual(expect.arrayContaining(["requests", "messages", "volunteers"]));
  });
});

// ------------------------------------------------------------------------------------------------
// Webhooks: inbound SMS from a number registered in both, status callbacks, e-mail bounces
// ------------------------------------------------------------------------------------------------

const { handleInboundSms } = await import("@/lib/messaging/sms-replies");
const { smsAnswerHandler } = await import("@/lib/messaging/sms-answer-handler");
describe("an SMS reply from the number registered in both organisations", () => {
  const reply = (body: string) => handleInboundSms(t.db, { from: SHARED_PHONE, body }, smsAnswerHandler);
  const statusOf = async (id: string) => (await t.db.select({ st: s.invitations.status }).from(s.invitations).where(eq(s.invitations.id, id)))[0].st;

  it("STOP applies to the number (one installation sender): both records stop, each audited in its own organisation; START undoes both", async () => {
    const optedOut = async () => (await t.db.select({ id: s.volunteers.id, at: s.volunteers.smsOptedOutAt }).from(s.volunteers).where(inArray(s.volunteers.id, [A.shared.id, B.shared.id]))).map((v) => v.at !== null);
    const auditedIn = async (action: string) =>
      (await t.db.select({ org: s.auditEvents.organizationId, id: s.auditEvents.objectId }).from(s.auditEvents).where(eq(s.auditEvents.action, action))).map((e) => `${e.org}:${e.id}`).sort();
    expect((await reply("STOP")).action).toBe("stopped");
    expect(await optedOut()).toEqual([true, true]);
    expect(await auditedIn("volunteer.sms_opted_out")).toEqual([`${A.org.id}:${A.shared.id}`, `${B.org.id}:${B.shared.id}`].sort());
    expect((await reply("START")).action).toBe("started");
    expect(await optedOut()).toEqual([false, false]);
    expect(await auditedIn("volunteer.sms_opted_in")).toEqual([`${A.org.id}:${A.shared.id}`, `${B.org.id}:${B.shared.id}`].sort());
  });

  it("JA without a code, with an open invitation in each organisation: nothing is applied, the reply asks for the code", async () => {
    const r = await reply("JA");
    expect(r.action).toBe("ambiguous");
    expect([await statusOf(A.sharedInvitation.id), await statusOf(B.sharedInvitation.id)]).toEqual(["pending", "pending"]);
  });

  it("JA with a code both organisations use: nothing is applied (never a guess between organisations), the reply points to the link", async () => {
    const before = await snapshot(t.db, B.org.id);
    const beforeA = await snapshot(t.db, A.org.id);
    const r = await reply(`JA ${A.request.shortCode}`);
    expect(r.action).toBe("ambiguous");
    expect(r.reply).toContain("Link");
    expect([await statusOf(A.sharedInvitation.id), await statusOf(B.sharedInvitation.id)]).toEqual(["pending", "pending"]);
    expect(await snapshot(t.db, B.org.id)).toEqual(before);
    expect((await snapshot(t.db, A.org.id)).invitations).toEqual(beforeA.invitations);
  });

  it("JA with a code only one organisation's open invitation has: applied there, the other organisation untouched", async () => {
    await t.db.update(s.requests).set({ shortCode: "BBB7" }).where(eq(s.requests.id, B.request.id));
    const before = await snapshot(t.db, A.org.id);
    const r = await reply("ja bbb7");
    expect(r.action).toBe("answered");
    expect(await statusOf(B.sharedInvitation.id)).toBe("accepted");
    expect(await statusOf(A.sharedInvitation.id)).toBe("pending");
    expect(await snapshot(t.db, A.org.id)).toEqual(before);
  });

  it("JA when only one organisation still has an open invitation: applied to that one", async () => {
    await t.db.update(s.invitations).set({ status: "declined" }).where(eq(s.invitations.id, A.sharedInvitation.id));
    const before = await snapshot(t.db, A.org.id);
    expect((await reply("JA")).action).toBe("answered");
    expect(await statusOf(B.sharedInvitation.id)).toBe("accepted");
    expect(await snapshot(t.db, A.org.id)).toEqual(before);
  });
});

describe("status callbacks and e-mail events touch only their own message", () => {
  it("a Twilio callback naming A's message and carrying B's message sid changes neither the wrong message nor B", async () => {
    const { applyTwilioStatus } = await import("@/lib/messaging/webhooks");
    const [aMsg] = await t.db.select().from(s.messages).where(and(eq(s.messages.organizationId, A.org.id), eq(s.messages.channel, "sms"))).limit(1);
    const [bMsg] = await t.db.select().from(s.messages).where(and(eq(s.messages.organizationId, B.org.id), eq(s.messages.channel, "sms"))).limit(1);
    const sidB = twilioSid();
    await t.db.update(s.messages).set({ providerId: sidB }).where(eq(s.messages.id, bMsg.id));
    await t.db.update(s.messages).set({ providerId: null, status: "sending" }).where(eq(s.messages.id, aMsg.id));
    const beforeA = (await t.db.select().from(s.messages).where(eq(s.messages.id, aMsg.id)))[0];
    const r = await applyTwilioStatus(t.db, { MessageSid: sidB, MessageStatus: "delivered" }, aMsg.id);
    expect(r).toEqual({ ok: true, applied: false });
    expect((await t.db.select().from(s.messages).where(eq(s.messages.id, aMsg.id)))[0]).toEqual(beforeA);
    expect((await t.db.select().from(s.messages).where(eq(s.messages.id, bMsg.id)))[0].status).toBe("sent");
    // B's own callback (its own id and sid) is applied to B's message only
    const before = await snapshot(t.db, A.org.id);
    expect(await applyTwilioStatus(t.db, { MessageSid: sidB, MessageStatus: "delivered" }, bMsg.id)).toEqual({ ok: true, applied: true });
    expect((await t.db.select().from(s.messages).where(eq(s.messages.id, bMsg.id)))[0].status).toBe("delivered");
    expect(await snapshot(t.db, A.org.id)).toEqual(before);
  });

  it("a hard bounce of A's e-mail to the shared address is audited in each organisation for its own record", async () => {
    const { applyResendEvent } = await import("@/lib/messaging/webhooks");
    const [aMsg] = await t.db.select().from(s.messages).where(and(eq(s.messages.organizationId, A.org.id), eq(s.messages.recipient, A.shared.email!), eq(s.messages.channel, "email"))).limit(1);
    expect(await applyResendEvent(t.db, { type: "email.bounced", data: { email_id: aMsg.providerId!, bounce: { type: "Permanent" } } })).toBe(true);
    const bounced = await t.db.select({ org: s.auditEvents.organizationId, id: s.auditEvents.objectId }).from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.email_bounced"));
    expect(bounced.sort((x, y) => (x.org! < y.org! ? -1 : 1))).toEqual(
      [
        { org: A.org.id, id: A.shared.id },
        { org: B.org.id, id: B.shared.id },
      ].sort((x, y) => (x.org < y.org ? -1 : 1)),
    );
  });
});

describe("the audit log names only its own organisation's people", () => {
  it("an entry about another organisation's invitation shows no name", async () => {
    await t.db.insert(s.auditEvents).values({ organizationId: A.org.id, actorType: "user", actorUserId: A.users.admin.id, action: "attendance.confirm", objectType: "invitation", objectId: B.sharedInvitation.id, outcome: "denied" });
    const { rows } = await lib.audit.listAuditEvents(A.actors.admin, {});
    const entry = rows.find((r) => r.objectId === B.sharedInvitation.id)!;
    expect(entry.personName).toBeNull();
    expect(entry.requestTitle).toBeNull();
  });
});

// ------------------------------------------------------------------------------------------------
// The guard over the coordinator area: every page, route handler and server action is covered
// ------------------------------------------------------------------------------------------------

/** Entry points with no other organisation's id to act on (they act on the actor's own organisation; the matrix in admin-authorization.test.ts covers them). */
const OWN_ORGANISATION_ONLY: Record<string, string> = {
  "app/admin/actions.ts#inviteMemberAction": "adds a member to the actor's organisation",
  "app/admin/actions.ts#updateSettingsAction": "the actor's organisation's settings",
  "app/admin/actions.ts#createActivityAction": "a new activity in the actor's organisation",
  "app/admin/sign-in/actions.ts#requestSignInAction": "sign-in, before any organisation",
  "app/admin/sign-in/actions.ts#signOutAction": "sign-out",
  "app/admin/sign-in/page.tsx": "sign-in page",
  "app/admin/sign-in/check-email/page.tsx": "sign-in page",
  "app/admin/sign-in/confirm/[code]/page.tsx": "sign-in page",
  "app/admin/sign-in/verify/route.ts#POST": "sign-in link",
  "app/admin/volunteers/export/route.ts#POST": "the actor's organisation's directory (its content: VIEWS)",
  "app/admin/reports/export/route.ts#POST": "the actor's organisation's report (its content: VIEWS)",
  "app/admin/privacy-records/download/route.ts#POST": "the actor's organisation's record (its content: VIEWS)",
  // issue 16: these act on the actor's own organisation only (no id of another one in the form)
  "app/admin/actions.ts#updateSendersAction": "the actor's organisation's senders",
  "app/admin/actions.ts#updateBrandingAction": "the actor's organisation's logo and accent colour",
  "app/admin/actions.ts#createQualificationTypeAction": "a new qualification type in the actor's organisation",
  "app/admin/suspended/page.tsx": "says only that the actor's own organisation is suspended",
  "app/admin/volunteers/import/page.tsx": "upload form of the actor's organisation",
  "app/admin/volunteers/import/[id]/page.tsx": "another organisation's import: not found (volunteer-import.test.ts)",
  "app/admin/volunteers/import/upload/route.ts#POST": "an upload into the actor's organisation",
  "app/admin/volunteers/qualifications/page.tsx": "the actor's organisation's expiring entries (qualifications.test.ts: scoped)",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the guard: every coordinator-area entry point is in this test", () => {
  it("lists every admin page, route handler and server action in VIEWS, ATTACKS or OWN_ORGANISATION_ONLY", () => {
    const root = process.cwd();
    const entries: string[] = [];
    for (const file of [...filesUnder(join(root, "app/admin")), ...filesUnder(join(root, "app/api/admin"))].map((f) => relative(root, f)).sort()) {
      if (file.endsWith("/page.tsx")) entries.push(file);
      if (file.endsWith("/route.ts")) for (const m of readFileSync(file, "utf8").matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)) entries.push(`${file}#${m[1]}`);
      if (file.endsWith("actions.ts")) for (const m of readFileSync(file, "utf8").matchAll(/export const (\w+Action)\b/g)) entries.push(`${file}#${m[1]}`);
    }
    const covered = new Set([...VIEWS.map((v) => v.entry), ...ATTACKS.map((a) => a.entry.split(" ")[0]), ...Object.keys(OWN_ORGANISATION_ONLY)]);
    // a page is covered by its view; a route or action by an attack (or its view, for reads)
    const missing = entries.filter((e) => !covered.has(e) && !covered.has(e.split("#")[0]));
    expect(
      missing,
      `Coordinator-area entry point(s) not covered by the isolation test: ${missing.join(", ")}. Add the page's reads to VIEWS, an attempt on the other organisation's ids to ATTACKS, or (acting on the own organisation only) a line in OWN_ORGANISATION_ONLY; and a row in tests/integration/admin-authorization.test.ts.`,
    ).toEqual([]);
    expect(entries.length).toBeGreaterThan(40);
  });
});
