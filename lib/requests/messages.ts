import { createEvent } from "ics";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { activityName } from "@/lib/activities/names";
import type { OutgoingMessage } from "@/lib/messaging/outbox";
import { renderEmail, type EmailContent, type RenderedEmail } from "@/lib/messaging/templates/layout";
import { urls } from "@/lib/urls";
import type { Channel } from "@/lib/volunteers/channels";
import { fitOneSegment } from "@/lib/messaging/sms-segments";

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
};
export type MessageRecipient = {
  volunteerId: string;
  invitationId?: string | null;
  firstName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  channels: Channel[];
};

const intlLocale = (l: Locale) => (l === "de" ? "de-DE" : "en-GB");

export function formatWhen(locale: Locale, timeZone: string, startsAt: Date, endsAt: Date): string {
  const f = new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
  return f.formatRange(startsAt, endsAt);
}

export function formatWhenShort(locale: Locale, timeZone: string, startsAt: Date): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone, weekday: "short", day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" }).format(startsAt);
}


function facts(org: MessageOrg, r: MessageRequest, locale: Locale, withNeeded: boolean) {
  const t = translator(locale, "requests");
  return [
    { label: t("mail.what"), value: `${r.title} (${activityName(r, locale)})` },
    { label: t("mail.when"), value: formatWhen(locale, org.timeZone, r.startsAt, r.endsAt) },
    ...(r.place ? [{ label: t("mail.where"), value: r.place }] : []),
    ...(withNeeded ? [{ label: t("mail.needed"), value: String(r.helpersNeeded) }] : []),
  ];
}

/** The sender name in an SMS: the organisation's SMS sender name, else its name. */
export const smsSender = (org: MessageOrg) => org.smsSenderName || org.name;

/** The outbox rows of one message about a request, on each channel. */
export function emailMessage(org: MessageOrg, r: MessageRequest, to: MessageRecipient, kind: string, mail: RenderedEmail, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { ...base(org, r, to, kind), channel: "email", recipient: to.email!, subject: mail.subject, body: mail.text, html: mail.html, ...extra };
}
export function smsMessage(org: MessageOrg, r: MessageRequest, to: MessageRecipient, kind: string, body: string): OutgoingMessage {
  return { ...base(org, r, to, kind), channel: "sms", recipient: to.phone!, body };
}
const byEmail = (to: MessageRecipient) => to.channels.includes("email") && !!to.email;
const bySms = (to: MessageRecipient) => to.channels.includes("sms") && !!to.phone;

/** Follow-ups go on ONE channel: e-mail when the recipient is reached there, else SMS. */
export function onOneChannel(to: MessageRecipient, email: () => OutgoingMessage, sms: () => OutgoingMessage): OutgoingMessage[] {
  return byEmail(to) ? [email()] : bySms(to) ? [sms()] : [];
}
/** Invitations and cancellations go on EVERY channel the recipient is reached on. */
function onEveryChannel(to: MessageRecipient, email: () => OutgoingMessage, sms: () => OutgoingMessage): OutgoingMessage[] {
  return [...(byEmail(to) ? [email()] : []), ...(bySms(to) ? [sms()] : [])];
}

/** An e-mail to a volunteer about a request: greeting, paragraphs, facts, footer. */
function volunteerMail(to: MessageRecipient, subject: string, paragraphs: string[], extra: { facts?: ReturnType<typeof facts>; buttons?: EmailContent["buttons"] } = {}): RenderedEmail {
  const t = translator(to.locale, "requests");
  return renderEmail({ locale: to.locale, subject, greeting: t("mail.greeting", { name: to.firstName }), paragraphs, ...extra, volunteerFooter: true });
}

function base(org: MessageOrg, r: MessageRequest, to: MessageRecipient, kind: string) {
  return { organizationId: org.id, kind, locale: to.locale, volunteerId: to.volunteerId, requestId: r.id, invitationId: to.invitationId ?? null };
}

