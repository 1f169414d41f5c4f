import ICAL from "ical.js";
import { expect } from "vitest";

/**
 * Parses a calendar file with ical.js (the strict parser of Thunderbird) and returns its one
 * event's fields. Fails the test when the file is not valid RFC 5545 as ical.js reads it, when
 * a line is longer than 75 octets, when a line does not end in CRLF, or when there is not
 * exactly one VEVENT.
 */
export function parseIcs(text: string) {
  expect(text.endsWith("\r\n")).toBe(true);
  for (const line of text.slice(0, -2).split("\r\n")) {
    expect(Buffer.byteLength(line, "utf8"), `line too long: ${line}`).toBeLessThanOrEqual(75);
    expect(line).not.toMatch(/[\r\n]/);
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  // the file's own VTIMEZONE gives its TZID times their instants (as calendar apps read them)
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents("vevent");
  expect(events).toHaveLength(1);
  const vevent = events[0];
  const event = new ICAL.Event(vevent);
  const text1 = (name: string) => {
    const v = vevent.getFirstPropertyValue(name);
    return v === null || v === undefined ? null : String(v);
  };
  return {
    calendar,
    vevent,
    method: calendar.getFirstPropertyValue("method") as string | null,
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: text1("status"),
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    organizer: text1("organizer"),
    attendee: text1("attendee"),
    /** every property name of the event (an injected line would show up here) */
    propertyNames: vevent.getAllProperties().map((p) => p.name),
    alarms: vevent.getAllSubcomponents("valarm").length,
  };
}

/**
 * Parses a calendar with any number of events (the personal feed) as strictly as parseIcs: CRLF,
 * 75-octet lines, valid for ical.js, its VTIMEZONEs registered. Returns the calendar's name and
 * each event's fields.
 */
export function parseIcsCalendar(text: string) {
  expect(text.endsWith("\r\n")).toBe(true);
  for (const line of text.slice(0, -2).split("\r\n")) {
    expect(Buffer.byteLength(line, "utf8"), `line too long: ${line}`).toBeLessThanOrEqual(75);
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description,
      status: vevent.getFirstPropertyValue("status") === null ? null : String(vevent.getFirstPropertyValue("status")),
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
    };
  });
  return {
    method: calendar.getFirstPropertyValue("method") as string | null,
    name: calendar.getFirstPropertyValue("x-wr-calname") as string | null,
    timezones: calendar.getAllSubcomponents("vtimezone").length,
    events,
  };
}
