import { describe, expect, it } from "vitest";
import { analyzeSms, fitOneSegment } from "@/lib/messaging/sms-segments";
import { partOfDayAt, slotOf } from "@/lib/requests/matching";
import { parseRequestInput } from "@/lib/requests/schema";
import { toLocalInput, zonedLocalToUtc } from "@/lib/time-zone";

describe("organisation time zone", () => {
  it("turns Berlin wall-clock times into instants in winter and summer", () => {
    expect(zonedLocalToUtc("2026-01-15T09:00", "Europe/Berlin")!.toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T09:00", "Europe/Berlin")!.toISOString()).toBe("2026-07-15T07:00:00.000Z");
    expect(toLocalInput(new Date("2026-07-15T07:00:00Z"), "Europe/Berlin")).toBe("2026-07-15T09:00");
  });

  it("handles the clock changes without losing an hour", () => {
    // 29 March 2026: 02:00 → 03:00; 02:30 does not exist and moves forward
    expect(zonedLocalToUtc("2026-03-29T03:30", "Europe/Berlin")!.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(zonedLocalToUtc("2026-03-29T01:30", "Europe/Berlin")!.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(zonedLocalToUtc("2026-03-29T02:30", "Europe/Berlin")!.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 25 October 2026: 02:30 happens twice; the earlier one is taken
    expect(zonedLocalToUtc("2026-10-25T02:30", "Europe/Berlin")!.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("refuses impossible or malformed times", () => {
    for (const bad of ["2026-02-30T09:00", "2026-13-01T09:00", "2026-01-01T24:00", "morgen", "2026-01-01"]) {
      expect(zonedLocalToUtc(bad, "Europe/Berlin")).toBeNull();
    }
  });

  it("splits the day at 12:00 and 17:00 and uses the local weekday", () => {
    expect([partOfDayAt(0), partOfDayAt(11), partOfDayAt(12), partOfDayAt(16), partOfDayAt(17), partOfDayAt(23)]).toEqual(["morning", "morning", "afternoon", "afternoon", "evening", "evening"]);
    // Sunday 23:30 UTC is Monday 00:30 in Berlin (winter)
    expect(slotOf(new Date("2026-01-11T23:30:00Z"), "Europe/Berlin")).toEqual({ weekday: 1, partOfDay: "morning" });
  });

  it("reads the form's times in the organisation's zone", () => {
    const r = parseRequestInput(
      { activityId: "00000000-0000-4000-8000-000000000000", title: "x", startsAt: "2099-01-15T09:00", endsAt: "2099-01-15T10:00", helpersNeeded: "2" },
      { timeZone: "America/New_York" },
    );
    expect(r.ok && r.data.startsAt.toISOString()).toBe("2099-01-15T14:00:00.000Z");
  });
});

describe("SMS length", () => {
  it("counts GSM-7 (umlauts included) and switches to UCS-2 for other characters", () => {
    expect(analyzeSms("Grüße aus Köln, Straße")).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(analyzeSms("a".repeat(160)).segments).toBe(1);
    expect(analyzeSms("a".repeat(161)).segments).toBe(2);
    expect(analyzeSms("€".repeat(80))).toMatchObject({ characters: 160, segments: 1 });
    expect(analyzeSms("Привет")).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(analyzeSms("ş".repeat(71)).segments).toBe(2);
  });

  it("shortens the title so that an SMS with its link fits one segment", () => {
    const link = "https://helferruf.example.org/r/" + "x".repeat(43);
    const build = (title: string) => `Helferkreis: Hilfe gesucht - ${title}, Di., 02.12., 09:00. Bitte antworten: ${link}`;
    const text = fitOneSegment(build, "Begleitung einer Familie mit drei Kindern zur Ausländerbehörde und danach zum Jobcenter");
    expect(analyzeSms(text).segments).toBe(1);
    expect(text).toContain(link);
    expect(text).toContain("Begleitung");
    expect(fitOneSegment(build, "Fahrt")).toBe(build("Fahrt"));
  });
});

describe("SMS length of typographic text", () => {
  const link = "https://helferruf.example.org/r/" + "x".repeat(43);
  const build = (title: string) => `Helferkreis: Hilfe gesucht - ${title}, Di., 02.12., 09:00. Bitte antworten: ${link}`;
  const title = "„Fahrt“ – zum Amt";

  it("counts „typographic quotes“ and a – dash as GSM-7, as the transport sends them", () => {
    expect(analyzeSms(build(title))).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("does not shorten a title with „quotes“ and – that fits one GSM-7 segment", () => {
    expect(fitOneSegment(build, title)).toBe(build(title));
  });

  it("shortens a long typographic title to one GSM-7 segment, not to a UCS-2 one", () => {
    const long = "„Begleitung“ – einer Familie mit drei Kindern zur Ausländerbehörde und danach zum Jobcenter";
    const text = fitOneSegment(build, long);
    expect(analyzeSms(text)).toMatchObject({ encoding: "GSM-7", segments: 1 });
    // a UCS-2 count (70 per segment) could never fit the link and would cut the title to 8 characters
    expect(text).toContain("„Begleitung“ –...");
  });
});
