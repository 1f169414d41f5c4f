/**
 * A small iCalendar writer (RFC 5545, with the iTIP methods of RFC 5546) for one event per file.
 * Why our own: the `ics` package wrote `ORGANIZER;CN="…"` without a value (refused by strict
 * parsers such as ical.js, Thunderbird's) and has no METHOD:CANCEL. What it guarantees:
 * - every TEXT value is escaped (`\` `;` `,` newlines) and stripped of control characters, so no
 *   typed title, place or detail can end a line and start a property of its own;
 * - lines are folded at 75 octets (UTF-8, never inside a character), CRLF line ends;
 * - times are UTC instants ("…Z"): one meaning for every parser and calendar app, which show
 *   them in the reader's zone (the organisation's zone is named in the description).
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

/** The whole file, CRLF line ends, every line folded. */
export function writeIcs(e: IcsEvent): string {
  const lines: string[] = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${PRODID}`, "CALSCALE:GREGORIAN"];
  if (e.method) lines.push(`METHOD:${e.method}`);
  lines.push(
    "BEGIN:VEVENT",
    `UID:${escapeText(e.uid)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
    `DTSTAMP:${utcStamp(e.stamp)}`,
    `DTSTART:${utcStamp(e.start)}`,
    `DTEND:${utcStamp(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  );
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
  lines.push("END:VEVENT", "END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