/** The SMS text of an invitation; shortened to one GSM-7 segment where the link leaves room. */
export function invitationSms(org: MessageOrg, r: MessageRequest, locale: Locale, link: string): string {
  const t = translator(locale, "requests");
  const when = formatWhenShort(locale, org.timeZone, r.startsAt);
  return fitOneSegment((title) => t("sms.invitation", { org: smsSender(org), title, when, link }), r.title);
}

export function invitationEmail(org: MessageOrg, r: MessageRequest, locale: Locale, firstName: string, link: string) {
  const t = translator(locale, "requests");
  return renderEmail({
    locale,
    subject: t("mail.invitationSubject", { title: r.title, when: formatWhenShort(locale, org.timeZone, r.startsAt) }),
    greeting: t("mail.greeting", { name: firstName }),
    paragraphs: [t("mail.invitationIntro", { org: org.name, count: r.helpersNeeded }), ...(r.details ? [r.details] : []), t("mail.invitationHow")],
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
  return onEveryChannel(
    to,
    () => emailMessage(org, r, to, "invitation", invitationEmail(org, r, to.locale, to.firstName, link), { notBefore }),
    () => ({ ...smsMessage(org, r, to, "invitation", invitationSms(org, r, to.locale, link)), notBefore }),
  );
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
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  return onOneChannel(
    to,
    () =>
      emailMessage(
        org,
        r,
        to,
        "confirmation",
        volunteerMail(to, t("mail.confirmSubject", { title: r.title }), [t("mail.confirmIntro"), ...(r.details ? [r.details] : []), t("mail.confirmCalendar"), t("mail.confirmWithdraw")], {
          facts: facts(org, r, to.locale, false),
          buttons: link ? [{ label: t("mail.viewAnswer"), url: link, tone: "secondary" }] : [],
        }),
        { attachments: [{ filename: "helferruf.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: calendarFile(org, r, to.locale, to.invitationId) }] },
      ),
    () =>
      smsMessage(
        org,
        r,
        to,
        "confirmation",
        link
          ? fitOneSegment((title) => t("sms.confirmWithLink", { org: smsSender(org), title, when, link }), r.title)
          : fitOneSegment((title) => t("sms.confirm", { org: smsSender(org), title, when, place: r.place || "-" }), r.title),
      ),
  );
}

/** "Enough helpers already, thank you" to those who had not answered yet. */
export function filledNoticeMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  return onOneChannel(
    to,
    () => emailMessage(org, r, to, "request-filled", volunteerMail(to, t("mail.filledSubject", { title: r.title }), [t("mail.filledBody", { title: r.title, when })])),
    () => smsMessage(org, r, to, "request-filled", fitOneSegment((title) => t("sms.filled", { org: smsSender(org), title, when }), r.title)),
  );
}

/** A cancelled request: accepted helpers are told on every channel they can be reached on. */
export function cancellationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, reason: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  return onEveryChannel(
    to,
    () =>
      emailMessage(
        org,
        r,
        to,
        "request-cancelled",
        volunteerMail(to, t("mail.cancelSubject", { title: r.title, when }), [t("mail.cancelBody", { title: r.title, when }), ...(reason ? [reason] : []), t("mail.cancelThanks")], { facts: facts(org, r, to.locale, false) }),
      ),
    () => smsMessage(org, r, to, "request-cancelled", fitOneSegment((title) => t("sms.cancelled", { org: smsSender(org), title, when }), r.title)),
  );
}

/** A coordinator's note to the accepted helpers (their preferred reachable channel). */
export function helperNoteMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, text: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  return onOneChannel(
    to,
    () => emailMessage(org, r, to, "helper-note", volunteerMail(to, t("mail.noteSubject", { title: r.title }), [text], { facts: facts(org, r, to.locale, false) })),
    () => smsMessage(org, r, to, "helper-note", t("sms.note", { org: smsSender(org), title: r.title, text })),
  );
}

/**
 * Message kinds that ask someone to help; they are cancelled while still queued when a request
 * fills, closes or is cancelled (invariant 5). Confirmations and cancellations are not in here:
 * they must still go out. Reminders and later waves (issue 7) add their kinds here.
 */
export const ASKING_MESSAGE_KINDS = ["invitation", "invitation-reminder"];
