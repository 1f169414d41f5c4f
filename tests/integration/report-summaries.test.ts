import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { NOW, reportWorld } from "../helpers/report-fixtures";
import * as oracle from "../helpers/report-oracle";
import { fairnessFigures, messageFigures, reportFigures, requestFigures, responseCurve, responseFunnel, type ReportScope } from "@/lib/reports/figures";
import { applyResendEvent, applyTwilioStatus } from "@/lib/messaging/webhooks";
import type { ReportParams } from "@/lib/reports/period";
import { respondToInvitation } from "@/lib/requests/respond";
import { eraseVolunteer, eraseVolunteerInTransaction } from "@/lib/volunteers/erase";
import { foldPeriodAsks } from "@/lib/reports/period-asks";
import { runScheduledWork } from "@/lib/scheduler";
import * as s from "@/db/schema";

/*
 * request_summaries, volunteer_month_asks, volunteer_period_asks and message_day_summaries are written only by the PostgreSQL triggers of the
 * migration report_summaries (volunteer_period_asks through the queue the fold empties: migration period_deltas). After every kind of write they must equal the raw aggregates, and
 * the figures read from them must equal the figures of the old raw queries (the oracle).
 */
const t = setupTestDatabase();

type World = Awaited<ReturnType<typeof reportWorld>>;
const periods: ReportParams["period"][] = [
  { kind: "custom", from: "2026-03-01", to: "2026-03-31" },
  { kind: "year", from: "2026-01-01", to: "2026-12-31" },
  // partial months at both ends: raw edges plus whole months from the summary
  { kind: "custom", from: "2026-02-27", to: "2026-04-01" },
  { kind: "custom", from: "2026-03-05", to: "2026-03-20" },
  // whole quarters (volunteer_period_asks), also one typed as custom days
  { kind: "quarter", from: "2026-01-01", to: "2026-03-31" },
  { kind: "custom", from: "2026-04-01", to: "2026-06-30" },
];

async function expectSummariesRight(w: World) {
  const raw = await oracle.rawSummaryRows(t.db);
  const stored = await oracle.storedSummaryRows(t.db);
  expect(stored.requestRows).toEqual(raw.requestRows);
  expect(stored.monthRows).toEqual(raw.monthRows);
  expect(stored.periodRows).toEqual(raw.periodRows);
  expect(stored.messageDayRows).toEqual(raw.messageDayRows);
  expect(stored.volunteerDayRows).toEqual(raw.volunteerDayRows);
  for (const period of periods) {
    for (const activityId of [null, w.driving.id, w.warehouse.id]) {
      const scope: ReportScope = { organizationId: w.org.id, timeZone: "Europe/Berlin", now: NOW, params: { period, activityId, minAsked: 1 } };
      expect(await responseFunnel(t.db, scope)).toEqual(await oracle.responseFunnel(t.db, scope));
      expect(await responseCurve(t.db, scope)).toEqual(await oracle.responseCurve(t.db, scope));
      expect(await requestFigures(t.db, scope)).toEqual(await oracle.requestFigures(t.db, scope));
      expect(await messageFigures(t.db, scope)).toEqual(await oracle.messageFigures(t.db, scope));
      // the whole report (hours, months, helpers and people from one statement) as the raw queries
      expect(await reportFigures(t.db, scope)).toEqual(await oracle.reportFigures(t.db, scope));
      expect(await fairnessFigures(t.db, scope)).toEqual(await oracle.fairnessFigures(t.db, scope));
      const twice = { ...scope, params: { ...scope.params, minAsked: 2 } };
      expect(await fairnessFigures(t.db, twice)).toEqual(await oracle.fairnessFigures(t.db, twice));
    }
  }
}

