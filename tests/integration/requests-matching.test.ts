import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { countMatches, matchVolunteers, slotOf, type MatchCriteria } from "@/lib/requests/matching";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, nextBerlin, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let orgId: string;
let driving: string;
let tuesdayMorning: Date;

beforeEach(async () => {
  orgId = (await t.db.select().from(s.organizations))[0].id;
  driving = (await activityByKey(t.db, "driving")).id;
  tuesdayMorning = zonedLocalToUtc(nextBerlin(2, 9), "Europe/Berlin")!;
});

const criteria = (over: Partial<MatchCriteria> = {}): MatchCriteria => ({
  activityId: driving,
  startsAt: tuesdayMorning,
  languageMode: "none",
  languages: [],
  channels: "both",
  requireDrivingLicence: false,
  requireCar: false,
  timeZone: "Europe/Berlin",
  ...over,
});

const ids = async (c: MatchCriteria) => (await matchVolunteers(t.db, orgId, c)).map((v) => v.id).sort();

describe("matching volunteers to a request", () => {
  it("finds active volunteers who do the activity and leaves out those who do not", async () => {
    const yes = await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [(await activityByKey(t.db, "childcare")).id] });
    expect(await ids(criteria())).toEqual([yes.id]);
    expect(await countMatches(t.db, orgId, criteria())).toBe(1);
  });

  it("leaves out pending and deactivated volunteers, and paused ones unless the pause ends before the start", async () => {
    const active = await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving], status: "pending" });
    await volunteer(t.db, { activities: [driving], status: "deactivated" });
    await volunteer(t.db, { activities: [driving], status: "paused", pausedUntil: new Date(tuesdayMorning.getTime() + 3600e3) });
    const back = await volunteer(t.db, { activities: [driving], status: "paused", pausedUntil: new Date(tuesdayMorning.getTime() - 3600e3) });
    expect(await ids(criteria())).toEqual([active.id, back.id].sort());
  });

  it("needs a confirmed, preferred channel the request allows; bounced or unsubscribed e-mail and SMS opt-out do not count", async () => {
    const mail = await volunteer(t.db, { activities: [driving] });
    const sms = await volunteer(t.db, { activities: [driving], email: null, phone: "+4915200000001", contactPreference: "sms", phoneConfirmedAt: new Date(), emailConfirmedAt: null });
    const both = await volunteer(t.db, { activities: [driving], phone: "+4915200000002", contactPreference: "both", phoneConfirmedAt: new Date() });
    await volunteer(t.db, { activities: [driving], emailConfirmedAt: null });
    await volunteer(t.db, { activities: [driving], emailBouncedAt: new Date() });
    await volunteer(t.db, { activities: [driving], emailOptedOutAt: new Date() }); // one-click unsubscribed
    await volunteer(t.db, { activities: [driving], email: null, phone: "+4915200000003", contactPreference: "sms", phoneConfirmedAt: new Date(), smsOptedOutAt: new Date() });
    // prefers SMS, has a confirmed e-mail too: not asked by e-mail against their wish
    await volunteer(t.db, { activities: [driving], phone: "+4915200000004", contactPreference: "sms", phoneConfirmedAt: null });

    expect(await ids(criteria({ channels: "both" }))).toEqual([mail.id, sms.id, both.id].sort());
    expect(await ids(criteria({ channels: "email" }))).toEqual([mail.id, both.id].sort());
    expect(await ids(criteria({ channels: "sms" }))).toEqual([sms.id, both.id].sort());
    const found = await matchVolunteers(t.db, orgId, criteria({ channels: "both" }));
    expect(found.find((v) => v.id === both.id)!.channels).toEqual(["email", "sms"]);
    expect(found.find((v) => v.id === sms.id)!.channels).toEqual(["sms"]);
    expect((await matchVolunteers(t.db, orgId, criteria({ channels: "email" }))).find((v) => v.id === both.id)!.channels).toEqual(["email"]);
  });

  it("applies the language rule: none, any of, all of", async () => {
    const ar = await volunteer(t.db, { activities: [driving], languages: ["de", "ar"] });
    const fa = await volunteer(t.db, { activities: [driving], languages: ["de", "fa"] });
    const arFa = await volunteer(t.db, { activities: [driving], languages: ["de", "ar", "fa"] });
    const deOnly = await volunteer(t.db, { activities: [driving], languages: ["de"] });
    expect(await ids(criteria())).toEqual([ar.id, fa.id, arFa.id, deOnly.id].sort());
    expect(await ids(criteria({ languageMode: "any", languages: ["ar", "fa"] }))).toEqual([ar.id, fa.id, arFa.id].sort());
    expect(await ids(criteria({ languageMode: "all", languages: ["ar", "fa"] }))).toEqual([arFa.id]);
    expect(await ids(criteria({ languageMode: "all", languages: ["ar", "ar"] }))).toEqual([ar.id, arFa.id].sort());
  });

  it("uses the weekday and part of day of the start in the organisation's time zone, or flexible", async () => {
    const slot = slotOf(tuesdayMorning, "Europe/Berlin");
    expect(slot).toEqual({ weekday: 2, partOfDay: "morning" });
    const morning = await volunteer(t.db, { activities: [driving], slots: [{ weekday: 2, partOfDay: "morning" }] });
    const flexible = await volunteer(t.db, { activities: [driving], availableFlexible: true });
    await volunteer(t.db, { activities: [driving], slots: [{ weekday: 2, partOfDay: "afternoon" }] });
    await volunteer(t.db, { activities: [driving], slots: [{ weekday: 3, partOfDay: "morning" }] });
    expect(await ids(criteria())).toEqual([morning.id, flexible.id].sort());

    // 11:59 is morning, 12:00 afternoon, 17:00 evening (Berlin wall-clock time)
    const at = (h: number, m: number) => zonedLocalToUtc(nextBerlin(2, h, m), "Europe/Berlin")!;
    expect(slotOf(at(11, 59), "Europe/Berlin").partOfDay).toBe("morning");
    expect(slotOf(at(12, 0), "Europe/Berlin").partOfDay).toBe("afternoon");
    expect(slotOf(at(16, 59), "Europe/Berlin").partOfDay).toBe("afternoon");
    expect(slotOf(at(17, 0), "Europe/Berlin").partOfDay).toBe("evening");
    // Tuesday 00:30 in Berlin is still Monday in UTC: the local weekday counts
    const earlyTuesday = at(0, 30);
    expect(earlyTuesday.getUTCDay()).toBe(1);
    expect(await ids(criteria({ startsAt: earlyTuesday }))).toEqual([morning.id, flexible.id].sort());
  });

  it("requires a driving licence and an own car only when the request says so", async () => {
    const licence = await volunteer(t.db, { activities: [driving], hasDrivingLicence: true });
    const car = await volunteer(t.db, { activities: [driving], hasDrivingLicence: true, hasCar: true });
    const none = await volunteer(t.db, { activities: [driving] });
    expect(await ids(criteria())).toEqual([licence.id, car.id, none.id].sort());
    expect(await ids(criteria({ requireDrivingLicence: true }))).toEqual([licence.id, car.id].sort());
    expect(await ids(criteria({ requireDrivingLicence: true, requireCar: true }))).toEqual([car.id]);
  });

  it("leaves out volunteers already invited to the request and volunteers of other organisations", async () => {
    const invited = await volunteer(t.db, { activities: [driving] });
    const fresh = await volunteer(t.db, { activities: [driving] });
    const [r] = await t.db
      .insert(s.requests)
      .values({ organizationId: orgId, activityId: driving, shortCode: "TEST", title: "x", startsAt: tuesdayMorning, endsAt: new Date(tuesdayMorning.getTime() + 3600e3), helpersNeeded: 2 })
      .returning();
    await t.db.insert(s.invitations).values({ requestId: r.id, volunteerId: invited.id, tokenHash: "hash-1" });
    const [other] = await t.db.insert(s.organizations).values({ slug: "other", name: "Other" }).returning();
    await volunteer(t.db, { organizationId: other.id, activities: [driving] });
    expect(await ids(criteria({ requestId: r.id }))).toEqual([fresh.id]);
    expect(await countMatches(t.db, orgId, criteria({ requestId: r.id }))).toBe(1);
  });

  it("combines every rule at once", async () => {
    const perfect = await volunteer(t.db, {
      activities: [driving],
      languages: ["de", "ar"],
      hasDrivingLicence: true,
      slots: [{ weekday: 2, partOfDay: "morning" }],
      phone: "+4915200000009",
      contactPreference: "both",
      phoneConfirmedAt: new Date(),
    });
    await volunteer(t.db, { activities: [driving], languages: ["de", "ar"], hasDrivingLicence: false, slots: [{ weekday: 2, partOfDay: "morning" }] });
    await volunteer(t.db, { activities: [driving], languages: ["de"], hasDrivingLicence: true, slots: [{ weekday: 2, partOfDay: "morning" }] });
    await volunteer(t.db, { activities: [driving], languages: ["ar"], hasDrivingLicence: true, slots: [{ weekday: 4, partOfDay: "morning" }] });
    await volunteer(t.db, { activities: [driving], languages: ["ar"], hasDrivingLicence: true, status: "paused", pausedUntil: new Date(tuesdayMorning.getTime() + 1) });
    const c = criteria({ languageMode: "any", languages: ["ar"], requireDrivingLicence: true, channels: "sms" });
    expect(await ids(c)).toEqual([perfect.id]);
    expect(await countMatches(t.db, orgId, c)).toBe(1);
  });

  it("asks those asked least recently first (never asked first) and breaks ties at random", async () => {
    const day = 86_400_000;
    const old = await volunteer(t.db, { activities: [driving], lastAskedAt: new Date(Date.now() - 30 * day) });
    const recent = await volunteer(t.db, { activities: [driving], lastAskedAt: new Date(Date.now() - day) });
    const never = await volunteer(t.db, { activities: [driving], lastAskedAt: null });
    const found = await matchVolunteers(t.db, orgId, criteria());
    expect(found.map((v) => v.id)).toEqual([never.id, old.id, recent.id]);
    expect((await matchVolunteers(t.db, orgId, criteria(), { limit: 2 })).map((v) => v.id)).toEqual([never.id, old.id]);

    // ten volunteers never asked: the order among them varies between runs
    await t.db.update(s.volunteers).set({ lastAskedAt: null }).where(eq(s.volunteers.organizationId, orgId));
    for (let i = 0; i < 7; i++) await volunteer(t.db, { activities: [driving] });
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) orders.add((await matchVolunteers(t.db, orgId, criteria())).map((v) => v.id).join());
    expect(orders.size).toBeGreaterThan(1);
  });

  it("respects a volunteer's own weekly limit", async () => {
    const limited = await volunteer(t.db, { activities: [driving], maxRequestsPerWeek: 1 });
    const [r] = await t.db
      .insert(s.requests)
      .values({ organizationId: orgId, activityId: driving, shortCode: "WEEK", title: "x", startsAt: tuesdayMorning, endsAt: new Date(tuesdayMorning.getTime() + 3600e3), helpersNeeded: 2 })
      .returning();
    expect(await ids(criteria())).toEqual([limited.id]);
    await t.db.insert(s.invitations).values({ requestId: r.id, volunteerId: limited.id, tokenHash: "hash-w" });
    expect(await ids(criteria())).toEqual([]);
  });

  it("counts a shift plan's slots as one ask towards the weekly limit", async () => {
    const limited = await volunteer(t.db, { activities: [driving], maxRequestsPerWeek: 2 });
    const [plan] = await t.db.insert(s.shiftPlans).values({ organizationId: orgId, title: "Kleiderkammer", day: "2026-12-12" }).returning();
    const slot = async (code: string, hour: number) =>
      (
        await t.db
          .insert(s.requests)
          .values({ organizationId: orgId, activityId: driving, shortCode: code, title: "Schicht", startsAt: new Date(tuesdayMorning.getTime() + hour * 3600e3), endsAt: new Date(tuesdayMorning.getTime() + (hour + 3) * 3600e3), helpersNeeded: 2, shiftPlanId: plan.id })
          .returning()
      )[0];
    for (const [i, r] of [await slot("SL1", 0), await slot("SL2", 3), await slot("SL3", 6)].entries()) await t.db.insert(s.invitations).values({ requestId: r.id, volunteerId: limited.id, tokenHash: `hash-slot-${i}` });
    // three invitations, one ask: a second request may still ask them this week
    expect(await ids(criteria())).toEqual([limited.id]);
    const [r] = await t.db
      .insert(s.requests)
      .values({ organizationId: orgId, activityId: driving, shortCode: "WEEK2", title: "x", startsAt: tuesdayMorning, endsAt: new Date(tuesdayMorning.getTime() + 3600e3), helpersNeeded: 2 })
      .returning();
    await t.db.insert(s.invitations).values({ requestId: r.id, volunteerId: limited.id, tokenHash: "hash-w2" });
    expect(await ids(criteria())).toEqual([]);
  });
});
