import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { setupTestDatabase } from "../helpers/db";
import { NOW, reportWorld } from "../helpers/report-fixtures";
import { reportFigures, type ReportScope } from "@/lib/reports/figures";
import { exportReportCsv, loadReport } from "@/lib/reports";
import type { ReportParams } from "@/lib/reports/period";
import * as s from "@/db/schema";
import { eq } from "drizzle-orm";

const t = setupTestDatabase();

const MARCH: ReportParams = { period: { kind: "custom", from: "2026-03-01", to: "2026-03-31" }, activityId: null, minAsked: 3 };
const scopeOf = (w: Awaited<ReturnType<typeof reportWorld>>, params: Partial<ReportParams> = {}): ReportScope => ({
  organizationId: w.org.id,
  timeZone: "Europe/Berlin",
  params: { ...MARCH, ...params },
  now: NOW,
});

/*
 * The data set (tests/helpers/report-fixtures.ts), March 2026 in Berlin, now = 29 March 12:00 UTC.
 * Requests starting in March: R1 R2 R3 R4 R7 R8 R9 (R9 at 00:30 on 1 March Berlin time; R5 starts
 * in April, R10 at 00:30 on 1 April Berlin time, RX belongs to another organisation).
 */
describe("report figures, each against a hand count", () => {
  it("requests: created, filled, in time, cancelled, unfilled, fill rate, median and p90", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    expect(f.requests).toEqual({
      total: 7, // R1 R2 R3 R4 R7 R8 R9
      filled: 3, // R1 R3 R7 (R4 was filled, then cancelled)
      filledInTime: 2, // R7 was filled half an hour after its start
      cancelled: 1, // R4
      unfilled: 2, // R2 R9
      open: 1, // R8 starts tomorrow
      fillRate: 3 / 5, // filled ÷ (7 − 1 cancelled − 1 open)
      // first yes after creation: R2 5, R1 10, R4 20, R3 120, R7 1470 minutes
      minutesToFirstYes: { median: 20, p90: 930 }, // p90 = 120 + 0.6 × (1470 − 120)
      // filled after creation: R1 30, R3 120, R7 1470 minutes
      minutesToFilled: { median: 120, p90: 1200 }, // p90 = 120 + 0.8 × 1350
    });
  });

  it("people: active, registrations, confirmations, pauses, erasures, helped, committed", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    expect(f.people).toEqual({
      active: 7, // V1–V6, V9 (V7 paused, V8 registered after the period)
      registrations: 2, // one in February, one refused, one of another organisation
      confirmations: 2, // V1 (e-mail and phone: one person), V2
      pauses: 2, // V7 paused themselves, V6 paused by a coordinator (V5's deactivation is no pause)
      erasures: 2,
      helped: 1, // V1 came (V2 was a no-show, V5 and V2's R7 not confirmed yet)
      committed: 3, // V1 V2 V5 said yes to a request that took place (V6 only to the cancelled R4)
    });
  });

  it("hours: confirmed and planned, by activity and by month", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    // driving: V1 120 (R1) + V1 150 (R2) confirmed, V2 no-show on R1 counts nothing; R7's 2 h planned
    // warehouse: R3's 4 h planned; R4 was cancelled
    expect(f.hoursByActivity.map(({ activityId, confirmedMinutes, plannedMinutes, helpers }) => ({ activityId, confirmedMinutes, plannedMinutes, helpers }))).toEqual([
      { activityId: w.driving.id, confirmedMinutes: 270, plannedMinutes: 120, helpers: 1 },
      { activityId: w.warehouse.id, confirmedMinutes: 0, plannedMinutes: 240, helpers: 0 },
    ]);
    expect(f.hoursByMonth).toEqual([{ month: "2026-03", confirmedMinutes: 270, plannedMinutes: 360, helpers: 1 }]);
  });

  it("hours by month list every month of the period, also empty ones", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w, { period: { kind: "custom", from: "2026-02-01", to: "2026-04-30" } }));
    expect(f.hoursByMonth).toEqual([
      { month: "2026-02", confirmedMinutes: 0, plannedMinutes: 0, helpers: 0 },
      { month: "2026-03", confirmedMinutes: 270, plannedMinutes: 360, helpers: 1 },
      // R5 (2 April): V1 60 minutes; R10 (1 April 00:30 Berlin) had nobody
      { month: "2026-04", confirmedMinutes: 60, plannedMinutes: 0, helpers: 1 },
    ]);
  });

  it("response funnel per channel: asked → delivered → answered → yes", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    expect(f.funnel).toEqual([
      // e-mail: R1 V1 V2 V3 V5 V7, R2 V1 V3 V7, R3 V5 V4, R4 V6 (R8's is still queued)
      // delivered: R1 V1, R3 V5 V4, R4 V6; answered: all but R1 V7, R2 V3, R2 V7;
      // yes: R1 V1 V2 and V5 (too late, still a yes), R2 V1, R3 V5, R4 V6
      { channel: "email", asked: 11, delivered: 4, answered: 8, yes: 6 },
      // SMS: R1 V2, R2 V4, R7 V2 (R1 V4's never left: failed before sending)
      { channel: "sms", asked: 3, delivered: 3, answered: 2, yes: 2 },
    ]);
  });

  it("response curve: cumulative answers by minutes since sending", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    // asked: R1 6, R2 4, R3 2, R4 1, R7 1, R8 2 (V4's R8 invitation is only planned) = 16
    // answers after 2, 5, 10, 20, 30, 60, 90, 120, 1470 minutes
    expect(f.curve.asked).toBe(16);
    expect(f.curve.answered).toBe(9);
    expect(f.curve.points.map((p) => [p.minutes, p.answered])).toEqual([
      [5, 1], [15, 3], [30, 4], [60, 5], [120, 7], [240, 8], [480, 8], [1440, 8], [2880, 9], [10080, 9],
    ]);
  });

  it("messages: sent, delivered, failed, bounced per channel; SMS segments and their cost", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    expect(f.messages).toEqual([
      // 11 invitations with sent_at + 1 sign-in mail (R8's is queued; other organisation and none excluded)
      { channel: "email", sent: 12, delivered: 5, failed: 0, bounced: 1, segments: 0, costCents: 0 },
      // sent: R1 V2, R2 V4, R7 V2 (2 segments), the undelivered reminder, a confirmation code (2 segments);
      // R1 V4's failed before leaving (not sent, failed); the April code is outside
      { channel: "sms", sent: 5, delivered: 3, failed: 1, bounced: 1, segments: 7, costCents: 56 },
    ]);
  });

  it("fairness: how often asked, never asked, and non-responders to act on", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w));
    // asked: V6 once; V1 V2 V5 twice; V3 V4 V7 three times
    expect(f.fairness.askedVolunteers).toBe(7);
    expect(f.fairness.distribution.map((b) => [b.from, b.to, b.volunteers])).toEqual([
      [1, 1, 1], [2, 2, 3], [3, 5, 3], [6, 10, 0], [11, null, 0],
    ]);
    expect(f.fairness.neverAsked).toBe(1); // V9 (V8 registered later, V7 is paused)
    // V3 and V4 answered once; V7 never did
    expect(f.fairness.nonResponders.map((n) => [n.volunteerId, n.asked])).toEqual([[w.V.V7.id, 3]]);
    expect(f.fairness.nonRespondersTotal).toBe(1);
    const two = await reportFigures(t.db, scopeOf(w, { minAsked: 4 }));
    expect(two.fairness.nonResponders).toEqual([]);
  });

  it("one activity: only its requests, messages and volunteers", async () => {
    const w = await reportWorld(t.db);
    const f = await reportFigures(t.db, scopeOf(w, { activityId: w.warehouse.id }));
    expect(f.requests).toMatchObject({ total: 3, filled: 1, filledInTime: 1, cancelled: 1, unfilled: 1, open: 0, fillRate: 0.5 });
    expect(f.hoursByActivity.map((h) => [h.activityId, h.confirmedMinutes, h.plannedMinutes])).toEqual([[w.warehouse.id, 0, 240]]);
    expect(f.funnel).toEqual([
      { channel: "email", asked: 3, delivered: 3, answered: 3, yes: 2 },
      { channel: "sms", asked: 0, delivered: 0, answered: 0, yes: 0 },
    ]);
    expect(f.messages[0]).toMatchObject({ channel: "email", sent: 3, delivered: 3 });
    expect(f.people.active).toBe(2); // V5 V6 do warehouse work
  });
});

