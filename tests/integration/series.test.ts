import { and, asc, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { changeHelpersNeeded, cancelRequest } from "@/lib/requests/manage";
import { respondToInvitation } from "@/lib/requests/respond";
import { responseToken } from "@/lib/requests/tokens";
import { askDueOccurrences } from "@/lib/series/ask";
import { commitToSeries, endCommitment, getSeriesStateForInvitation } from "@/lib/series/commitments";
import { createSeries } from "@/lib/series/create";
import { endSeries, updateThisAndFollowing } from "@/lib/series/manage";
import { getSeriesOverview } from "@/lib/series/queries";
import { toLocalInput } from "@/lib/time-zone";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { coordinatorAndActivity, secondOrganization, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;

// a fixed clock: Tuesday 10 March 2026, before both clock changes of the year in Berlin
const NOW = new Date("2026-03-10T10:00:00Z");
const DAY = 86_400_000;

beforeEach(async () => {
  ({ actor, driving } = await coordinatorAndActivity(t.db));
});

const weekly = (over: Record<string, unknown> = {}) => ({
  activityId: driving,
  title: "Deutschkurs Dienstag",
  details: "",
  place: "Gemeindehaus",
  helpersNeeded: 2,
  channels: "email",
  firstDate: "2026-03-17",
  startTime: "09:00",
  endTime: "11:00",
  frequency: "weekly",
  interval: "1",
  ends: "count",
  count: "34",
  leadDays: "7",
  ...over,
});

const occurrencesOf = (seriesId: string) => t.db.select().from(s.requests).where(eq(s.requests.seriesId, seriesId)).orderBy(asc(s.requests.occurrenceIndex));
const invitationsOf = (requestId: string) => t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
const messagesOf = (requestId: string, kind: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)));
const tokenOf = (invitationId: string) => responseToken(invitationId);

async function created(over: Record<string, unknown> = {}) {
  const r = await createSeries(t.db, actor, weekly(over), { now: NOW });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

describe("a series of requests", () => {
  it("creates every occurrence up front at 09:00 local time across both clock changes, and asks only those within the lead time", async () => {
    const v = await volunteer(t.db, { activities: [driving] });
    const r = await created();
    expect(r.occurrences).toBe(34);
    const occ = await occurrencesOf(r.seriesId);
    expect(occ.map((o) => toLocalInput(o.startsAt, "Europe/Berlin").slice(11))).toEqual(Array(34).fill("09:00"));
    // 24 March (winter time, UTC+1), 31 March (summer time, UTC+2), 27 October (winter time again)
    expect(occ[1].startsAt.toISOString()).toBe("2026-03-24T08:00:00.000Z");
    expect(occ[2].startsAt.toISOString()).toBe("2026-03-31T07:00:00.000Z");
    expect(occ[31].occurrenceDate).toBe("2026-10-20");
    expect(occ[31].startsAt.toISOString()).toBe("2026-10-20T07:00:00.000Z");
    expect(occ[32].startsAt.toISOString()).toBe("2026-10-27T08:00:00.000Z");
    // the first starts within 7 days: asked at once; the others when their time comes
    expect(occ[0].askAt).toBeNull();
    expect((await invitationsOf(occ[0].id)).map((i) => i.volunteerId)).toEqual([v.id]);
    expect(occ[1].askAt?.toISOString()).toBe("2026-03-17T08:00:00.000Z");
    expect(await invitationsOf(occ[1].id)).toHaveLength(0);

    // a scheduler tick one week later asks the second one (and only it), a second tick nothing more
    expect(await askDueOccurrences(t.db, new Date(NOW.getTime() + 7 * DAY))).toMatchObject({ asked: 1, invited: 1 });
    expect(await askDueOccurrences(t.db, new Date(NOW.getTime() + 7 * DAY))).toMatchObject({ asked: 0 });
    expect(await invitationsOf(occ[1].id)).toHaveLength(1);
    expect(await invitationsOf(occ[2].id)).toHaveLength(0);
  });

  it("skips months without a fifth Tuesday in a monthly series", async () => {
    const r = await created({ frequency: "monthly", monthlyNth: "5", monthlyWeekday: "2", firstDate: "2026-03-17", ends: "until", untilDate: "2026-12-31", count: "" });
    expect((await occurrencesOf(r.seriesId)).map((o) => o.occurrenceDate)).toEqual(["2026-03-31", "2026-06-30", "2026-09-29", "2026-12-29"]);
  });

  it("refuses bad rules and bad request fields with field errors and stores nothing", async () => {
    const other = await secondOrganization(t.db);
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ ends: "" }, { ends: "never_ends" }],
      [{ count: "105" }, { count: "too_many" }],
      [{ ends: "until", count: "", untilDate: "2030-01-01" }, { untilDate: "too_many" }],
      [{ ends: "until", count: "", untilDate: "2026-03-01" }, { untilDate: "until_before_start" }],
      [{ endTime: "08:00" }, { endTime: "end_before_start" }],
      [{ firstDate: "2026-03-01" }, { firstDate: "start_in_past" }],
      [{ activityId: other.activity.id }, { activityId: "activity_unknown" }],
      [{ activityId: "kein-uuid" }, { activityId: "activity_unknown" }],
      [{ title: "", interval: "0" }, { title: "required", interval: "interval_range" }],
    ];
    for (const [over, errors] of cases) {
      const r = await createSeries(t.db, actor, weekly(over), { now: NOW });
      expect(r.ok, JSON.stringify(over)).toBe(false);
      if (!r.ok) expect(r.fieldErrors).toMatchObject(errors);
    }
    expect((await t.db.select({ n: count() }).from(s.requestSeries))[0].n).toBe(0);
    expect((await t.db.select({ n: count() }).from(s.requests))[0].n).toBe(0);
  });

  it("creates one series when the same form is sent twice", async () => {
    const key = "series-form-key-123456";
    const a = await created({ submissionKey: key, count: "3" });
    const b = await createSeries(t.db, actor, weekly({ submissionKey: key, count: "3" }), { now: NOW });
    expect(b).toMatchObject({ ok: true, seriesId: a.seriesId, duplicate: true });
    expect(await occurrencesOf(a.seriesId)).toHaveLength(3);
  });
});

