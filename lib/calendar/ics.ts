/**
 * A small iCalendar writer (RFC 5545, with the iTIP methods of RFC 5546) for one event per file.
 * Why our own: the `ics` package wrote `ORGANIZER;CN="…"` without a value (refused by strict
 * parsers such as ical.js, Thunderbird's) and has no METHOD:CANCEL. What it guarantees:
 * - every TEXT value is escaped (`\` `;` `,` newlines) and stripped of control characters, so no
 *   typed title, place or detail can end a line and start a property of its own;
 * - lines are folded at 75 octets (UTF-8, never inside a character), CRLF line ends;
 * - DTSTART/DTEND in the organisation's time zone (`TZID=Europe/Berlin`) with the VTIMEZONE that
 *   RFC 5545 requires beside it, its observances (standard/daylight changes of the event's year
 *   and the year before) read from the runtime's IANA data (Intl); without a valid zone the
 *   times are UTC instants ("…Z").
 */

export type IcsMethod = "PUBLISH" | "REQUEST" | "CANCEL";

export type IcsEvent = {
  /** stable per entry: an update with the same UID and a higher SEQUENCE replaces it */
  uid: string;
  sequence: number;
  /** null: a file to import (no iTIP method), e.g. a download */
  method: IcsMethod | null;
  status: "CONFIRMED" | "CANCELLED";
  summary: string;
  description?: string;
  location?: string;
  start: Date;
  end: Date;
  /** IANA zone the times are written in (the organisation's); UTC when absent or unknown */
  timeZone?: string | null;
  /** when this version was written */
  stamp: Date;
  /** ORGANIZER only with a mailto address (a CN alone is not a valid value) */
  organizer?: { name?: string; email: string } | null;
  attendee?: { email: string } | null;
  url?: string;
  alarm?: { minutesBefore: number; description: string } | null;
};

const PRODID = "-//Helferruf//Helferruf//DE";

/** TEXT escaping of RFC 5545 3.3.11; control characters (incl. a lone CR) never reach the file. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u2028\u2029]/g, " ")
    .replace(/\t/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** A parameter value: quoted, without the characters a quoted parameter cannot hold. */
function paramValue(value: string): string {
  return `"${value.replace(/[\u0000-\u001F\u007F"]/g, "").slice(0, 200)}"`;
}

/** An e-mail address as a mailto URI, or null when it could break the line (CR/LF, spaces, quotes). */
function mailto(email: string): string | null {
  const e = email.trim();
  return /^[^\s"<>;:,\\]+@[^\s"<>;:,\\]+$/.test(e) ? `mailto:${e}` : null;
}

/** 20260212T080000Z */
export function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space. */
export function foldLine(line: string): string {
  // most lines are short: no per-character work for them (the accept path writes ~40 per confirmation)
  if (line.length <= 75 && Buffer.byteLength(line, "utf8") <= 75) return line;
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // the leading space counts
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormats.get(timeZone);
  if (!f) offsetFormats.set(timeZone, (f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })));
  return f;
}

