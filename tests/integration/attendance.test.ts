import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { confirmAttendance, getAttendanceSheet } from "@/lib/attendance";
import { listCommitments } from "@/lib/attendance/commitments";
import { hoursByActivity } from "@/lib/reports/figures";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, secondOrganization, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
const ctx = { ip: "198.51.100.4" };

/** A request from 09:00 to 11:00 UTC yesterday with three accepted helpers and one who declined. */
async function pastRequest(opts: { status?: s.Request["status"]; endsInFuture?: boolean } = {}) {
  const actor = await coordinator(t.db);
  const driving = await activityByKey(t.db, "driving");
  const day = new Date(Date.now() - 86_400_000);
  day.setUTCHours(9, 0, 0, 0);
  const startsAt = opts.endsInFuture ? new Date(Date.now() - 3_600_000) : day;
  const endsAt = opts.endsInFuture ? new Date(Date.now() + 3_600_000) : new Date(day.getTime() + 2 * 3_600_000);
  const [request] = await t.db
    .insert(s.requests)
    .values({ organizationId: actor.organizationId, activityId: driving.id, shortCode: "ATT1", title: "Umzugshilfe", startsAt, endsAt, helpersNeeded: 3, acceptedCount: 3, status: opts.status ?? "closed" })
    .returning();
  const people = [];
  for (const name of ["Berger", "Aydin", "Chen", "Dahl"]) people.push(await volunteer(t.db, { lastName: name, firstName: "Kim" }));
  const invs = await t.db
    .insert(s.invitations)
    .values(people.map((v, i) => ({ requestId: request.id, volunteerId: v.id, tokenHash: `att-${request.id}-${i}`, status: (i < 3 ? "accepted" : "declined") as s.Invitation["status"], askedAt: startsAt, respondedAt: startsAt })))
    .returning();
  // the list is ordered by name: Aydin, Berger, Chen
  const byName = Object.fromEntries(people.map((p, i) => [p.lastName, invs[i].id]));
  return { actor, request, people, invs, byName };
}

/** The form exactly as the board sends it: everyone checked, the default hours filled in. */
function boardForm(requestId: string, sheet: NonNullable<Awaited<ReturnType<typeof getAttendanceSheet>>>, over: Record<string, string | undefined> = {}) {
  const form: Record<string, string> = { requestId };
  for (const h of sheet.helpers) {
    form[`attended.${h.invitationId}`] = "on";
    form[`hours.${h.invitationId}`] = String((h.minutes ?? sheet.defaultMinutes) / 60);
  }
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete form[k];
    else form[k] = v;
  }
  return form;
}

const rowsOf = (requestId: string) => t.db.select().from(s.attendances).where(eq(s.attendances.requestId, requestId));
const audits = (action: string) => t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, action));

