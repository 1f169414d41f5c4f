import { describe, expect, it } from "vitest";
import { firstOverlap, rangesOverlap } from "@/lib/shifts/overlap";
import { intentOf, parseShiftPlan, shiftPlanRawFromFormData } from "@/lib/shifts/schema";

const TZ = "Europe/Berlin";
const NOW = new Date("2026-12-01T10:00:00Z");
const ACT = "5f0c6f0e-4a63-4f6c-9b51-0f0d4f1e2a3b";
const slot = (start: string, end: string, over: Record<string, string> = {}) => ({ start, end, activityId: ACT, helpersNeeded: "3", ...over });
const plan = (over: Record<string, unknown> = {}) => ({ title: "Kleiderkammer Samstag", day: "2026-12-12", place: "Gemeindehaus", details: "", slots: [slot("09:00", "12:00"), slot("12:00", "15:00"), slot("15:00", "18:00", { helpersNeeded: "2" })], ...over });
const at = (iso: string) => new Date(iso);

describe("the shift-plan form parser", () => {
  it("turns a day and three slots into instants in the organisation's zone", () => {
    const r = parseShiftPlan(plan(), { timeZone: TZ, now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.slots.map((x) => [x.startsAt.toISOString(), x.endsAt.toISOString(), x.helpersNeeded])).toEqual([
      ["2026-12-12T08:00:00.000Z", "2026-12-12T11:00:00.000Z", 3],
      ["2026-12-12T11:00:00.000Z", "2026-12-12T14:00:00.000Z", 3],
      ["2026-12-12T14:00:00.000Z", "2026-12-12T17:00:00.000Z", 2],
    ]);
  });

  it("uses the summer offset on a summer day (DST)", () => {
    const r = parseShiftPlan(plan({ day: "2027-07-03", slots: [slot("09:00", "12:00")] }), { timeZone: TZ, now: NOW });
    expect(r.ok && r.data.slots[0].startsAt.toISOString()).toBe("2027-07-03T07:00:00.000Z");
  });

  it("ignores rows left empty and keeps the row number of the others", () => {
    const r = parseShiftPlan(plan({ slots: [{}, slot("09:00", "12:00"), { helpersNeeded: "3" }] }), { timeZone: TZ, now: NOW });
    expect(r.ok && r.data.slots.map((x) => x.row)).toEqual([1]);
  });

  it("refuses a slot that ends before (or when) it starts, next to that row's end", () => {
    const r = parseShiftPlan(plan({ slots: [slot("09:00", "12:00"), slot("15:00", "12:00"), slot("13:00", "13:00")] }), { timeZone: TZ, now: NOW });
    expect(r).toEqual({ ok: false, fieldErrors: { "slot.1.end": "end_before_start", "slot.2.end": "end_before_start" } });
  });

  it("refuses a plan without any slot", () => {
    const r = parseShiftPlan(plan({ slots: [{}, {}, {}] }), { timeZone: TZ, now: NOW });
    expect(r).toEqual({ ok: false, fieldErrors: { slots: "no_slots" } });
  });

  it("names every wrong field at once: title, day, times, activity, number", () => {
    const r = parseShiftPlan({ title: " ", day: "2026-02-30", slots: [{ start: "9 Uhr", end: "25:00", activityId: "fahren", helpersNeeded: "0" }] }, { timeZone: TZ, now: NOW });
    expect(r).toEqual({
      ok: false,
      fieldErrors: { title: "required", day: "invalid_date", "slot.0.start": "invalid_time", "slot.0.end": "invalid_time", "slot.0.activityId": "activity_unknown", "slot.0.helpersNeeded": "helpers_range" },
    });
  });

  it("refuses a slot that has started already, and more than 20 slots", () => {
    expect(parseShiftPlan(plan({ day: "2026-12-01", slots: [slot("09:00", "12:00")] }), { timeZone: TZ, now: NOW })).toEqual({ ok: false, fieldErrors: { "slot.0.start": "start_in_past" } });
    const many = Array.from({ length: 21 }, (_, i) => slot(`${String(i % 10).padStart(2, "0")}:00`, `${String((i % 10) + 1).padStart(2, "0")}:00`));
    expect(parseShiftPlan(plan({ slots: many }), { timeZone: TZ, now: NOW })).toMatchObject({ ok: false, fieldErrors: { slots: "too_many_slots" } });
  });

  it("reads the form's numbered rows and the pressed button", () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ title: "T", day: "2026-12-12", slotCount: "2", "slot.0.start": "09:00", "slot.0.end": "12:00", "slot.0.activityId": ACT, "slot.0.helpersNeeded": "3", "slot.1.start": "", intent: "remove:1" })) fd.set(k, v);
    const raw = shiftPlanRawFromFormData(fd);
    expect(raw.slots).toHaveLength(2);
    expect(raw.slots?.[0]).toEqual({ start: "09:00", end: "12:00", activityId: ACT, helpersNeeded: "3" });
    expect(intentOf(fd)).toEqual({ kind: "remove", row: 1 });
    fd.set("intent", "add");
    expect(intentOf(fd)).toEqual({ kind: "add" });
    fd.set("intent", "remove:x; drop table");
    expect(intentOf(fd)).toEqual({ kind: "create" });
  });
});

describe("the no-overlap rule", () => {
  const morning = { startsAt: at("2026-12-12T08:00:00Z"), endsAt: at("2026-12-12T11:00:00Z") };
  const noon = { startsAt: at("2026-12-12T11:00:00Z"), endsAt: at("2026-12-12T14:00:00Z") };
  const lateMorning = { startsAt: at("2026-12-12T10:00:00Z"), endsAt: at("2026-12-12T12:00:00Z") };
  const inside = { startsAt: at("2026-12-12T09:00:00Z"), endsAt: at("2026-12-12T10:00:00Z") };

  it("lets back-to-back shifts through (12:00 end, 12:00 start)", () => {
    expect(rangesOverlap(morning, noon)).toBe(false);
    expect(rangesOverlap(noon, morning)).toBe(false);
  });

  it("finds a partial overlap, a shift inside another and the same shift, in either order", () => {
    expect(rangesOverlap(morning, lateMorning)).toBe(true);
    expect(rangesOverlap(lateMorning, noon)).toBe(true);
    expect(rangesOverlap(inside, morning)).toBe(true);
    expect(rangesOverlap(morning, inside)).toBe(true);
    expect(rangesOverlap(morning, morning)).toBe(true);
  });

  it("names the first taken shift a candidate overlaps", () => {
    expect(firstOverlap(lateMorning, [noon, morning])).toBe(noon);
    expect(firstOverlap(inside, [noon])).toBeNull();
  });
});
