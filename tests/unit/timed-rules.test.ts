import { describe, expect, it } from "vitest";
import { cronAuthorized } from "@/app/api/cron/route";
import { quietHoursOf, reminderHoursOf, retentionOf } from "@/lib/organizations/settings-schema";
import { smsNotBefore } from "@/lib/requests/quiet-hours";
import { nextWaveTime } from "@/lib/requests/waves";
import { emptyFormValues, parseVolunteerForm } from "@/lib/volunteers/schema";

const BERLIN = "Europe/Berlin";
const farStart = new Date(Date.UTC(2026, 11, 10, 9));

describe("quiet hours", () => {
  it("holds an SMS written at 23:30 until 07:00 the next morning", () => {
    expect(smsNotBefore(new Date(Date.UTC(2026, 11, 1, 22, 30)), BERLIN, farStart)?.toISOString()).toBe("2026-12-02T06:00:00.000Z");
  });
  it("holds an SMS written at 03:00 until 07:00 the same morning (summer time too)", () => {
    expect(smsNotBefore(new Date(Date.UTC(2026, 6, 1, 1, 0)), BERLIN, new Date(Date.UTC(2026, 6, 10)))?.toISOString()).toBe("2026-07-01T05:00:00.000Z");
  });
  it("sends at once during the day", () => {
    expect(smsNotBefore(new Date(Date.UTC(2026, 11, 1, 11)), BERLIN, farStart)).toBeUndefined();
  });
  it("sends at once at night when the request starts within the next few hours", () => {
    const now = new Date(Date.UTC(2026, 11, 1, 22, 30));
    expect(smsNotBefore(now, BERLIN, new Date(now.getTime() + 3 * 3_600_000))).toBeUndefined();
    expect(smsNotBefore(now, BERLIN, new Date(now.getTime() + 3 * 3_600_000), quietHoursOf({ quietHours: { start: 21, end: 7, urgentWithinHours: 1 } }))).toBeDefined();
  });
  it("reads the organisation's own window and ignores nonsense", () => {
    expect(quietHoursOf({ quietHours: { start: 22, end: 6 } })).toEqual({ start: 22, end: 6, urgentWithinHours: 4 });
    expect(quietHoursOf({ quietHours: { start: 99, end: -1 } })).toEqual({ start: 21, end: 7, urgentWithinHours: 4 });
  });
});

describe("settings with defaults", () => {
  it("reminds 24 h and 2 h before by default, else the organisation's hours", () => {
    expect(reminderHoursOf({})).toEqual([24, 2]);
    expect(reminderHoursOf({ reminderHours: [3, 48] })).toEqual([48, 3]);
  });
  it("keeps message bodies 90 days and volunteers 24 months by default", () => {
    expect(retentionOf({})).toEqual({ unconfirmedDays: 7, messageBodyDays: 90, inactiveMonths: 24, inactiveNoticeDays: 30, auditIpDays: 90 });
    expect(retentionOf({ retention: { messageBodyDays: 30, inactiveMonths: 12 } })).toMatchObject({ messageBodyDays: 30, inactiveMonths: 12 });
  });
});

describe("next wave", () => {
  const r = { waveSize: 2, waveIntervalMinutes: 30, waveDeadline: null, startsAt: farStart, wavesStopped: false };
  const now = new Date(Date.UTC(2026, 11, 1, 12));
  it("is due an interval later after a full wave", () => {
    expect(nextWaveTime(r, now, 2)?.getTime()).toBe(now.getTime() + 30 * 60_000);
  });
  it("is not planned when matching ran out, the deadline passed or waves were stopped", () => {
    expect(nextWaveTime(r, now, 1)).toBeNull();
    expect(nextWaveTime({ ...r, waveDeadline: new Date(now.getTime() - 1) }, now, 2)).toBeNull();
    expect(nextWaveTime({ ...r, wavesStopped: true }, now, 2)).toBeNull();
  });
});

describe("cron secret", () => {
  it("accepts only the exact bearer secret", () => {
    expect(cronAuthorized("Bearer s3cret-s3cret-s3cret", "s3cret-s3cret-s3cret")).toBe(true);
    expect(cronAuthorized("Bearer wrong", "s3cret-s3cret-s3cret")).toBe(false);
    expect(cronAuthorized(null, "s3cret-s3cret-s3cret")).toBe(false);
    expect(cronAuthorized("s3cret-s3cret-s3cret", "s3cret-s3cret-s3cret")).toBe(false);
    expect(cronAuthorized("Bearer x", undefined)).toBe(false);
  });
});

describe("weekly limit in the profile", () => {
  const base = { ...emptyFormValues, firstName: "Ada", lastName: "Muster", email: "ada@example.net", contactPreference: "email", activities: ["00000000-0000-4000-8000-000000000001"], flexible: true, consent: true };
  it("blank means no limit; 1–50 is kept; anything else is a field error", () => {
    const p = (v: string) => parseVolunteerForm({ ...base, maxRequestsPerWeek: v }, "profile");
    expect(p("")).toMatchObject({ ok: true, data: { maxRequestsPerWeek: null } });
    expect(p("3")).toMatchObject({ ok: true, data: { maxRequestsPerWeek: 3 } });
    expect(p("0")).toMatchObject({ ok: false, errors: { maxRequestsPerWeek: "max_per_week_invalid" } });
    expect(p("51")).toMatchObject({ ok: false, errors: { maxRequestsPerWeek: "max_per_week_invalid" } });
  });
});
