import { describe, expect, it } from "vitest";
import { escapeText, foldLine, writeIcs, type IcsEvent } from "@/lib/calendar/ics";
import { calendarCancellation, calendarFile, type MessageOrg, type MessageRequest } from "@/lib/requests/messages";
import { parseIcs } from "../helpers/ics";

const base: IcsEvent = {
  uid: "0b7c6f1e-1111-4222-8333-944445555666@helferruf",
  sequence: 0,
  method: "REQUEST",
  status: "CONFIRMED",
  summary: "Fahrt zur Ausländerbehörde",
  start: new Date("2026-12-01T08:00:00Z"),
  end: new Date("2026-12-01T10:00:00Z"),
  stamp: new Date("2026-11-20T12:00:00Z"),
  organizer: { name: "Helferkreis Musterstadt", email: "helfen@example.org" },
  attendee: { email: "anna@example.net" },
  alarm: { minutesBefore: 120, description: "In 2 Stunden" },
};

const org: MessageOrg = { id: "org", name: "Helferkreis, Musterstadt; e.V.", timeZone: "Europe/Berlin", smsSenderName: null };
const request: MessageRequest = {
  id: "r",
  title: "Fahrt; zur, Behörde \\ Termin",
  details: "Zeile 1\nZeile 2",
  place: "Hauptstr. 1, 12345 Musterstadt",
  startsAt: new Date("2026-07-01T07:00:00Z"),
  endsAt: new Date("2026-07-01T09:00:00Z"),
  helpersNeeded: 2,
  acceptedCount: 1,
  activityNameDe: "Fahrdienst",
  activityNameEn: "Driving",
  revision: 3,
  briefing: { meetingPoint: "Haupteingang", contactName: "Frau Kaya", contactPhone: "+4915112345678", whatToBring: "Ausweis" },
};