describe("the report page's parameters", () => {
  it("bad input gives field errors and the default period, never an exception", async () => {
    const w = await reportWorld(t.db);
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ period: "custom", from: "2026-03-31", to: "2026-03-01" }, { to: "end_before_start" }],
      [{ period: "custom", from: "1899-01-01", to: "2026-03-01" }, { from: "date_out_of_range" }],
      [{ period: "custom", from: "2026-02-30", to: "2026-03-01" }, { from: "date_invalid" }],
      [{ period: "custom", from: "", to: "" }, { from: "date_required", to: "date_required" }],
      [{ period: "fortnight" }, { period: "period_invalid" }],
      [{ period: "month", activity: w.otherActivity.id }, { activity: "activity_unknown" }],
      [{ period: "month", activity: "'; drop table requests; --" }, { activity: "activity_unknown" }],
      [{ period: "month", minAsked: "0" }, { minAsked: "number_out_of_range" }],
      [{ period: "month", minAsked: "drei" }, { minAsked: "number_invalid" }],
    ];
    for (const [raw, errors] of cases) {
      const r = await loadReport(w.coordinator, raw, { ip: null }, NOW);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.fieldErrors).toEqual(errors);
      expect(r.report.params).toEqual({ period: { kind: "month", from: "2026-03-01", to: "2026-03-31" }, activityId: null, minAsked: 3 });
      expect(r.values.period).toBe(raw.period);
    }
  });

  it("an activity of the organisation is taken; the report shows only its figures", async () => {
    const w = await reportWorld(t.db);
    const r = await loadReport(w.coordinator, { period: "last_month", activity: w.warehouse.id }, { ip: null }, new Date("2026-04-10T10:00:00Z"));
    expect(r.ok && r.fieldErrors).toEqual({});
    expect(r.ok && r.report.params.period).toEqual({ kind: "last_month", from: "2026-03-01", to: "2026-03-31" });
    expect(r.ok && r.report.figures.requests.total).toBe(3);
  });

  it("refuses visitors without a coordinator session, and audits it", async () => {
    expect(await loadReport(null, {}, { ip: "203.0.113.9" })).toEqual({ ok: false, error: "unauthenticated" });
    const denied = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "report.view"));
    expect(denied).toMatchObject([{ outcome: "denied", ip: "203.0.113.9" }]);
  });
});