describe("report summaries kept by triggers", () => {
  it("stay equal to the raw aggregates after answers, messages, attendance, moves, erasure and deletes", async () => {
    const w = await reportWorld(t.db);
    await expectSummariesRight(w);
    expect((await oracle.storedSummaryRows(t.db)).requestRows.length).toBeGreaterThan(3);
    expect((await oracle.storedSummaryRows(t.db)).periodRows.filter((r) => r.eligible).length).toBeGreaterThan(10);

    // an open request starting tomorrow, asked by e-mail and SMS
    const asked = new Date("2026-03-29T10:00:00Z");
    const [R] = await t.db
      .insert(s.requests)
      .values({ organizationId: w.org.id, activityId: w.driving.id, shortCode: "SUMM", title: "Summaries", startsAt: new Date("2026-03-30T15:00:00Z"), endsAt: new Date("2026-03-30T17:00:00Z"), helpersNeeded: 2, status: "open", createdAt: new Date("2026-03-29T09:00:00Z") })
      .returning();
    const vols = [w.V.V1, w.V.V2, w.V.V3, w.V.V4];
    const invs = await t.db
      .insert(s.invitations)
      .values(vols.map((v, k) => ({ requestId: R.id, volunteerId: v.id, tokenHash: `summ-${k}-${Math.random()}`, status: "pending" as const, askedAt: asked })))
      .returning();
    const msgs = await t.db
      .insert(s.messages)
      .values(invs.flatMap((i) => (["email", "sms"] as const).map((channel) => ({ organizationId: w.org.id, channel, recipient: "x", volunteerId: i.volunteerId, requestId: R.id, invitationId: i.id, kind: "invitation" }))))
      .returning();
    await expectSummariesRight(w);

    // the outbox hands them over, the providers confirm some, one fails
    await t.db.update(s.messages).set({ status: "sent", sentAt: asked }).where(eq(s.messages.requestId, R.id));
    await t.db.update(s.messages).set({ status: "delivered", deliveredAt: asked }).where(eq(s.messages.id, msgs[0].id));
    await t.db.update(s.messages).set({ status: "delivered" }).where(eq(s.messages.id, msgs[3].id));
    await t.db.update(s.messages).set({ status: "failed", lastError: "bounced" }).where(eq(s.messages.id, msgs[3].id));
    await expectSummariesRight(w);

    // the providers' webhooks: e-mail delivered and bounced (Resend), SMS sent, delivered and
    // undelivered (Twilio); a confirmation SMS of no request with segments; a failure without error
    const email = msgs.filter((m) => m.channel === "email");
    const sms = msgs.filter((m) => m.channel === "sms");
    await t.db.update(s.messages).set({ providerId: "re-1" }).where(eq(s.messages.id, email[1].id));
    await t.db.update(s.messages).set({ providerId: "re-2" }).where(eq(s.messages.id, email[2].id));
    expect(await applyResendEvent(t.db, { type: "email.delivered", data: { email_id: "re-1" } })).toBe(true);
    expect(await applyResendEvent(t.db, { type: "email.bounced", data: { email_id: "re-2", bounce: { type: "Transient", message: "mailbox full" } } })).toBe(true);
    await t.db.update(s.messages).set({ status: "queued", sentAt: null, segments: 2 }).where(eq(s.messages.id, sms[1].id));
    await t.db.update(s.messages).set({ segments: 3 }).where(eq(s.messages.id, sms[2].id));
    const sid = (k: number) => `SM${String(k).padStart(32, "0")}`;
    expect(await applyTwilioStatus(t.db, { MessageSid: sid(1), MessageStatus: "sent" }, sms[1].id)).toEqual({ ok: true, applied: true });
    expect(await applyTwilioStatus(t.db, { MessageSid: sid(1), MessageStatus: "delivered" }, sms[1].id)).toEqual({ ok: true, applied: true });
    expect(await applyTwilioStatus(t.db, { MessageSid: sid(2), MessageStatus: "undelivered", ErrorCode: "30003" }, sms[2].id)).toEqual({ ok: true, applied: true });
    const [lone] = await t.db
      .insert(s.messages)
      .values({ organizationId: w.org.id, channel: "sms", recipient: "+4915100000000", volunteerId: w.V.V1.id, kind: "confirmation", status: "sent", sentAt: asked, segments: 2, createdAt: new Date("2026-03-29T23:30:00Z") })
      .returning();
    await t.db.insert(s.messages).values({ organizationId: w.org.id, channel: "email", recipient: "x", kind: "confirmation", status: "failed", createdAt: asked });
    await expectSummariesRight(w);
    expect((await messageFigures(t.db, { organizationId: w.org.id, timeZone: "Europe/Berlin", now: NOW, params: { period: periods[0], activityId: null, minAsked: 1 } })).find((m) => m.channel === "sms")?.bounced).toBeGreaterThan(0);

    // accept, decline, withdraw (through the app's answer path)
    const answer = (i: number, a: "accept" | "decline" | "withdraw", minutes: number) =>
      respondToInvitation(t.db, { invitationId: invs[i].id, answer: a, via: "web", now: new Date(asked.getTime() + minutes * 60_000) });
    expect((await answer(0, "accept", 3)).ok).toBe(true);
    expect((await answer(1, "decline", 40)).ok).toBe(true);
    expect((await answer(2, "accept", 200)).ok).toBe(true);
    await expectSummariesRight(w);
    expect((await answer(0, "withdraw", 250)).ok).toBe(true); // the first yes moves to invitation 2
    await expectSummariesRight(w);

    // attendance of a past request: confirmed, then corrected to a no-show
    const [acc] = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, w.R.R1.id)).limit(1);
    await t.db.insert(s.attendances).values({ invitationId: acc.id, organizationId: w.org.id, requestId: w.R.R1.id, volunteerId: acc.volunteerId, attended: true, minutes: 120 }).onConflictDoNothing();
    await t.db.update(s.attendances).set({ attended: false, minutes: 0 }).where(eq(s.attendances.invitationId, acc.id));
    await expectSummariesRight(w);

    // a coordinator moves a request to another month and another activity
    await t.db.update(s.requests).set({ startsAt: new Date("2026-04-15T09:00:00Z"), endsAt: new Date("2026-04-15T11:00:00Z"), activityId: w.warehouse.id }).where(eq(s.requests.id, w.R.R2.id));
    await expectSummariesRight(w);

    // erasure of a volunteer: their invitations stay, anonymised
    await t.db.transaction((tx) => eraseVolunteerInTransaction(tx, w.V.V1.id, NOW));
    await expectSummariesRight(w);

    // eligibility: a volunteer paused and active again, a volunteer stops and resumes an activity
    await t.db.update(s.volunteers).set({ status: "paused" }).where(eq(s.volunteers.id, w.V.V2.id));
    await t.db.delete(s.volunteerActivities).where(eq(s.volunteerActivities.volunteerId, w.V.V5.id));
    await expectSummariesRight(w);
    await t.db.update(s.volunteers).set({ status: "active" }).where(eq(s.volunteers.id, w.V.V2.id));
    // registrations (one at 23:30 UTC on 31 March: 1 April in Berlin), a confirmation, a deactivation
    const [late, early] = await t.db
      .insert(s.volunteers)
      .values([
        { organizationId: w.org.id, firstName: "Spät", lastName: "Gemeldet", email: "spaet@example.net", status: "pending", consentVersion: "t", consentAt: NOW, createdAt: new Date("2026-03-31T22:30:00Z") },
        { organizationId: w.org.id, firstName: "Früh", lastName: "Gemeldet", email: "frueh@example.net", status: "pending", consentVersion: "t", consentAt: NOW, createdAt: new Date("2026-03-31T21:30:00Z") },
      ])
      .returning();
    await t.db.update(s.volunteers).set({ status: "active" }).where(eq(s.volunteers.id, late.id));
    await t.db.update(s.volunteers).set({ status: "active" }).where(eq(s.volunteers.id, early.id));
    await t.db.update(s.volunteers).set({ lastAskedAt: NOW }).where(eq(s.volunteers.organizationId, w.org.id));
    await t.db.update(s.volunteers).set({ status: "deactivated" }).where(eq(s.volunteers.id, w.V.V6.id));
    await t.db.insert(s.volunteerActivities).values([
      { volunteerId: w.V.V5.id, activityId: w.warehouse.id },
      { volunteerId: w.V.V3.id, activityId: w.driving.id },
    ]);
    await expectSummariesRight(w);

    // retention purges message bodies (no counted change); an invitation message and the lone
    // SMS deleted, an invitation and a whole request deleted (its messages keep no request)
    await t.db.update(s.messages).set({ body: null, html: null, bodyPurgedAt: NOW }).where(eq(s.messages.organizationId, w.org.id));
    await t.db.delete(s.messages).where(eq(s.messages.id, msgs[2].id));
    await t.db.delete(s.messages).where(eq(s.messages.id, lone.id));
    await t.db.delete(s.invitations).where(eq(s.invitations.id, invs[3].id));
    await t.db.delete(s.requests).where(eq(s.requests.id, w.R.R3.id));
    await expectSummariesRight(w);

    // the organisation's time zone changes: the months move
    await t.db.update(s.organizations).set({ timeZone: "America/New_York" }).where(eq(s.organizations.id, w.org.id));
    const raw = await oracle.rawSummaryRows(t.db);
    expect((await oracle.storedSummaryRows(t.db)).monthRows).toEqual(raw.monthRows);
    expect((await oracle.storedSummaryRows(t.db)).periodRows).toEqual(raw.periodRows);
    expect((await oracle.storedSummaryRows(t.db)).messageDayRows).toEqual(raw.messageDayRows);
    expect((await oracle.storedSummaryRows(t.db)).volunteerDayRows).toEqual(raw.volunteerDayRows);
    await t.db.update(s.organizations).set({ timeZone: "Europe/Berlin" }).where(eq(s.organizations.id, w.org.id));

    // deleting an organisation removes its summaries
    await t.db.delete(s.organizations).where(eq(s.organizations.id, w.other.id));
    const left = await t.db.execute(sql`select count(*)::int as n from volunteer_month_asks where organization_id = ${w.other.id}`);
    expect((left.rows[0] as { n: number }).n).toBe(0);
    const leftPeriods = await t.db.execute(sql`select count(*)::int as n from volunteer_period_asks where organization_id = ${w.other.id}`);
    expect((leftPeriods.rows[0] as { n: number }).n).toBe(0);
    const leftCounts = await t.db.execute(sql`select count(*)::int as n from volunteer_day_counts where organization_id = ${w.other.id}`);
    expect((leftCounts.rows[0] as { n: number }).n).toBe(0);
    const leftDays = await t.db.execute(sql`select count(*)::int as n from message_day_summaries where organization_id = ${w.other.id}`);
    expect((leftDays.rows[0] as { n: number }).n).toBe(0);
    await expectSummariesRight(w);
  });
});