/** The zone's UTC offset at an instant, in minutes (e.g. 60 for CET). */
function offsetMinutes(timeZone: string, at: Date): number {
  // kept per process (a bounded map): every calendar file of a request asks for the same few
  // instants, and formatToParts is the costly part of writing one (issue 19)
  const key = `${timeZone}|${at.getTime()}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const name = offsetFormat(timeZone).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  const minutes = !m || !m[1] ? 0 : (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  if (offsets.size >= OFFSETS_MAX) offsets.clear();
  offsets.set(key, minutes);
  return minutes;
}
const OFFSETS_MAX = 5000;
const offsets = new Map<string, number>();

function isZone(timeZone: string | null | undefined): timeZone is string {
  if (!timeZone || timeZone === "UTC" || !/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timeZone)) return false;
  if (offsetFormats.has(timeZone)) return true;
  try {
    offsetFormat(timeZone); // a zone Intl knows; kept for offsetMinutes
    return true;
  } catch {
    return false;
  }
}

/** Local wall time of an instant at a fixed offset, as an iCalendar DATE-TIME without "Z". */
function wallTime(at: Date, offset: number): string {
  return utcStamp(new Date(at.getTime() + offset * 60_000)).replace(/Z$/, "");
}

/**
 * Whether the local time of `d` occurs twice (the hour the clocks go back): parsers disagree on
 * which one such a TZID time means, so it is written as a UTC instant instead.
 */
function ambiguous(timeZone: string, d: Date): boolean {
  // Another instant t shows the same wall time iff t = d + (offset(d) - offset(t)): so only the
  // zone's other offsets around d can make it ambiguous (a change is never closer than a day to
  // the next one); each is checked at the one instant it would need. A few lookups, not dozens.
  const own = offsetMinutes(timeZone, d);
  const around = new Set([offsetMinutes(timeZone, new Date(d.getTime() - 26 * 3_600_000)), offsetMinutes(timeZone, new Date(d.getTime() + 26 * 3_600_000))]);
  for (const other of around) {
    if (other === own) continue;
    if (offsetMinutes(timeZone, new Date(d.getTime() + (own - other) * 60_000)) === other) return true;
  }
  return false;
}

const offsetText = (min: number) => `${min < 0 ? "-" : "+"}${String(Math.floor(Math.abs(min) / 60)).padStart(2, "0")}${String(Math.abs(min) % 60).padStart(2, "0")}`;

/**
 * The VTIMEZONE for `timeZone` around `at`: every offset change from the start of the year before
 * to the end of the event's year (found day by day, then to the minute), as STANDARD/DAYLIGHT
 * observances with explicit DTSTARTs; a zone without changes gets one STANDARD observance.
 */
export function vtimezone(timeZone: string, at: Date, until: Date = at): string[] {
  const year = at.getUTCFullYear();
  const lastYear = Math.max(year, until.getUTCFullYear());
  // the same block for every event of these years: found once per process (the accept path
  // writes one per confirmation), keyed by zone and years; the zone's rules do not change at run time
  const key = `${timeZone}|${year}|${lastYear}`;
  const known = vtimezones.get(key);
  if (known) return [...known];
  const lines = findVtimezone(timeZone, at, year, lastYear);
  if (vtimezones.size > 256) vtimezones.clear();
  vtimezones.set(key, lines);
  return [...lines];
}

const vtimezones = new Map<string, string[]>();

function findVtimezone(timeZone: string, at: Date, year: number, lastYear: number): string[] {
  const from = Date.UTC(year - 1, 0, 1);
  const to = Date.UTC(lastYear + 1, 0, 1);
  const DAY = 86_400_000;
  const changes: number[] = [];
  let prev = offsetMinutes(timeZone, new Date(from));
  for (let t = from + DAY; t <= to; t += DAY) {
    const cur = offsetMinutes(timeZone, new Date(t));
    if (cur !== prev) {
      let lo = t - DAY;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (offsetMinutes(timeZone, new Date(mid)) === prev) lo = mid;
        else hi = mid;
      }
      changes.push(hi);
      prev = cur;
    }
  }
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];
  if (changes.length === 0) {
    const o = offsetText(offsetMinutes(timeZone, at));
    lines.push("BEGIN:STANDARD", "DTSTART:19700101T000000", `TZOFFSETFROM:${o}`, `TZOFFSETTO:${o}`, "END:STANDARD");
  } else {
    const offsets = changes.map((c) => offsetMinutes(timeZone, new Date(c)));
    const standard = Math.min(...offsets, offsetMinutes(timeZone, new Date(from)));
    for (const c of changes) {
      const before = offsetMinutes(timeZone, new Date(c - 60_000));
      const after = offsetMinutes(timeZone, new Date(c));
      const kind = after > standard ? "DAYLIGHT" : "STANDARD";
      lines.push(`BEGIN:${kind}`, `DTSTART:${wallTime(new Date(c), before)}`, `TZOFFSETFROM:${offsetText(before)}`, `TZOFFSETTO:${offsetText(after)}`, `END:${kind}`);
    }
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/** The VEVENT of one entry, its times in `zone` (UTC when null), lines not yet folded. */
function eventLines(e: IcsEvent, zone: string | null): string[] {
  const time = (d: Date) => (zone && !ambiguous(zone, d) ? `;TZID=${zone}:${wallTime(d, offsetMinutes(zone, d))}` : `:${utcStamp(d)}`);
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(e.uid)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
    `DTSTAMP:${utcStamp(e.stamp)}`,
    `DTSTART${time(e.start)}`,
    `DTEND${time(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.url && /^https?:\/\/[^\s"<>]+$/.test(e.url)) lines.push(`URL:${e.url}`);
  lines.push(`STATUS:${e.status}`, "TRANSP:OPAQUE");
  const organizer = e.organizer ? mailto(e.organizer.email) : null;
  if (organizer) lines.push(`ORGANIZER${e.organizer?.name ? `;CN=${paramValue(e.organizer.name)}` : ""}:${organizer}`);
  const attendee = e.attendee ? mailto(e.attendee.email) : null;
  if (attendee) lines.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=${e.status === "CANCELLED" ? "DECLINED" : "ACCEPTED"};RSVP=FALSE:${attendee}`);
  if (e.alarm && e.status !== "CANCELLED") {
    lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${escapeText(e.alarm.description)}`, `TRIGGER:-PT${Math.max(0, Math.trunc(e.alarm.minutesBefore))}M`, "END:VALARM");
  }
  lines.push("END:VEVENT");
  return lines;
}

/** The whole file, CRLF line ends, every line folded. */
export function writeIcs(e: IcsEvent): string {
  return writeIcsCalendar([e], { method: e.method, timeZone: e.timeZone });
}

/**
 * A calendar with several entries (the personal feed, issue 15): one VTIMEZONE for all of them
 * (observances from the year before the first entry to the end of the last one's year), each
 * VEVENT written exactly as `writeIcs` writes it alone, so an entry has the same UID and content
 * in the feed as in the e-mail attachment. `name` becomes X-WR-CALNAME (the subscription's title).
 */
export function writeIcsCalendar(events: IcsEvent[], opts: { method: IcsMethod | null; timeZone?: string | null; name?: string }): string {
  const lines: string[] = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${PRODID}`, "CALSCALE:GREGORIAN"];
  if (opts.method) lines.push(`METHOD:${opts.method}`);
  if (opts.name) lines.push(`X-WR-CALNAME:${escapeText(opts.name)}`);
  const zone = isZone(opts.timeZone) ? opts.timeZone : null;
  if (zone && events.length > 0) {
    const starts = events.map((e) => e.start.getTime());
    lines.push(...vtimezone(zone, new Date(Math.min(...starts)), new Date(Math.max(...starts))));
  }
  for (const e of events) lines.push(...eventLines(e, zone));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