describe("the calendar writer (RFC 5545)", () => {
  it("writes a file ical.js parses, with UID, SEQUENCE, METHOD, UTC times and an ORGANIZER with a mailto value", () => {
    const e = parseIcs(writeIcs(base));
    expect(e).toMatchObject({ method: "REQUEST", uid: base.uid, sequence: 0, status: "CONFIRMED", summary: base.summary, organizer: "mailto:helfen@example.org", attendee: "mailto:anna@example.net", alarms: 1 });
    expect(e.start.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(e.end.toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });

  it("leaves ORGANIZER out rather than writing one without a mailto value", () => {
    expect(writeIcs({ ...base, organizer: null })).not.toContain("ORGANIZER");
    expect(writeIcs({ ...base, organizer: { name: "X", email: "not an address" } })).not.toContain("ORGANIZER");
    expect(writeIcs({ ...base, organizer: { name: "X", email: "a@b.org\r\nATTENDEE:mailto:evil@x" } })).not.toContain("ORGANIZER");
    expect(parseIcs(writeIcs({ ...base, organizer: null })).organizer).toBeNull();
  });

  it("escapes backslash, semicolon, comma and newlines in every TEXT value and reads them back as typed", () => {
    const typed = "a\\b;c,d\ne";
    expect(escapeText(typed)).toBe("a\\\\b\\;c\\,d\\ne");
    const e = parseIcs(writeIcs({ ...base, summary: typed, description: typed, location: typed }));
    expect(e.summary).toBe(typed);
    expect(e.description).toBe(typed);
    expect(e.location).toBe(typed);
  });

  it("never lets CR, LF or other control characters start a property of their own", () => {
    const attack = "Fahrt\r\nATTENDEE:mailto:evil@example.com\rX-INJECTED:1\u0000\u000b\u001f\u007f\u2028END:VEVENT";
    const text = writeIcs({ ...base, summary: attack, description: attack, location: attack, uid: `x\r\nX-UID:1`, organizer: { name: `Org"\r\nX-ORG:1`, email: "helfen@example.org" } });
    const e = parseIcs(text);
    expect(e.propertyNames.filter((n) => n === "attendee")).toHaveLength(1);
    expect(e.propertyNames.some((n) => n.startsWith("x-"))).toBe(false);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(e.summary).toContain("ATTENDEE:mailto:evil@example.com");
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const long = "Ü".repeat(100) + "🚗".repeat(30) + "a".repeat(200);
    const folded = foldLine(`SUMMARY:${long}`);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.split("\r\n").slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(parseIcs(writeIcs({ ...base, summary: long })).summary).toBe(long);
  });

  it("writes METHOD:CANCEL with STATUS:CANCELLED and no alarm", () => {
    const e = parseIcs(writeIcs({ ...base, method: "CANCEL", status: "CANCELLED", sequence: 4 }));
    expect(e).toMatchObject({ method: "CANCEL", status: "CANCELLED", sequence: 4, alarms: 0 });
  });

  it("leaves METHOD out of a file to import (the download)", () => {
    expect(parseIcs(writeIcs({ ...base, method: null })).method).toBeNull();
  });
});

describe("a request's calendar entries", () => {
  it("keep one UID per invitation, SEQUENCE = revision, and the cancellation one step above", () => {
    const file = parseIcs(calendarFile(org, request, "de", "inv-1", { method: "REQUEST", attendeeEmail: "anna@example.net" }));
    const again = parseIcs(calendarFile(org, { ...request, revision: 4 }, "en", "inv-1", { method: "REQUEST" }));
    const cancel = parseIcs(calendarCancellation(org, { ...request, revision: 4 }, "de", "inv-1"));
    expect(file.uid).toBe("inv-1@helferruf");
    expect(again.uid).toBe(file.uid);
    expect(cancel.uid).toBe(file.uid);
    expect([file.sequence, again.sequence, cancel.sequence]).toEqual([3, 4, 5]);
    expect(cancel).toMatchObject({ method: "CANCEL", status: "CANCELLED" });
  });

  it("carry the typed title and place as typed, the local time with the zone, and the briefing", () => {
    const e = parseIcs(calendarFile(org, request, "de", "inv-1"));
    expect(e.summary).toBe(request.title);
    expect(e.location).toBe(request.place);
    expect(e.description).toContain("09:00");
    expect(e.description).toContain("Europe/Berlin");
    expect(e.description).toContain("Haupteingang");
    expect(e.description).toContain("+4915112345678");
    expect(e.start.toISOString()).toBe("2026-07-01T07:00:00.000Z");
  });

  it("parse in every volunteer language", () => {
    for (const locale of ["de", "en", "ar", "fa", "uk", "ru", "tr"] as const) {
      expect(parseIcs(calendarFile(org, request, locale, "inv-1")).summary).toBe(request.title);
      expect(parseIcs(calendarCancellation(org, request, locale, "inv-1")).status).toBe("CANCELLED");
    }
  });
});

describe("times in the organisation's time zone", () => {
  it.each([
    ["winter (CET)", "2026-12-01T08:00:00Z", "20261201T090000"],
    ["summer (CEST)", "2026-07-01T07:00:00Z", "20260701T090000"],
  ])("writes DTSTART with TZID and a VTIMEZONE that gives the same instant: %s", (_, iso, local) => {
    const start = new Date(iso);
    const text = writeIcs({ ...base, start, end: new Date(start.getTime() + 2 * 3_600_000), timeZone: "Europe/Berlin" });
    expect(text).toContain(`DTSTART;TZID=Europe/Berlin:${local}`);
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin");
    expect(text).toContain("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200");
    const e = parseIcs(text);
    expect(e.start.toISOString()).toBe(start.toISOString());
    expect(e.end.getTime() - e.start.getTime()).toBe(2 * 3_600_000);
  });

  it("writes a local time that occurs twice (the night the clocks go back) as a UTC instant", () => {
    const start = new Date("2026-10-25T00:30:00Z"); // 02:30 CEST, and 02:30 CET an hour later
    const text = writeIcs({ ...base, start, end: new Date("2026-10-25T03:00:00Z"), timeZone: "Europe/Berlin" });
    expect(text).toContain("DTSTART:20261025T003000Z");
    expect(text).toContain("DTEND;TZID=Europe/Berlin:20261025T040000");
    const e = parseIcs(text);
    expect(e.start.toISOString()).toBe(start.toISOString());
    expect(e.end.toISOString()).toBe("2026-10-25T03:00:00.000Z");
  });

  it("finds both instants of the repeated hour, and only those, also for a half-hour change (Lord Howe)", () => {
    const stamp = (iso: string, zone: string) => /DTSTART[^\r]*/.exec(writeIcs({ ...base, start: new Date(iso), end: new Date(new Date(iso).getTime() + 3_600_000), timeZone: zone }).split("BEGIN:VEVENT")[1])![0];
    // 02:30 CET, the second time that night: UTC too; the minutes around the repeated hour keep their zone
    expect(stamp("2026-10-25T01:30:00Z", "Europe/Berlin")).toBe("DTSTART:20261025T013000Z");
    expect(stamp("2026-10-24T23:59:00Z", "Europe/Berlin")).toBe("DTSTART;TZID=Europe/Berlin:20261025T015900");
    expect(stamp("2026-10-25T02:00:00Z", "Europe/Berlin")).toBe("DTSTART;TZID=Europe/Berlin:20261025T030000");
    // spring forward: nothing repeats
    expect(stamp("2026-03-29T01:30:00Z", "Europe/Berlin")).toBe("DTSTART;TZID=Europe/Berlin:20260329T033000");
    // Lord Howe Island goes back half an hour (02:00 +11 → 01:30 +10:30, 2026-04-05): 01:45 local occurs twice
    expect(stamp("2026-04-04T14:45:00Z", "Australia/Lord_Howe")).toBe("DTSTART:20260404T144500Z");
    expect(stamp("2026-04-04T15:15:00Z", "Australia/Lord_Howe")).toBe("DTSTART:20260404T151500Z");
    expect(stamp("2026-04-04T15:45:00Z", "Australia/Lord_Howe")).toBe("DTSTART;TZID=Australia/Lord_Howe:20260405T021500");
  });

  it("gives each zone its own offset for the same instant, also when the offsets it keeps per process are reused", () => {
    const stamp = (iso: string, zone: string) => /DTSTART[^\r]*/.exec(writeIcs({ ...base, start: new Date(iso), end: new Date(new Date(iso).getTime() + 3_600_000), timeZone: zone }).split("BEGIN:VEVENT")[1])![0];
    for (let round = 0; round < 2; round++) {
      expect(stamp("2026-12-08T08:00:00Z", "Europe/Berlin")).toBe("DTSTART;TZID=Europe/Berlin:20261208T090000");
      expect(stamp("2026-12-08T08:00:00Z", "America/New_York")).toBe("DTSTART;TZID=America/New_York:20261208T030000");
      expect(stamp("2026-12-08T08:00:00Z", "Asia/Kolkata")).toBe("DTSTART;TZID=Asia/Kolkata:20261208T133000");
    }
  });

  it("writes one STANDARD observance for a zone without clock changes, and UTC for an unknown zone", () => {
    const kolkata = writeIcs({ ...base, timeZone: "Asia/Kolkata" });
    expect(kolkata).toContain("DTSTART;TZID=Asia/Kolkata:20261201T133000");
    expect(kolkata).toContain("TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530");
    expect(parseIcs(kolkata).start.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    const unknown = writeIcs({ ...base, timeZone: "Mars/Olympus\r\nX:1" });
    expect(unknown).toContain("DTSTART:20261201T080000Z");
    expect(unknown).not.toContain("VTIMEZONE");
  });

  it("the helper's calendar entry is written in the organisation's zone", () => {
    const text = calendarFile(org, request, "de", "inv-1", { method: "REQUEST" });
    expect(text).toContain("DTSTART;TZID=Europe/Berlin:20260701T090000");
    expect(parseIcs(text).start.toISOString()).toBe(request.startsAt.toISOString());
  });
});
