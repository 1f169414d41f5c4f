import { describe, expect, it } from "vitest";
import { daysOfStoredRule, occurrenceDays, occurrenceTimes, ruleText, type RecurrenceSpec } from "@/lib/series/recurrence";
import { parseSeriesInput } from "@/lib/series/schema";

const spec = (over: Partial<RecurrenceSpec> = {}): RecurrenceSpec => ({
  firstDate: "2026-03-17",
  frequency: "weekly",
  interval: 1,
  weekdays: [],
  monthlyNth: 1,
  monthlyWeekday: 2,
  untilDate: null,
  count: 4,
  ...over,
});
const days = (sp: RecurrenceSpec, max = 104) => {
  const r = occurrenceDays(sp, max);
  if (!r.ok) throw new Error(r.error);
  return r.days;
};
const BERLIN = "Europe/Berlin";

describe("recurrence of a series (rrule over local days)", () => {
  it("repeats weekly on the first day's weekday, every n weeks, and on several weekdays", () => {
    expect(days(spec())).toEqual(["2026-03-17", "2026-03-24", "2026-03-31", "2026-04-07"]);
    expect(days(spec({ interval: 2 }))).toEqual(["2026-03-17", "2026-03-31", "2026-04-14", "2026-04-28"]);
    expect(days(spec({ weekdays: [2, 4], count: 4 }))).toEqual(["2026-03-17", "2026-03-19", "2026-03-24", "2026-03-26"]);
    expect(days(spec({ count: null, untilDate: "2026-03-31" }))).toEqual(["2026-03-17", "2026-03-24", "2026-03-31"]);
  });

  it("repeats monthly on the n-th and the last weekday, skipping months without a fifth one", () => {
    expect(days(spec({ frequency: "monthly", monthlyNth: 2, monthlyWeekday: 6, count: 3, firstDate: "2026-01-01" }))).toEqual(["2026-01-10", "2026-02-14", "2026-03-14"]);
    // 2026: a fifth Tuesday only in March, June, September and December
    expect(days(spec({ frequency: "monthly", monthlyNth: 5, monthlyWeekday: 2, count: null, untilDate: "2026-12-31", firstDate: "2026-01-01" }))).toEqual([
      "2026-03-31",
      "2026-06-30",
      "2026-09-29",
      "2026-12-29",
    ]);
    expect(days(spec({ frequency: "monthly", monthlyNth: -1, monthlyWeekday: 5, count: 2, firstDate: "2026-02-01" }))).toEqual(["2026-02-27", "2026-03-27"]);
  });

  it("stores the rule as RRULE text that gives the same days again", () => {
    const sp = spec({ interval: 2, weekdays: [2], count: 5 });
    expect(ruleText(sp)).toContain("FREQ=WEEKLY");
    expect(ruleText(sp)).toContain("BYDAY=TU");
    expect(daysOfStoredRule(ruleText(sp), sp.firstDate, 104)).toEqual(days(sp));
  });

  it("refuses a rule that never ends, yields more than the maximum, or yields nothing", () => {
    expect(occurrenceDays(spec({ count: null, untilDate: null }), 104)).toEqual({ ok: false, error: "never_ends" });
    expect(occurrenceDays(spec({ count: 105 }), 104)).toEqual({ ok: false, error: "too_many" });
    expect(occurrenceDays(spec({ count: null, untilDate: "2030-12-31" }), 104)).toEqual({ ok: false, error: "too_many" });
    expect(occurrenceDays(spec({ count: 104 }), 104)).toMatchObject({ ok: true });
    expect(occurrenceDays(spec({ frequency: "monthly", monthlyNth: 5, monthlyWeekday: 2, count: null, untilDate: "2026-05-31", firstDate: "2026-04-01" }), 104)).toEqual({ ok: false, error: "none" });
  });

  it("keeps 09:00 local across both clock changes in Europe/Berlin", () => {
    // spring: 29 March 2026 (UTC+1 → UTC+2); autumn: 25 October 2026 (UTC+2 → UTC+1)
    expect(occurrenceTimes("2026-03-24", "09:00", "11:00", BERLIN)!.startsAt.toISOString()).toBe("2026-03-24T08:00:00.000Z");
    expect(occurrenceTimes("2026-03-31", "09:00", "11:00", BERLIN)!.startsAt.toISOString()).toBe("2026-03-31T07:00:00.000Z");
    expect(occurrenceTimes("2026-10-20", "09:00", "11:00", BERLIN)!.startsAt.toISOString()).toBe("2026-10-20T07:00:00.000Z");
    expect(occurrenceTimes("2026-10-27", "09:00", "11:00", BERLIN)!.endsAt.toISOString()).toBe("2026-10-27T10:00:00.000Z");
    // a series on the very days of the change: Sunday mornings
    const sundays = days(spec({ firstDate: "2026-03-22", count: 2 })).map((d) => occurrenceTimes(d, "09:00", "10:00", BERLIN)!.startsAt.toISOString());
    expect(sundays).toEqual(["2026-03-22T08:00:00.000Z", "2026-03-29T07:00:00.000Z"]);
    const autumn = days(spec({ firstDate: "2026-10-18", count: 2 })).map((d) => occurrenceTimes(d, "09:00", "10:00", BERLIN)!.startsAt.toISOString());
    expect(autumn).toEqual(["2026-10-18T07:00:00.000Z", "2026-10-25T08:00:00.000Z"]);
  });
});

describe("series input", () => {
  const now = new Date("2026-03-10T10:00:00Z");
  const base = {
    activityId: "6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
    title: "Deutschkurs",
    helpersNeeded: "2",
    firstDate: "2026-03-17",
    startTime: "09:00",
    endTime: "11:00",
    frequency: "weekly",
    interval: "1",
    ends: "count",
    count: "10",
  };
  const parse = (over: Record<string, unknown>) => parseSeriesInput({ ...base, ...over }, { timeZone: BERLIN, now, max: 104, defaultLeadDays: 7 });

  it("lists the occurrences with the default lead time", () => {
    const r = parse({});
    expect(r.ok && r.data.occurrences.length).toBe(10);
    expect(r.ok && r.data.leadDays).toBe(7);
  });

  it("gives field errors for every bad part at once", () => {
    const r = parse({ title: "", endTime: "08:59", ends: "until", untilDate: "2026-03-01", count: "" });
    expect(r).toMatchObject({ ok: false, fieldErrors: { title: "required", endTime: "end_before_start", untilDate: "until_before_start" } });
    expect(parse({ startTime: "25:00" })).toMatchObject({ ok: false, fieldErrors: { startTime: "invalid_time" } });
    expect(parse({ ends: "x" })).toMatchObject({ ok: false, fieldErrors: { ends: "never_ends" } });
    expect(parse({ leadDays: "61" })).toMatchObject({ ok: false, fieldErrors: { leadDays: "lead_days_range" } });
    expect(parse({ frequency: "monthly", monthlyNth: "0" })).toMatchObject({ ok: false, fieldErrors: { monthlyNth: "nth_invalid" } });
  });
});
