import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { countMatches, matchVolunteers, slotOf, type MatchCriteria } from "@/lib/requests/matching";
import { availabilityMaskOf } from "@/lib/volunteers/availability-mask";
import { reachesByPreferenceSql } from "@/lib/volunteers/channels";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { setupTestDatabase } from "../helpers/db";
import { nextBerlin } from "../helpers/requests";

/**
 * Matching reads reachability, availability and activities from columns of volunteers (generated
 * columns and trigger-kept ones, migration 0012) instead of per-row EXISTS. It must answer exactly
 * what the per-row rules answer: a reference query with the old EXISTS form, on varied volunteers.
 */
const t = setupTestDatabase();
let orgId: string;
let acts: string[];

const PARTS = ["morning", "afternoon", "evening"] as const;

beforeEach(async () => {
  orgId = (await t.db.select().from(s.organizations))[0].id;
  acts = (await t.db.select({ id: s.activities.id }).from(s.activities).where(eq(s.activities.organizationId, orgId))).map((a) => a.id);
  const now = new Date();
  const vols = await t.db
    .insert(s.volunteers)
    .values(
      Array.from({ length: 240 }, (_, i) => {
        const pref = (["email", "sms", "both"] as const)[i % 3];
        return {
          organizationId: orgId,
          firstName: `V${i}`,
          lastName: "Match",
          email: i % 7 === 3 ? null : `m${i}@example.net`,
          phone: i % 5 === 1 && i % 7 !== 3 ? null : `+4915200${String(i).padStart(5, "0")}`,
          contactPreference: pref,
          status: (["active", "active", "active", "paused", "pending"] as const)[i % 5],
          pausedUntil: i % 5 === 3 ? new Date(now.getTime() + ((i % 20) - 10) * 86_400_000) : null,
          availableFlexible: i % 6 === 0,
          hasDrivingLicence: i % 2 === 0,
          hasCar: i % 4 === 0,
          consentVersion: "test",
          consentAt: now,
          emailConfirmedAt: i % 9 === 0 ? null : now,
          phoneConfirmedAt: i % 8 === 0 ? null : now,
          emailBouncedAt: i % 23 === 0 ? now : null,
          emailOptedOutAt: i % 29 === 0 ? now : null,
          smsOptedOutAt: i % 19 === 0 ? now : null,
        };
      }),
    )
    .returning({ id: s.volunteers.id });
  await t.db.insert(s.volunteerActivities).values(vols.flatMap((v, i) => acts.filter((_, k) => (i + k) % 3 === 0).map((activityId) => ({ volunteerId: v.id, activityId }))));
  await t.db.insert(s.volunteerAvailability).values(vols.flatMap((v, i) => Array.from({ length: 21 }, (_, b) => b).filter((b) => (i * 7 + b * 3) % 5 === 0).map((b) => ({ volunteerId: v.id, weekday: Math.floor(b / 3) + 1, partOfDay: PARTS[b % 3] }))));
  await t.db.insert(s.volunteerLanguages).values(vols.flatMap((v, i) => ["de", "en", "ar", "uk"].filter((_, k) => (i >> k) % 2 === 0 || k === 0).map((language) => ({ volunteerId: v.id, language }))));
});

/** The rules as they were written before the columns: one EXISTS per related table. */
async function reference(c: MatchCriteria): Promise<string[]> {
  const { weekday, partOfDay } = slotOf(c.startsAt, c.timeZone);
  const emailOk = c.channels === "sms" ? sql`false` : reachesByPreferenceSql("email");
  const smsOk = c.channels === "email" ? sql`false` : reachesByPreferenceSql("sms");
  const langs = c.languageMode === "none" ? [] : [...new Set(c.languages)];
  const list = langs.length ? sql.join(langs.map((l) => sql`${l}`), sql`, `) : sql`''`;
  const rows = await t.db.execute(sql`
    select ${s.volunteers.id} as id from ${s.volunteers}
    where ${s.volunteers.organizationId} = ${orgId}
      and (${s.volunteers.status} = 'active' or (${s.volunteers.status} = 'paused' and ${s.volunteers.pausedUntil} is not null and ${s.volunteers.pausedUntil} <= ${c.startsAt}))
      and (${emailOk} or ${smsOk})
      and exists (select 1 from volunteer_activities va where va.volunteer_id = ${s.volunteers.id} and va.activity_id = ${c.activityId})
      and (${s.volunteers.availableFlexible} or exists (select 1 from volunteer_availability av where av.volunteer_id = ${s.volunteers.id} and av.weekday = ${weekday} and av.part_of_day = ${partOfDay}))
      and (${langs.length === 0} or (${c.languageMode === "any"} and exists (select 1 from volunteer_languages vl where vl.volunteer_id = ${s.volunteers.id} and vl.language in (${list})))
           or (${c.languageMode === "all"} and (select count(*) from volunteer_languages vl where vl.volunteer_id = ${s.volunteers.id} and vl.language in (${list})) = ${langs.length}))
      and (${!c.requireDrivingLicence} or ${s.volunteers.hasDrivingLicence})
      and (${!c.requireCar} or ${s.volunteers.hasCar})`);
  return (rows.rows as { id: string }[]).map((x) => x.id).sort();
}