describe("the period rows: queued in volunteer_period_deltas, folded", () => {
  const count = async (q: ReturnType<typeof sql>) => (((await t.db.execute(q)).rows[0] as { n: number }).n);

  it("wait for their organisation's fold and come out exact from any split of folds and writes, also with folds running next to answers", async () => {
    const w = await reportWorld(t.db);
    const queued = () => count(sql`select count(*)::int as n from volunteer_period_deltas where organization_id = ${w.org.id}`);
    const periodRows = () => count(sql`select count(*)::int as n from volunteer_period_asks where organization_id = ${w.org.id}`);
    // the world's asks wait in the queue; another organisation's fold leaves them there
    expect(await queued()).toBeGreaterThan(0);
    expect(await periodRows()).toBe(0);
    await foldPeriodAsks(t.db, w.other.id);
    expect(await periodRows()).toBe(0);
    expect(await foldPeriodAsks(t.db, w.org.id)).toBeGreaterThan(0);
    expect(await queued()).toBe(0);
    expect(await periodRows()).toBeGreaterThan(10);
    expect(await foldPeriodAsks(t.db, w.org.id)).toBe(0);
    await expectSummariesRight(w);

    // asked, answered, an ask taken back and a volunteer erased, all before the next fold
    const asked = new Date("2026-04-20T10:00:00Z");
    const [R] = await t.db
      .insert(s.requests)
      .values({ organizationId: w.org.id, activityId: w.warehouse.id, shortCode: "FOLD", title: "Fold", startsAt: new Date("2026-04-22T09:00:00Z"), endsAt: new Date("2026-04-22T11:00:00Z"), helpersNeeded: 8, status: "open", createdAt: asked })
      .returning();
    const vols = [w.V.V2, w.V.V3, w.V.V4, w.V.V5, w.V.V6, w.V.V8, w.V.V9];
    const invs = await t.db
      .insert(s.invitations)
      .values(vols.map((v, k) => ({ requestId: R.id, volunteerId: v.id, tokenHash: `fold-${k}-${Math.random()}`, status: "pending" as const, askedAt: asked })))
      .returning();
    const answer = (i: number, a: "accept" | "decline", minutes: number) =>
      respondToInvitation(t.db, { invitationId: invs[i].id, answer: a, via: "web", now: new Date(asked.getTime() + minutes * 60_000) });
    expect((await answer(0, "accept", 5)).ok).toBe(true);
    expect((await answer(1, "decline", 9)).ok).toBe(true);
    await t.db.delete(s.invitations).where(eq(s.invitations.id, invs[2].id));
    await t.db.transaction((tx) => eraseVolunteerInTransaction(tx, w.V.V3.id, NOW));
    expect(await queued()).toBeGreaterThan(0);
    await expectSummariesRight(w);

    // the others answer at once while folds of the organisation and of every one run in between
    // (on PostgreSQL in parallel on the pool's connections)
    const answers = [3, 4, 5, 6].map((i, k) => answer(i, k % 2 ? "decline" : "accept", 20 + k));
    const folds = [foldPeriodAsks(t.db), foldPeriodAsks(t.db, w.org.id), foldPeriodAsks(t.db), foldPeriodAsks(t.db, w.org.id)];
    const results = await Promise.all([...answers, ...folds]);
    expect(results.slice(0, 4).every((r) => typeof r === "object" && r.ok)).toBe(true);
    await expectSummariesRight(w);
    expect(await queued()).toBe(0);

    // erasure through the app: the person's period rows go at once, not at the scheduler's run
    expect(await eraseVolunteer(w.V.V9.id, { db: t.db, actor: "system", now: NOW })).toEqual({ ok: true });
    expect(await count(sql`select count(*)::int as n from volunteer_period_asks where volunteer_id = ${w.V.V9.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from volunteer_period_deltas where volunteer_id = ${w.V.V9.id}`)).toBe(0);
    await expectSummariesRight(w);
  });

  it("are folded by the scheduler's run, every organisation's", async () => {
    const w = await reportWorld(t.db);
    expect(await count(sql`select count(distinct organization_id)::int as n from volunteer_period_deltas`)).toBe(2);
    const report = await runScheduledWork(t.db, NOW);
    expect(report["period-asks"]).toEqual({ ok: true, result: expect.any(Number) });
    expect((report["period-asks"] as { result: number }).result).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from volunteer_period_deltas`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from volunteer_period_asks where organization_id = ${w.other.id}`)).toBeGreaterThan(0);
    await expectSummariesRight(w);
  });
});
