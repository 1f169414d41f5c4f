import { createEvent } from "ics";
import { intlLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { activityName, type LocalizedTexts } from "@/lib/activities/names";
import type { OutgoingMessage } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { urls } from "@/lib/urls";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { fitOneSegment, fitPart } from "./sms";

/**
 * Texts of every message about a request (invitation, confirmation, "already filled",
 * cancellation, a coordinator's note), in the recipient's language, times in the organisation's
 * zone. Pure functions: the callers enqueue the result in their own transaction.
 */

export type MessageOrg = { id: string; name: string; timeZone: string; smsSenderName: string | null };
export type MessageRequest = {
  id: string;
  title: string;
  details: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  helpersNeeded: number;
  acceptedCount: number;
  activityNameDe: string;
  activityNameEn: string;
  /** the activity's name in the other volunteer languages (German when missing) */
  activityNames?: LocalizedTexts;
};
export type MessageRecipient = {
  volunteerId: string;
  invitationId?: string | null;
  firstName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  channels: ("email" | "sms")[];
};

export function formatWhen(locale: Locale, timeZone: string, startsAt: Date, endsAt: Date): string {
  const f = new Intl.DateTimeFormat(intlLocale[locale], {
    timeZone,
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    // 24-hour clock in every language: the time reads like on German letters and timetables
    hourCycle: "h23",
  });
  return f.formatRange(startsAt, endsAt);
}

export function formatWhenShort(locale: Locale, timeZone: string, startsAt: Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { timeZone, weekday: "short", day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(startsAt);
}

/** (lib/activities/names.ts: the activity's name in the recipient's language, German when missing) */
export { activityName };

function facts(org: MessageOrg, r: MessageRequest, locale: Locale, withNeeded: boolean) {
  const t = translator(locale, "requests");
  return [
    { label: t("mail.what"), value: `${r.title} (${activityName(r, locale)})` },
    { label: t("mail.when"), value: formatWhen(locale, org.timeZone, r.startsAt, r.endsAt) },
    ...(r.place ? [{ label: t("mail.where"), value: r.place }] : []),
    ...(withNeeded ? [{ label: t("mail.needed"), value: String(r.helpersNeeded) }] : []),
  ];
}

const sender = (org: MessageOrg) => org.smsSenderName || org.name;

function base(org: MessageOrg, r: MessageRequest, to: MessageRecipient, kind: string) {
  return { organizationId: org.id, kind, locale: to.locale, volunteerId: to.volunteerId, requestId: r.id, invitationId: to.invitationId ?? null };
}

function invitationSmsBuilder(org: MessageOrg, r: MessageRequest, locale: Locale, link: string) {
  const t = translator(locale, "requests");
  const when = formatWhenShort(locale, org.timeZone, r.startsAt);
  return (title: string) => t("sms.invitation", { org: sender(org), title, when, link });
}

// the fitted title per language and request: the same for every recipient (links have one length)
const fittedTitles = new Map<string, string>();

/**
 * The SMS text of an invitation. The German one is shortened (the title, never the link) to one
 * GSM-7 segment where the link leaves room; every other language to no more segments than the
 * German one needs — Arabic, Persian, Cyrillic and Turkish letters are sent as UCS-2, 70
 * characters per segment instead of 160 — or, where even the shortest title cannot reach that,
 * to the fewest segments it can. Counted like the SMS provider counts (lib/messaging/sms-segments).
 */
export function invitationSms(org: MessageOrg, r: MessageRequest, locale: Locale, link: string): string {
  const build = invitationSmsBuilder(org, r, locale, link);
  const key = [locale, sender(org), r.title, org.timeZone, r.startsAt.getTime(), link.length].join("\u0000");
  let title = fittedTitles.get(key);
  if (title === undefined) {
    // as the provider will send it: typographic quotes and dashes become their GSM-7 equivalents
    const typed = analyzeSms(r.title).normalizedText;
    const german = invitationSmsBuilder(org, r, "de", link);
    const germanSegments = analyzeSms(german(fitPart(german, typed, 1))).segments;
    title = fitPart(build, typed, locale === "de" ? 1 : germanSegments);
    if (fittedTitles.size >= 500) fittedTitles.clear();
    fittedTitles.set(key, title);
  }
  return build(title);
}

export function invitationEmail(org: MessageOrg, r: MessageRequest, locale: Locale, firstName: string, link: string) {
  const t = translator(locale, "requests");
  return renderEmail({
    locale,
    subject: t("mail.invitationSubject", { title: r.title, when: formatWhenShort(locale, org.timeZone, r.startsAt) }),
    greeting: t("mail.greeting", { name: firstName }),
    paragraphs: [t("mail.invitationIntro", { org: org.name, count: r.helpersNeeded }), ...(r.details ? [{ typed: r.details }] : []), t("mail.invitationHow")],
    facts: facts(org, r, locale, true),
    buttons: [
      { label: t("mail.accept"), url: `${link}?answer=accept`, tone: "primary" },
      { label: t("mail.decline"), url: `${link}?answer=decline`, tone: "secondary" },
    ],
    volunteerFooter: true,
  });
}

/** One message per channel the volunteer is reached on for this request. */
export function invitationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, token: string, notBefore?: Date): OutgoingMessage[] {
  const link = urls.response(token);
  const out: OutgoingMessage[] = [];
  if (to.channels.includes("email") && to.email) {
    const mail = invitationEmail(org, r, to.locale, to.firstName, link);
    out.push({ ...base(org, r, to, "invitation"), channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html, notBefore });
  }
  if (to.channels.includes("sms") && to.phone) {
    out.push({ ...base(org, r, to, "invitation"), channel: "sms", recipient: to.phone, body: invitationSms(org, r, to.locale, link), notBefore });
  }
  return out;
}

/** The calendar entry of an accepted request (RFC 5545, times in UTC). */
export function calendarFile(org: MessageOrg, r: MessageRequest, locale: Locale, invitationId: string): string {
  const t = translator(locale, "requests");
  const { error, value } = createEvent({
    uid: `${invitationId}@helferruf`,
    productId: "helferruf/ics",
    title: r.title,
    description: [activityName(r, locale), r.details].filter(Boolean).join("\n\n"),
    location: r.place || undefined,
    start: r.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: r.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    status: "CONFIRMED",
    organizer: { name: org.name },
    alarms: [{ action: "display", description: t("ics.reminder", { title: r.title }), trigger: { hours: 2, before: true } }],
  });
  if (error || !value) throw error ?? new Error("ics: no calendar file");
  return value;
}

/** Confirmation after an accept: e-mail with the .ics file when reachable by e-mail, else SMS. */
export function confirmationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient & { invitationId: string }, link?: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  if (to.channels.includes("email") && to.email) {
    const mail = renderEmail({
      locale: to.locale,
      subject: t("mail.confirmSubject", { title: r.title }),
      greeting: t("mail.greeting", { name: to.firstName }),
      paragraphs: [t("mail.confirmIntro"), ...(r.details ? [{ typed: r.details }] : []), t("mail.confirmCalendar"), t("mail.confirmWithdraw")],
      facts: facts(org, r, to.locale, false),
      buttons: link ? [{ label: t("mail.viewAnswer"), url: link, tone: "secondary" }] : [],
      volunteerFooter: true,
    });
    return [
      {
        ...base(org, r, to, "confirmation"),
        channel: "email",
        recipient: to.email,
        subject: mail.subject,
        body: mail.text,
        html: mail.html,
        attachments: [{ filename: "helferruf.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: calendarFile(org, r, to.locale, to.invitationId) }],
      },
    ];
  }
  if (to.channels.includes("sms") && to.phone) {
    const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
    const body = link
      ? fitOneSegment((title) => t("sms.confirmWithLink", { org: sender(org), title, when, link }), r.title)
      : fitOneSegment((title) => t("sms.confirm", { org: sender(org), title, when, place: r.place || "-" }), r.title);
    return [{ ...base(org, r, to, "confirmation"), channel: "sms", recipient: to.phone, body }];
  }
  return [];
}

/** "Enough helpers already, thank you" to those who had not answered yet. */
export function filledNoticeMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  if (to.channels.includes("email") && to.email) {
    const mail = renderEmail({
      locale: to.locale,
      subject: t("mail.filledSubject", { title: r.title }),
      greeting: t("mail.greeting", { name: to.firstName }),
      paragraphs: [t("mail.filledBody", { title: r.title, when })],
      volunteerFooter: true,
    });
    return [{ ...base(org, r, to, "request-filled"), channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html }];
  }
  if (to.channels.includes("sms") && to.phone) {
    return [{ ...base(org, r, to, "request-filled"), channel: "sms", recipient: to.phone, body: fitOneSegment((title) => t("sms.filled", { org: sender(org), title, when }), r.title) }];
  }
  return [];
}

/** A cancelled request: accepted helpers are told on every channel they can be reached on. */
export function cancellationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, reason: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  const out: OutgoingMessage[] = [];
  if (to.channels.includes("email") && to.email) {
    const mail = renderEmail({
      locale: to.locale,
      subject: t("mail.cancelSubject", { title: r.title, when }),
      greeting: t("mail.greeting", { name: to.firstName }),
      paragraphs: [t("mail.cancelBody", { title: r.title, when }), ...(reason ? [{ typed: reason }] : []), t("mail.cancelThanks")],
      facts: facts(org, r, to.locale, false),
      volunteerFooter: true,
    });
    out.push({ ...base(org, r, to, "request-cancelled"), channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html });
  }
  if (to.channels.includes("sms") && to.phone) {
    out.push({ ...base(org, r, to, "request-cancelled"), channel: "sms", recipient: to.phone, body: fitOneSegment((title) => t("sms.cancelled", { org: sender(org), title, when }), r.title) });
  }
  return out;
}

/** A coordinator's note to the accepted helpers (their preferred reachable channel). */
export function helperNoteMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, text: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  if (to.channels.includes("email") && to.email) {
    const mail = renderEmail({
      locale: to.locale,
      subject: t("mail.noteSubject", { title: r.title }),
      greeting: t("mail.greeting", { name: to.firstName }),
      paragraphs: [{ typed: text }],
      facts: facts(org, r, to.locale, false),
      volunteerFooter: true,
    });
    return [{ ...base(org, r, to, "helper-note"), channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html }];
  }
  if (to.channels.includes("sms") && to.phone) {
    return [{ ...base(org, r, to, "helper-note"), channel: "sms", recipient: to.phone, body: t("sms.note", { org: sender(org), title: r.title, text }) }];
  }
  return [];
}

/**
 * Message kinds that ask someone to help; they are cancelled while still queued when a request
 * fills, closes or is cancelled (invariant 5). Confirmations and cancellations are not in here:
 * they must still go out. Reminders and later waves (issue 7) add their kinds here.
 */
export const ASKING_MESSAGE_KINDS = ["invitation", "invitation-reminder"];