describe("regular helpers", () => {
  it("accepts a regular helper for every occurrence when it is asked, with the usual confirmation, until they end the commitment", async () => {
    const v = await volunteer(t.db, { activities: [driving] });
    const r = await created({ count: "4" });
    const occ = await occurrencesOf(r.seriesId);
    const [inv] = await invitationsOf(occ[0].id);
    const token = tokenOf(inv.id);
    const committed = await commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW });
    expect(committed).toMatchObject({ ok: true, outcome: "accepted", committed: true });
    expect(await getSeriesStateForInvitation(t.db, hashToken(token))).toMatchObject({ committed: true, ended: false });

    await askDueOccurrences(t.db, new Date(NOW.getTime() + 7 * DAY));
    const [second] = await invitationsOf(occ[1].id);
    expect(second).toMatchObject({ volunteerId: v.id, status: "accepted", respondedVia: "commitment" });
    const confirmation = await messagesOf(occ[1].id, "confirmation");
    expect(confirmation).toHaveLength(1);
    // the confirmation links to that occurrence's page (withdraw there, or end the commitment)
    expect(renderStoredTexts(confirmation[0]).body).toContain(`/r/${tokenOf(second.id)}`);

    // skip one: withdraw from the second occurrence only
    expect(await respondToInvitation(t.db, { invitationId: second.id, answer: "withdraw", via: "web", now: new Date(NOW.getTime() + 8 * DAY) })).toMatchObject({ ok: true, outcome: "withdrawn" });

    // end the commitment: the third is asked like for everyone (pending, not accepted)
    expect(await endCommitment(t.db, { tokenHash: hashToken(token), now: NOW })).toMatchObject({ ok: true, changed: true });
    expect(await endCommitment(t.db, { tokenHash: hashToken(token), now: NOW })).toMatchObject({ ok: true, changed: false });
    await askDueOccurrences(t.db, new Date(NOW.getTime() + 14 * DAY));
    expect((await invitationsOf(occ[2].id))[0]).toMatchObject({ volunteerId: v.id, status: "pending" });
    expect((await getSeriesOverview(t.db, actor.organizationId, r.seriesId))!.regulars).toHaveLength(0);
  });

  it("never overbooks an occurrence whose number was lowered: the coordinator is told instead", async () => {
    const vols = [await volunteer(t.db, { activities: [driving] }), await volunteer(t.db, { activities: [driving] })];
    const r = await created({ count: "3", helpersNeeded: 2 });
    const occ = await occurrencesOf(r.seriesId);
    for (const inv of await invitationsOf(occ[0].id)) {
      const token = tokenOf(inv.id);
      expect(await commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW })).toMatchObject({ ok: true, committed: true });
    }
    expect(await changeHelpersNeeded(t.db, actor, occ[1].id, { helpersNeeded: "1" }, { now: NOW })).toMatchObject({ ok: true });
    const asked = await askDueOccurrences(t.db, new Date(NOW.getTime() + 7 * DAY));
    expect(asked).toMatchObject({ asked: 1, committed: 1, unseated: 1 });
    const [row] = await t.db.select().from(s.requests).where(eq(s.requests.id, occ[1].id));
    expect(row).toMatchObject({ acceptedCount: 1, helpersNeeded: 1, status: "filled" });
    const statuses = (await invitationsOf(occ[1].id)).map((i) => i.status).sort();
    expect(statuses).toEqual(["accepted", "not_needed"]);
    expect(vols).toHaveLength(2);
    const notices = await messagesOf(occ[1].id, "coordinator-commitmentUnseated");
    expect(notices.map((m) => m.recipient)).toEqual([actor.email]);
    expect(renderStoredTexts(notices[0]).body).toContain("kein Platz mehr frei");
  });
});

