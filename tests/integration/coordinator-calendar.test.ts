import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/guard";
import { createAndSendRequest } from "@/lib/requests/create";
import { calendarRange, fillOf, listCalendarEntries, readCalendarQuery, weekdayOf } from "@/lib/requests/calendar";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, requestInput, secondOrganization } from "../helpers/requests";

const t = setupTestDatabase();

describe("the coordinator calendar's days", () => {
  it("shows a week from Monday and a month as the whole weeks it touches", () => {
    expect(weekdayOf("2026-12-01")).toBe(2);
    const week = calendarRange("week", "2026-12-03");
    expect(week).toMatchObject({ first: "2026-11-30", last: "2026-12-06", previous: "2026-11-23", next: "2026-12-07" });
    expect(week.days).toHaveLength(7);
    // March 2026: starts on a Sunday, has the spring change of clocks; five Tuesdays
    const march = calendarRange("month", "2026-03-17");
    expect(march).toMatchObject({ first: "2026-03-01", last: "2026-03-31", previous: "2026-02-01", next: "2026-04-01" });
    expect(march.days[0]).toBe("2026-02-23");
    expect(march.days.at(-1)).toBe("2026-04-05");
    expect(march.days.length % 7).toBe(0);
    expect(new Set(march.days).size).toBe(march.days.length);
    expect(calendarRange("month", "2026-12-31").next).toBe("2027-01-01");
  });

  it("reads the query leniently: anything unreadable falls back to this week and all activities", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    expect(readCalendarQuery({ view: "year", date: "31.12.2026", activity: "'; drop" }, "Europe/Berlin", now)).toEqual({ view: "week", date: "2026-12-01", activityId: null });
    expect(readCalendarQuery({ view: "month", date: "2026-02-30" }, "Europe/Berlin", now).date).toBe("2026-12-01");
    expect(readCalendarQuery({ view: "month", date: "2027-01-15", activity: "6f1c1b8e-6a0b-4a59-9d36-2f3d2f1f0a11" }, "Europe/Berlin", now)).toEqual({ view: "month", date: "2027-01-15", activityId: "6f1c1b8e-6a0b-4a59-9d36-2f3d2f1f0a11" });
  });
});

describe("the coordinator calendar's entries", () => {
  it("lists the organisation's requests of the shown days with how full each is, filtered by activity, never another organisation's", async () => {
    const actor: Actor = await coordinator(t.db);
    const driving = (await activityByKey(t.db)).id;
    const german = (await activityByKey(t.db, "german")).id;
    const made: string[] = [];
    for (const [activityId, startsAt, endsAt] of [
      [driving, "2030-03-26T09:00", "2030-03-26T11:00"],
      [german, "2030-03-31T02:30", "2030-03-31T04:00"], // the night the clocks go forward
      [driving, "2030-04-01T00:30", "2030-04-01T01:30"], // next month (and next week)
    ] as const) {
      const r = await createAndSendRequest(t.db, actor, requestInput(activityId, { startsAt, endsAt, helpersNeeded: 2 }));
      if (!r.ok) throw new Error(JSON.stringify(r));
      made.push(r.requestId);
    }
    const { activity } = await secondOrganization(t.db);
    const foreign = await createAndSendRequest(t.db, await coordinator(t.db, "andere@example.org", activity.organizationId), requestInput(activity.id, { startsAt: "2030-03-27T09:00", endsAt: "2030-03-27T10:00" }));
    expect(foreign.ok).toBe(true);

    const week = await listCalendarEntries(t.db, actor, calendarRange("week", "2030-03-27"), "Europe/Berlin", null);
    expect(week.entries.map((e) => [e.id, e.day])).toEqual([
      [made[0], "2030-03-26"],
      [made[1], "2030-03-31"],
    ]);
    expect(week.entries[0]).toMatchObject({ acceptedCount: 0, helpersNeeded: 2, status: "open" });
    expect(fillOf(week.entries[0])).toBe("empty");
    const month = await listCalendarEntries(t.db, actor, calendarRange("month", "2030-03-01"), "Europe/Berlin", null);
    // March 2030 ends on a Sunday: its grid ends there, the 1 April request is April's
    expect(month.entries.map((e) => e.id)).toEqual([made[0], made[1]]);
    // April's grid starts on Monday 1 April 00:00 Berlin time (22:00 UTC the day before)
    expect((await listCalendarEntries(t.db, actor, calendarRange("month", "2030-04-10"), "Europe/Berlin", null)).entries.map((e) => [e.id, e.day])).toEqual([[made[2], "2030-04-01"]]);
    const onlyDriving = await listCalendarEntries(t.db, actor, calendarRange("week", "2030-03-27"), "Europe/Berlin", driving);
    expect(onlyDriving.entries.map((e) => e.id)).toEqual([made[0]]);
    expect(fillOf({ status: "filled", acceptedCount: 2, helpersNeeded: 2 })).toBe("full");
    expect(fillOf({ status: "open", acceptedCount: 1, helpersNeeded: 2 })).toBe("partial");
    expect(fillOf({ status: "cancelled", acceptedCount: 1, helpersNeeded: 2 })).toBe("cancelled");
  });
});