describe("attendance and hours", () => {
  it("lists the accepted helpers, pre-checked with the request's duration, once the request is over", async () => {
    const { actor, request } = await pastRequest();
    const sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    expect(sheet).toMatchObject({ ended: true, defaultMinutes: 120, confirmedAt: null });
    expect(sheet.helpers.map((h) => [h.name, h.attended, h.minutes])).toEqual([
      ["Kim Aydin", null, null],
      ["Kim Berger", null, null],
      ["Kim Chen", null, null],
    ]);
  });

  it("confirms everyone as submitted; the report then counts their hours as confirmed instead of planned", async () => {
    const { actor, request } = await pastRequest();
    const scope = { organizationId: actor.organizationId, timeZone: "Europe/Berlin", now: new Date(), params: { period: { kind: "custom" as const, from: "2000-01-01", to: "2099-12-31" }, activityId: null, minAsked: 3 } };
    expect((await hoursByActivity(t.db, scope))[0]).toMatchObject({ confirmedMinutes: 0, plannedMinutes: 360 });

    const sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    expect(await confirmAttendance(actor, boardForm(request.id, sheet), ctx)).toEqual({ ok: true, confirmed: 3, corrected: 0 });
    const rows = await rowsOf(request.id);
    expect(rows.map((r) => [r.attended, r.minutes, r.confirmedBy])).toEqual([
      [true, 120, actor.userId],
      [true, 120, actor.userId],
      [true, 120, actor.userId],
    ]);
    expect((await hoursByActivity(t.db, scope))[0]).toMatchObject({ confirmedMinutes: 360, plannedMinutes: 0, helpers: 3 });
    const [audit] = await audits("attendance.confirm");
    expect(audit).toMatchObject({ objectId: request.id, ip: ctx.ip, outcome: "ok", details: { helpers: 3, attended: 3, noShows: 0, minutes: 360 } });
    expect((await getAttendanceSheet(t.db, actor, request.id))!.confirmedAt).not.toBeNull();
  });

  it("a no-show is one click: that helper gets 0 hours, the others keep theirs; the change is audited", async () => {
    const { actor, request, byName } = await pastRequest();
    let sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    await confirmAttendance(actor, boardForm(request.id, sheet), ctx);
    sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    // the "did not come" button of Berger submits the form as it stands plus noShow=<id>
    expect(await confirmAttendance(actor, boardForm(request.id, sheet, { noShow: byName.Berger }), ctx)).toEqual({ ok: true, confirmed: 0, corrected: 1 });
    const rows = await t.db.select().from(s.attendances).where(and(eq(s.attendances.requestId, request.id), eq(s.attendances.attended, true)));
    expect(rows.map((r) => r.invitationId).sort()).toEqual([byName.Aydin, byName.Chen].sort());
    const [noShow] = await t.db.select().from(s.attendances).where(eq(s.attendances.invitationId, byName.Berger));
    expect(noShow).toMatchObject({ attended: false, minutes: 0 });
    const [correction] = await audits("attendance.correct");
    expect(correction).toMatchObject({ objectId: byName.Berger, details: { requestId: request.id, before: { attended: true, minutes: 120 }, after: { attended: false, minutes: 0 } } });
    // no names in the audit log
    expect(JSON.stringify(correction.details)).not.toContain("Berger");
  });

  it("corrects one helper's hours (German decimal comma); unchanged helpers are not touched", async () => {
    const { actor, request, byName } = await pastRequest();
    let sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    await confirmAttendance(actor, boardForm(request.id, sheet), ctx);
    sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    expect(await confirmAttendance(actor, boardForm(request.id, sheet, { [`hours.${byName.Chen}`]: "3,25" }), ctx)).toEqual({ ok: true, confirmed: 0, corrected: 1 });
    const [chen] = await t.db.select().from(s.attendances).where(eq(s.attendances.invitationId, byName.Chen));
    expect(chen.minutes).toBe(195);
    expect(await audits("attendance.correct")).toHaveLength(1);
    // the same form again changes nothing and records nothing
    sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    expect(await confirmAttendance(actor, boardForm(request.id, sheet), ctx)).toEqual({ ok: true, confirmed: 0, corrected: 0 });
    expect(await audits("attendance.correct")).toHaveLength(1);
  });

  it("unchecking a helper without the button is a no-show too (forms without JavaScript)", async () => {
    const { actor, request, byName } = await pastRequest();
    const sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    await confirmAttendance(actor, boardForm(request.id, sheet, { [`attended.${byName.Aydin}`]: undefined }), ctx);
    const [aydin] = await t.db.select().from(s.attendances).where(eq(s.attendances.invitationId, byName.Aydin));
    expect(aydin).toMatchObject({ attended: false, minutes: 0 });
  });

  it("bad hours are a field error next to that helper, and nothing is written", async () => {
    const { actor, request, byName } = await pastRequest();
    const sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    for (const [value, code] of [["zwei", "hours_invalid"], ["0", "hours_out_of_range"], ["101", "hours_out_of_range"], ["-1", "hours_invalid"], ["1.234", "hours_invalid"]]) {
      const r = await confirmAttendance(actor, boardForm(request.id, sheet, { [`hours.${byName.Chen}`]: value }), ctx);
      expect(r).toEqual({ ok: false, error: "invalid", fieldErrors: { [`hours.${byName.Chen}`]: code } });
    }
    expect(await rowsOf(request.id)).toEqual([]);
  });

  it("is refused before the end, for cancelled requests, and across organisations (audited)", async () => {
    const running = await pastRequest({ endsInFuture: true });
    let sheet = (await getAttendanceSheet(t.db, running.actor, running.request.id))!;
    expect(sheet.ended).toBe(false);
    expect(await confirmAttendance(running.actor, boardForm(running.request.id, sheet), ctx)).toEqual({ ok: false, error: "not_ended" });

    await t.db.update(s.requests).set({ status: "cancelled", endsAt: new Date(Date.now() - 1000), startsAt: new Date(Date.now() - 7_200_000) }).where(eq(s.requests.id, running.request.id));
    sheet = (await getAttendanceSheet(t.db, running.actor, running.request.id))!;
    expect(await confirmAttendance(running.actor, boardForm(running.request.id, sheet), ctx)).toEqual({ ok: false, error: "cancelled" });

    const { org } = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "koordination@andere-stadt.example", org.id);
    await t.db.update(s.requests).set({ status: "closed" }).where(eq(s.requests.id, running.request.id));
    expect(await getAttendanceSheet(t.db, stranger, running.request.id)).toBeNull();
    expect(await confirmAttendance(stranger, boardForm(running.request.id, sheet), ctx)).toEqual({ ok: false, error: "forbidden" });
    expect(await confirmAttendance(null, boardForm(running.request.id, sheet), ctx)).toEqual({ ok: false, error: "unauthenticated" });
    expect(await rowsOf(running.request.id)).toEqual([]);
    const denied = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "attendance.confirm"), eq(s.auditEvents.outcome, "denied")));
    expect(denied).toHaveLength(2);
  });

  it("ignores invitations of other requests smuggled into the form", async () => {
    const a = await pastRequest();
    const [other] = await t.db
      .insert(s.requests)
      .values({ organizationId: a.actor.organizationId, activityId: a.request.activityId, shortCode: "ATT2", title: "Anders", startsAt: a.request.startsAt, endsAt: a.request.endsAt, helpersNeeded: 1, status: "closed" })
      .returning();
    const [foreign] = await t.db.insert(s.invitations).values({ requestId: other.id, volunteerId: a.people[3].id, tokenHash: "att-foreign", status: "accepted", askedAt: a.request.startsAt }).returning();
    const sheet = (await getAttendanceSheet(t.db, a.actor, a.request.id))!;
    await confirmAttendance(a.actor, boardForm(a.request.id, sheet, { [`attended.${foreign.id}`]: "on", [`hours.${foreign.id}`]: "5" }), ctx);
    expect(await rowsOf(other.id)).toEqual([]);
    expect(await rowsOf(a.request.id)).toHaveLength(3);
  });

  it("shows a volunteer only their own commitments, with state and hours", async () => {
    const { actor, request, people, byName } = await pastRequest();
    const sheet = (await getAttendanceSheet(t.db, actor, request.id))!;
    await confirmAttendance(actor, boardForm(request.id, sheet, { noShow: byName.Berger, [`hours.${byName.Aydin}`]: "1,5" }), ctx);
    const [berger, aydin, chen, dahl] = people;
    // and one still ahead, two hours long
    const [ahead] = await t.db
      .insert(s.requests)
      .values({ organizationId: actor.organizationId, activityId: request.activityId, shortCode: "ATT3", title: "Sprachcafé", startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 86_400_000 + 7_200_000), helpersNeeded: 2, acceptedCount: 1, status: "open" })
      .returning();
    await t.db.insert(s.invitations).values({ requestId: ahead.id, volunteerId: aydin.id, tokenHash: "att-ahead", status: "accepted", askedAt: new Date() });
    const mine = await listCommitments(t.db, aydin.id);
    expect(mine.upcoming.map((c) => [c.title, c.state, c.minutes])).toEqual([["Sprachcafé", "upcoming", 120]]);
    expect(mine.past.map((c) => [c.title, c.state, c.minutes])).toEqual([["Umzugshilfe", "attended", 90]]);
    expect(mine.confirmedMinutes).toBe(90);
    expect((await listCommitments(t.db, berger.id)).past.map((c) => c.state)).toEqual(["no_show"]);
    expect((await listCommitments(t.db, chen.id)).confirmedMinutes).toBe(120);
    // Dahl declined: not a commitment
    expect(await listCommitments(t.db, dahl.id)).toEqual({ upcoming: [], past: [], confirmedMinutes: 0, pastTotal: 0 });
  });
});