describe("changing a series", () => {
  it("applies an edit to this and all following occurrences through the request edit, keeping the local time across the clock change", async () => {
    const v = await volunteer(t.db, { activities: [driving] });
    const r = await created({ count: "4" });
    const occ = await occurrencesOf(r.seriesId);
    const [inv] = await invitationsOf(occ[0].id);
    const token = tokenOf(inv.id);
    await commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW });
    const later = new Date(NOW.getTime() + 7 * DAY);
    await askDueOccurrences(t.db, later);
    // occurrence 2 (24 March) moves to 10:00 and gets a new place; 3 and 4 (after the clock change) follow
    const edit = { title: "Deutschkurs (neu)", details: "", place: "Bibliothek", startsAt: "2026-03-24T10:00", endsAt: "2026-03-24T12:00", helpersNeeded: "2", revision: "0" };
    const result = await updateThisAndFollowing(t.db, actor, occ[1].id, edit, { now: later });
    expect(result).toMatchObject({ ok: true, updated: 3 });
    const after = await occurrencesOf(r.seriesId);
    expect(after[0]).toMatchObject({ title: "Deutschkurs Dienstag", place: "Gemeindehaus", revision: 0 });
    for (const o of after.slice(1)) {
      expect(o).toMatchObject({ title: "Deutschkurs (neu)", place: "Bibliothek", revision: 1 });
      expect(toLocalInput(o.startsAt, "Europe/Berlin").slice(11)).toBe("10:00");
      expect(toLocalInput(o.endsAt, "Europe/Berlin").slice(11)).toBe("12:00");
    }
    expect(after[2].startsAt.toISOString()).toBe("2026-03-31T08:00:00.000Z");
    // the regular helper accepted on occurrence 2 is told (with the updated calendar entry)
    expect((await messagesOf(occ[1].id, "request-changed")).map((m) => m.volunteerId)).toEqual([v.id]);
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "series.update_following"));
    expect(audit).toMatchObject({ objectId: r.seriesId, outcome: "ok" });
    // a replayed form changes nothing twice
    expect(await updateThisAndFollowing(t.db, actor, occ[1].id, edit, { now: later })).toMatchObject({ ok: false, error: "stale_revision" });
  });

  it("changes none of them when one following occurrence refuses (fewer helpers than accepted there)", async () => {
    await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving] });
    const r = await created({ count: "3", helpersNeeded: 2 });
    const occ = await occurrencesOf(r.seriesId);
    for (const inv of await invitationsOf(occ[0].id)) {
      const token = tokenOf(inv.id);
      await commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW });
    }
    // 24 March 07:30 UTC: occurrence 2 (08:00 UTC) has not begun, occurrence 3 is within its lead time
    const later = new Date("2026-03-24T07:30:00Z");
    expect(await askDueOccurrences(t.db, later)).toMatchObject({ asked: 2, committed: 4 });
    // one regular skips occurrence 2, so 2 has one helper and 3 has both
    const [skip] = await invitationsOf(occ[1].id);
    await respondToInvitation(t.db, { invitationId: skip.id, answer: "withdraw", via: "web", now: later });
    const edit = { title: "Deutschkurs Dienstag", details: "", place: "Gemeindehaus", startsAt: "2026-03-24T09:00", endsAt: "2026-03-24T11:00", helpersNeeded: "1", revision: "0" };
    const res = await updateThisAndFollowing(t.db, actor, occ[1].id, edit, { now: later });
    expect(res).toMatchObject({ ok: false, error: "following_failed", occurrenceDate: "2026-03-31", reason: "below_accepted" });
    expect((await occurrencesOf(r.seriesId)).map((o) => [o.helpersNeeded, o.revision])).toEqual([[2, 0], [2, 0], [2, 0]]);
  });

  it("skipping one occurrence and ending the series tell the accepted helpers", async () => {
    const v = await volunteer(t.db, { activities: [driving] });
    const r = await created({ count: "4" });
    const occ = await occurrencesOf(r.seriesId);
    const [inv] = await invitationsOf(occ[0].id);
    const token = tokenOf(inv.id);
    await commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW });
    const later = new Date(NOW.getTime() + 7 * DAY);
    await askDueOccurrences(t.db, later);

    // skip the second (a holiday): the ordinary cancel, with a reason
    expect(await cancelRequest(t.db, actor, occ[1].id, { confirm: "yes", reason: "Feiertag" }, { now: later })).toMatchObject({ ok: true, notified: 1 });
    const skipped = await messagesOf(occ[1].id, "request-cancelled");
    expect(skipped.map((m) => m.volunteerId)).toEqual([v.id]);
    expect(renderStoredTexts(skipped[0]).body).toContain("Feiertag");

    // the third is asked (the regular accepted), then the series ends: 3 and 4 cancelled, the regular told about 3
    await askDueOccurrences(t.db, new Date(NOW.getTime() + 14 * DAY));
    const end = await endSeries(t.db, actor, r.seriesId, { confirm: "yes", reason: "Kursende" }, { now: new Date(NOW.getTime() + 14 * DAY) });
    expect(end).toMatchObject({ ok: true, cancelled: 2, notified: 1 });
    expect((await occurrencesOf(r.seriesId)).map((o) => o.status)).toEqual(["open", "cancelled", "cancelled", "cancelled"]);
    expect((await messagesOf(occ[2].id, "request-cancelled")).map((m) => m.volunteerId)).toEqual([v.id]);
    expect(await endSeries(t.db, actor, r.seriesId, { confirm: "yes" }, { now: new Date(NOW.getTime() + 14 * DAY) })).toMatchObject({ ok: false, error: "already_ended" });
    // the unasked fourth is never asked afterwards
    expect(await askDueOccurrences(t.db, new Date(NOW.getTime() + 21 * DAY))).toMatchObject({ asked: 0 });
    expect(await commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW })).toMatchObject({ ok: false, error: "series_ended" });
  });

  it("refuses to end another organisation's series or without confirmation", async () => {
    const r = await created({ count: "2" });
    const other = await secondOrganization(t.db);
    const stranger = { ...actor, organizationId: other.org.id };
    expect(await endSeries(t.db, stranger, r.seriesId, { confirm: "yes" }, { now: NOW })).toMatchObject({ ok: false, error: "not_found" });
    expect(await endSeries(t.db, actor, r.seriesId, {}, { now: NOW })).toMatchObject({ ok: false, error: "invalid" });
    expect(await getSeriesOverview(t.db, other.org.id, r.seriesId)).toBeNull();
    expect((await occurrencesOf(r.seriesId)).map((o) => o.status)).toEqual(["open", "open"]);
  });
});