describe("matching on the volunteers' columns", () => {
  it("finds exactly whom the per-row rules find, for every activity, slot, channel choice and language rule", async () => {
    let compared = 0;
    let nonEmpty = 0;
    for (const [k, activityId] of acts.entries()) {
      for (const [weekday, hour] of [
        [1, 9],
        [3, 14],
        [6, 19],
      ]) {
        const startsAt = zonedLocalToUtc(nextBerlin(weekday, hour), "Europe/Berlin")!;
        const channels = (["both", "email", "sms"] as const)[k % 3];
        for (const lang of [{ languageMode: "none", languages: [] }, { languageMode: "any", languages: ["ar", "uk"] }, { languageMode: "all", languages: ["en", "ar"] }] as const) {
          const c: MatchCriteria = { activityId, startsAt, channels, requireDrivingLicence: k % 2 === 1, requireCar: k % 4 === 3, timeZone: "Europe/Berlin", ...lang, languages: [...lang.languages] };
          const expected = await reference(c);
          const got = (await matchVolunteers(t.db, orgId, c, { limit: 5000 })).map((v) => v.id).sort();
          expect(got).toEqual(expected);
          expect(await countMatches(t.db, orgId, c)).toBe(expected.length);
          compared++;
          if (expected.length) nonEmpty++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it("keeps the columns in step when activities, availability and channels change", async () => {
    const [v] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.firstName, "V1"));
    const slots = async () => (await t.db.select({ weekday: s.volunteerAvailability.weekday, partOfDay: s.volunteerAvailability.partOfDay }).from(s.volunteerAvailability).where(eq(s.volunteerAvailability.volunteerId, v.id)));
    const row = async () => (await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, v.id)))[0];
    expect((await row()).availabilityMask).toBe(availabilityMaskOf(await slots()));

    await t.db.delete(s.volunteerAvailability).where(eq(s.volunteerAvailability.volunteerId, v.id));
    expect((await row()).availabilityMask).toBe(0);
    await t.db.insert(s.volunteerAvailability).values([{ volunteerId: v.id, weekday: 7, partOfDay: "evening" }, { volunteerId: v.id, weekday: 1, partOfDay: "morning" }]);
    expect((await row()).availabilityMask).toBe((1 << 20) | 1);
    await t.db.update(s.volunteerAvailability).set({ weekday: 2 }).where(eq(s.volunteerAvailability.volunteerId, v.id));
    expect((await row()).availabilityMask).toBe(availabilityMaskOf([{ weekday: 2, partOfDay: "evening" }, { weekday: 2, partOfDay: "morning" }]));

    await t.db.delete(s.volunteerActivities).where(eq(s.volunteerActivities.volunteerId, v.id));
    expect((await row()).activityIds).toEqual([]);
    await t.db.insert(s.volunteerActivities).values([{ volunteerId: v.id, activityId: acts[1] }, { volunteerId: v.id, activityId: acts[0] }]);
    expect([...(await row()).activityIds].sort()).toEqual([acts[0], acts[1]].sort());

    await t.db.update(s.volunteers).set({ contactPreference: "both", emailConfirmedAt: new Date(), phoneConfirmedAt: new Date(), smsOptedOutAt: null, emailBouncedAt: null, emailOptedOutAt: null, email: "v1@example.net", phone: "+4915299999999" }).where(eq(s.volunteers.id, v.id));
    expect(await row()).toMatchObject({ reachEmail: true, reachSms: true });
    await t.db.update(s.volunteers).set({ smsOptedOutAt: new Date(), emailBouncedAt: new Date() }).where(eq(s.volunteers.id, v.id));
    expect(await row()).toMatchObject({ reachEmail: false, reachSms: false });
  });
});