describe("CSV export of the report's tables", () => {
  it("writes the same rows as the page, with a header, plain numbers and formula escaping, and audits it", async () => {
    const w = await reportWorld(t.db);
    // an activity whose name a spreadsheet would run as a formula
    await t.db.update(s.activities).set({ nameDe: "=HYPERLINK(\"http://x\")" }).where(eq(s.activities.id, w.driving.id));
    const raw = { period: "custom", from: "2026-03-01", to: "2026-03-31", table: "hours_activity" };
    const r = await exportReportCsv(w.coordinator, raw, { ip: "203.0.113.5" }, "de", NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.csv.startsWith("\uFEFF")).toBe(true);
    expect(r.filename).toBe("helferruf-hours-activity-2026-03-01-2026-03-31.csv");
    const rows = parse(r.csv.slice(1)) as string[][];
    expect(rows).toEqual([
      ["Tätigkeit", "Bestätigte Stunden", "Geplante Stunden", "Helfer*innen (bestätigt)"],
      ["'=HYPERLINK(\"http://x\")", "4.5", "2", "1"],
      ["Kleiderkammer & Spendenlager", "0", "4", "0"],
      ["Gesamt", "4.5", "6", "1"],
    ]);
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "report.export"));
    expect(audit).toMatchObject({ outcome: "ok", objectId: "hours_activity", ip: "203.0.113.5", actorUserId: w.coordinator.userId });
    expect(audit.details).toEqual({ table: "hours_activity", period: "custom", from: "2026-03-01", to: "2026-03-31", activity: false, rows: 3 });
  });

  it("exports the funnel in English with percentages, and the non-responders only for admins", async () => {
    const w = await reportWorld(t.db);
    const raw = { period: "custom", from: "2026-03-01", to: "2026-03-31" };
    const funnel = await exportReportCsv(w.coordinator, { ...raw, table: "funnel" }, { ip: null }, "en", NOW);
    expect(funnel.ok && (parse(funnel.csv.slice(1)) as string[][])).toEqual([
      ["Channel", "Asked", "Delivered", "Answered", "Said yes", "Share answered (%)", "Share said yes (%)"],
      ["e-mail", "11", "4", "8", "6", "72.7", "54.5"],
      ["SMS", "3", "3", "2", "2", "66.7", "66.7"],
    ]);
    expect(await exportReportCsv(w.coordinator, { ...raw, table: "non_responders" }, { ip: null }, "de", NOW)).toEqual({ ok: false, error: "forbidden" });
    const list = await exportReportCsv(w.admin, { ...raw, table: "non_responders" }, { ip: null }, "de", NOW);
    expect(list.ok && (parse(list.csv.slice(1)) as string[][])).toEqual([
      ["Name", "Status", "Gefragt", "Zuletzt gefragt"],
      ["Nachname7, Vorname7", "Pausiert", "3", "2026-03-29"],
    ]);
    const messages = await exportReportCsv(w.coordinator, { ...raw, table: "messages" }, { ip: null }, "de", NOW);
    expect(messages.ok && (parse(messages.csv.slice(1)) as string[][])[2]).toEqual(["SMS", "5", "3", "1", "1", "7", "0.56"]);
  });

  it("refuses unknown tables and bad periods (audited as invalid)", async () => {
    const w = await reportWorld(t.db);
    expect(await exportReportCsv(w.coordinator, { table: "volunteers" }, { ip: null }, "de", NOW)).toMatchObject({ ok: false, error: "invalid", fieldErrors: { table: "table_unknown" } });
    expect(await exportReportCsv(w.coordinator, { table: "requests", period: "custom", from: "2026-03-31", to: "2026-03-01" }, { ip: null }, "de", NOW)).toMatchObject({
      ok: false,
      error: "invalid",
      fieldErrors: { to: "end_before_start" },
    });
    const invalid = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.outcome, "invalid"));
    expect(invalid).toHaveLength(2);
  });
});
