import { intlLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { activityName, type LocalizedTexts } from "@/lib/activities/names";
import type * as s from "@/db/schema";
import { writeIcs, type IcsEvent, type IcsMethod } from "@/lib/calendar/ics";
import { config } from "@/lib/config";
import type { OutgoingMessage } from "@/lib/messaging/outbox";
import { analyzeSms, countSegments, fitPart } from "@/lib/messaging/sms-segments";
import { CANCEL_SMS_SEGMENTS } from "./limits";
import { renderEmail, type EmailContent } from "@/lib/messaging/templates/layout";
import { absoluteUrl, smsLink, urls } from "@/lib/urls";
import { brandOf } from "@/lib/organizations/branding-rules";
import type { Channel } from "@/lib/volunteers/channels";

/**
 * Texts of every message about a request (invitation, confirmation, "already filled",
 * cancellation, a coordinator's note), in the recipient's language (what the coordinator typed —
 * title, details, place, notes — stays as typed), times in the organisation's zone. Pure
 * functions: the callers enqueue the result in their own transaction.
 */

export type MessageOrg = {
  id: string;
  name: string;
  timeZone: string;
  smsSenderName: string | null;
  /** branding of its e-mails (issue 16; lib/organizations/branding-rules.ts) */
  accentColor?: string | null;
  logoFile?: string | null;
};

/** The organisation's header of an e-mail: name, logo (an absolute URL), accent colour. */
export const emailBrand = (org: MessageOrg) => brandOf(org, absoluteUrl);
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
  /** +1 per edit after sending: the calendar entry's SEQUENCE (0 when never edited) */
  revision?: number;
  /** the briefing, for accepted helpers only (never in messages to the unanswered) */
  briefing?: Briefing;
};
export type Briefing = { meetingPoint: string; contactName: string; contactPhone: string; whatToBring: string };
export type MessageRecipient = {
  volunteerId: string;
  invitationId?: string | null;
  firstName: string;
  email: string | null;
  phone: string | null;
  /** the bound Telegram chat (issue 18): messages of the SMS slot go there when "telegram" is a channel */
  telegramChatId?: string | null;
  /** the connected WhatsApp number (issue 18), when "whatsapp" is a channel */
  whatsappPhone?: string | null;
  locale: Locale;
  channels: Channel[];
};

/**
 * Intl.DateTimeFormat objects are costly to build (a third of a millisecond each, more than the
 * rest of the response page's own code) and safe to share: one per language, time zone and form
 * for the life of the process. The keys are few (7 languages × the organisations' zones).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, timeZone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withYear ? "y" : ""}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale[locale], {
      timeZone,
      weekday: "short",
      day: "2-digit",
      month: "2-digit",
      ...(withYear ? { year: "numeric" as const } : {}),
      hour: "2-digit",
      minute: "2-digit",
      // 24-hour clock in every language: the time reads like on German letters and timetables
      hourCycle: "h23",
    });
    dateFormats.set(key, f);
  }
  return f;
}

export function formatWhen(locale: Locale, timeZone: string, startsAt: Date, endsAt: Date): string {
  const key = `${locale}|${timeZone}|${startsAt.getTime()}|${endsAt.getTime()}`;
  let text = formattedRanges.get(key);
  if (text === undefined) {
    // ICU's formatRange costs ~0.1 ms, and every confirmation, reminder and change notice of a
    // request formats the same range again (issue 19): kept per process, a bounded map
    if (formattedRanges.size >= FORMATTED_RANGES_MAX) formattedRanges.clear();
    formattedRanges.set(key, (text = dateFormat(locale, timeZone, true).formatRange(startsAt, endsAt)));
  }
  return text;
}
const FORMATTED_RANGES_MAX = 2000;
const formattedRanges = new Map<string, string>();

export function formatWhenShort(locale: Locale, timeZone: string, startsAt: Date): string {
  return dateFormat(locale, timeZone, false).format(startsAt);
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

/** The briefing as facts of an e-mail to an accepted helper (only what was filled in). */
export function briefingFacts(r: MessageRequest, locale: Locale) {
  const b = r.briefing;
  if (!b) return [];
  const t = translator(locale, "requests");
  const contact = [b.contactName, b.contactPhone].filter(Boolean).join(", ");
  return [
    ...(b.meetingPoint ? [{ label: t("mail.meetingPoint"), value: b.meetingPoint }] : []),
    ...(contact ? [{ label: t("mail.contact"), value: contact }] : []),
    ...(b.whatToBring ? [{ label: t("mail.whatToBring"), value: b.whatToBring }] : []),
  ];
}

/** The sender name in an SMS: the organisation's SMS sender name, else its name. */
export const smsSender = (org: MessageOrg) => org.smsSenderName || org.name;

/** `paragraphs`: translated text, or `{ typed }` for what a coordinator typed (shown in its own direction). */
type VolunteerMail = { subject: string; paragraphs: EmailContent["paragraphs"]; greeting?: string; facts?: EmailContent["facts"]; buttons?: EmailContent["buttons"] };

// the fitted title per message, language and request: the same for every recipient (links have one length)
const fittedTitles = new Map<string, string>();

/**
 * An SMS about a request in `locale`, its title shortened (never the fixed text, the time or the
 * link). The rule (issue 17), counted like the SMS provider counts (lib/messaging/sms-segments):
 *
 * - German: one GSM-7 segment where the link leaves room (the title cut with "...").
 * - Every other language: no more segments than the German SMS of the same request needs — its
 *   title cut only as far as that needs. Where even an 8-character title cannot reach that count
 *   (the language's fixed text, the time and the link alone are too long), the fewest segments it
 *   can reach. That happens only to a UCS-2 SMS (Arabic, Persian, Ukrainian, Russian: 70 characters
 *   per segment) with a link: sender, time and a link never fit 70 characters, so it needs 2 where
 *   German needs 1. The templates are written so that this floor is never more than German's
 *   count + 1 (tests/unit/sms-parity.test.ts; docs/i18n/README.md "SMS length").
 *
 * `sms(l)` builds the text in language l from a title; `key` names the message (kind, link length).
 */
export function localizedSms(org: MessageOrg, r: MessageRequest, locale: Locale, key: string, sms: (l: Locale) => (title: string) => string): string {
  const build = sms(locale);
  const cacheKey = [key, locale, smsSender(org), r.title, r.place, org.timeZone, r.startsAt.getTime()].join("\u0000");
  let title = fittedTitles.get(cacheKey);
  if (title === undefined) {
    // as the provider will send it: typographic quotes and dashes become their GSM-7 equivalents
    const typed = analyzeSms(r.title).normalizedText;
    const german = sms("de");
    const germanText = german(fitPart(german, typed, 1));
    // German's own count is the budget of every language (fitPart: else the fewest reachable)
    title = locale === "de" ? fitPart(german, typed, 1) : fitPart(build, typed, countSegments(germanText));
    if (fittedTitles.size >= 500) fittedTitles.clear();
    fittedTitles.set(cacheKey, title);
  }
  return build(title);
}

/**
 * The outbox rows of one message about a request: `"one"` channel for follow-ups (e-mail when the
 * recipient is reached there, else SMS), `"every"` channel for invitations and cancellations.
 * The e-mail gets the greeting ("Hallo Anna,") and the volunteer footer; `extra` goes on every row,
 * `emailExtra` on the e-mail only (attachments; built only when there is an e-mail).
 */
export function messagesTo(
  org: MessageOrg,
  r: MessageRequest,
  to: MessageRecipient,
  kind: string,
  how: "one" | "every",
  content: { email: () => VolunteerMail; sms: () => string; extra?: Partial<OutgoingMessage>; emailExtra?: () => Partial<OutgoingMessage> | undefined },
): OutgoingMessage[] {
  const base = { organizationId: org.id, kind, locale: to.locale, volunteerId: to.volunteerId, requestId: r.id, invitationId: to.invitationId ?? null };
  const byEmail = to.channels.includes("email") && !!to.email;
  // the messenger slot: Telegram or WhatsApp where connected (lib/volunteers/channels.ts instantSlotSql), else SMS
  const slot = how === "every" || !byEmail;
  const byTelegram = slot && to.channels.includes("telegram") && !!to.telegramChatId;
  const byWhatsapp = slot && !byTelegram && to.channels.includes("whatsapp") && !!to.whatsappPhone;
  const bySms = slot && !byTelegram && !byWhatsapp && to.channels.includes("sms") && !!to.phone;
  const out: OutgoingMessage[] = [];
  if (byEmail) {
    const m = content.email();
    const greeting = m.greeting ?? translator(to.locale, "requests")("mail.greeting", { name: to.firstName });
    const mail = renderEmail({ locale: to.locale, ...m, greeting, volunteerFooter: true, brand: emailBrand(org) });
    out.push({ ...base, channel: "email", recipient: to.email!, subject: mail.subject, body: mail.text, html: mail.html, ...content.emailExtra?.(), ...content.extra });
  }
  if (bySms) out.push({ ...base, channel: "sms", recipient: to.phone!, body: content.sms(), ...content.extra });
  // the same short text as the SMS (the invitation gets its buttons from the transport: lib/messaging/transports/telegram.ts)
  if (byTelegram) out.push({ ...base, channel: "telegram", recipient: to.telegramChatId!, body: content.sms(), ...content.extra });
  // WhatsApp likewise (outside the 24-hour window the transport wraps it in the approved template)
  if (byWhatsapp) out.push({ ...base, channel: "whatsapp", recipient: to.whatsappPhone!, body: content.sms(), ...content.extra });
  return out;
}

type RequestSmsKey = "invitation" | "confirm" | "confirmWithLink" | "filled" | "cancelled" | "neededAgain" | "changed" | "changedReconfirm";

/** A request SMS of the `requests` catalogue (sms.<message>) in `locale`, fitted per language (localizedSms). */
function requestSms(org: MessageOrg, r: MessageRequest, locale: Locale, message: RequestSmsKey, values: { link?: string; place?: string } = {}): string {
  // the link as written into an SMS: on the short SMS host when one is configured
  const link = values.link ? smsLink(values.link) : "";
  return localizedSms(org, r, locale, `${message}:${link.length}`, (l) => {
    const t = translator(l, "requests");
    const when = formatWhenShort(l, org.timeZone, r.startsAt);
    return (title) => t(`sms.${message}`, { org: smsSender(org), title, when, link, place: values.place ?? "" });
  });
}

/** The SMS text of an invitation, fitted per language (localizedSms). */
export function invitationSms(org: MessageOrg, r: MessageRequest, locale: Locale, link: string): string {
  return requestSms(org, r, locale, "invitation", { link });
}

/** The invitation e-mail's content (also what the new-request form previews). */
function invitationEmailContent(org: MessageOrg, r: MessageRequest, locale: Locale, firstName: string, link: string): VolunteerMail {
  const t = translator(locale, "requests");
  return {
    subject: t("mail.invitationSubject", { title: r.title, when: formatWhenShort(locale, org.timeZone, r.startsAt) }),
    greeting: t("mail.greeting", { name: firstName }),
    paragraphs: [t("mail.invitationIntro", { org: org.name, count: r.helpersNeeded }), ...(r.details ? [{ typed: r.details }] : []), t("mail.invitationHow")],
    facts: facts(org, r, locale, true),
    buttons: [
      { label: t("mail.accept"), url: `${link}?answer=accept`, tone: "primary" },
      { label: t("mail.decline"), url: `${link}?answer=decline`, tone: "secondary" },
    ],
  };
}

export function invitationEmail(org: MessageOrg, r: MessageRequest, locale: Locale, firstName: string, link: string) {
  return renderEmail({ locale, ...invitationEmailContent(org, r, locale, firstName, link), volunteerFooter: true });
}

/** One message per channel the volunteer is reached on for this request. */
export function invitationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, token: string, notBefore?: Date): OutgoingMessage[] {
  const link = urls.response(token);
  return messagesTo(org, r, to, "invitation", "every", {
    email: () => invitationEmailContent(org, r, to.locale, to.firstName, link),
    sms: () => invitationSms(org, r, to.locale, link),
    extra: { notBefore },
  });
}

/** The organiser of the calendar entries: the sending address of EMAIL_FROM ("Name <a@b>"), or none. */
function organizerOf(org: MessageOrg): { name: string; email: string } | null {
  const from = config().EMAIL_FROM;
  const email = from ? (/<([^>]+)>/.exec(from)?.[1] ?? from).trim() : "";
  return email.includes("@") ? { name: org.name, email } : null;
}

/** The briefing as lines of text ("Treffpunkt: …"), only what was filled in. */
export function briefingLines(b: Briefing | undefined, locale: Locale): string[] {
  if (!b) return [];
  const t = translator(locale, "requests");
  const contact = [b.contactName, b.contactPhone].filter(Boolean).join(", ");
  return [
    ...(b.meetingPoint ? [`${t("mail.meetingPoint")}: ${b.meetingPoint}`] : []),
    ...(contact ? [`${t("mail.contact")}: ${contact}`] : []),
    ...(b.whatToBring ? [`${t("mail.whatToBring")}: ${b.whatToBring}`] : []),
  ];
}

export type CalendarOpts = {
  /** REQUEST in the confirmation and update e-mails; null for the download (a plain import) */
  method: IcsMethod | null;
  /** the helper's address (ATTENDEE), when known */
  attendeeEmail?: string | null;
  /** the helper's response page */
  link?: string;
  now?: Date;
};

/**
 * A helper's calendar entry as an event: the one UID rule (`<invitation id>@helferruf`) and content
 * of the attachments, the download and the personal feed (lib/volunteers/calendar-feed.ts), so a
 * calendar app that has both never shows the entry twice.
 */
export function calendarEvent(org: MessageOrg, r: MessageRequest, locale: Locale, invitationId: string, opts: CalendarOpts, cancelled: boolean): IcsEvent {
  const t = translator(locale, "requests");
  return {
    // one entry per helper and request: updates and the cancellation replace it in place
    uid: `${invitationId}@helferruf`,
    // a cancellation is one step after the last version sent
    sequence: (r.revision ?? 0) + (cancelled ? 1 : 0),
    method: opts.method,
    status: cancelled ? "CANCELLED" : "CONFIRMED",
    summary: r.title,
    description: [
      `${formatWhen(locale, org.timeZone, r.startsAt, r.endsAt)} (${org.timeZone})`,
      activityName(r, locale),
      r.details,
      briefingLines(r.briefing, locale).join("\n"),
      opts.link ?? "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    location: r.place || undefined,
    start: r.startsAt,
    end: r.endsAt,
    timeZone: org.timeZone,
    stamp: opts.now ?? new Date(),
    organizer: organizerOf(org),
    attendee: opts.attendeeEmail ? { email: opts.attendeeEmail } : null,
    url: opts.link,
    alarm: { minutesBefore: 120, description: t("ics.reminder", { title: r.title }) },
  };
}

function requestEvent(org: MessageOrg, r: MessageRequest, locale: Locale, invitationId: string, opts: CalendarOpts, cancelled: boolean) {
  return writeIcs(calendarEvent(org, r, locale, invitationId, opts, cancelled));
}

/** The calendar entry of an accepted helper (RFC 5545; SEQUENCE = the request's revision). */
export function calendarFile(org: MessageOrg, r: MessageRequest, locale: Locale, invitationId: string, opts: CalendarOpts = { method: null }): string {
  return requestEvent(org, r, locale, invitationId, opts, false);
}

/**
 * The entry that removes a helper's calendar entry (METHOD:CANCEL, STATUS:CANCELLED, same UID,
 * SEQUENCE one above the last version sent): for a cancelled request and a withdrawn helper.
 * `r` is the request as last sent (its revision before any cancellation).
 */
export function calendarCancellation(org: MessageOrg, r: MessageRequest, locale: Locale, invitationId: string, opts: Omit<CalendarOpts, "method"> = {}): string {
  return requestEvent(org, r, locale, invitationId, { ...opts, method: "CANCEL" }, true);
}

/** A calendar file as an e-mail attachment (the method in the content type too, RFC 6047). */
export function calendarAttachment(content: string, method: IcsMethod) {
  return { filename: "helferruf.ics", contentType: `text/calendar; charset=utf-8; method=${method}`, content };
}

/** Confirmation after an accept: e-mail with the .ics file when reachable by e-mail, else SMS. */
export function confirmationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient & { invitationId: string }, link?: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  return messagesTo(org, r, to, "confirmation", "one", {
    email: () => ({
      subject: t("mail.confirmSubject", { title: r.title }),
      paragraphs: [t("mail.confirmIntro"), ...(r.details ? [{ typed: r.details }] : []), t("mail.confirmCalendar"), t("mail.confirmWithdraw")],
      // the briefing is for those who come: the confirmation is its first place
      facts: [...facts(org, r, to.locale, false), ...briefingFacts(r, to.locale)],
      buttons: link ? [{ label: t("mail.viewAnswer"), url: link, tone: "secondary" }] : [],
    }),
    sms: () => (link ? requestSms(org, r, to.locale, "confirmWithLink", { link }) : requestSms(org, r, to.locale, "confirm", { place: r.place || "-" })),
    // built only for an e-mail (the calendar file is the costly part of a confirmation)
    emailExtra: () => ({ attachments: [calendarAttachment(calendarFile(org, r, to.locale, to.invitationId, { method: "REQUEST", attendeeEmail: to.email, link }), "REQUEST")] }),
  });
}

/** What an edit changed, as a helper notices it (lib/requests/update.ts). */
export type RequestChange = "time" | "title" | "details" | "place" | "meetingPoint" | "contactName" | "contactPhone" | "whatToBring" | "helpersNeeded";

/**
 * An accepted helper hears that their request changed, on every channel they are reached on:
 * the e-mail names what changed, shows the new facts and the briefing and carries the updated
 * calendar entry (same UID, SEQUENCE = the new revision); the SMS is short with the link. When
 * the time moved, both ask to confirm (keep / withdraw on the response page).
 */
export function requestChangedMessages(
  org: MessageOrg,
  r: MessageRequest,
  to: MessageRecipient & { invitationId: string },
  changed: RequestChange[],
  opts: { reconfirm: boolean; link: string; now?: Date },
): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const fields = changed.filter((c) => c !== "helpersNeeded").map((c) => t(`mail.field.${c}`));
  return messagesTo(org, r, to, "request-changed", "every", {
    email: () => ({
      subject: t("mail.changedSubject", { title: r.title, when: formatWhenShort(to.locale, org.timeZone, r.startsAt) }),
      paragraphs: [t("mail.changedIntro", { fields: fields.join(", ") }), ...(r.details ? [{ typed: r.details }] : []), opts.reconfirm ? t("mail.changedReconfirm") : t("mail.changedNoAction")],
      facts: [...facts(org, r, to.locale, false), ...briefingFacts(r, to.locale)],
      buttons: [{ label: t("mail.changedButton"), url: opts.link, tone: opts.reconfirm ? "primary" : "secondary" }],
    }),
    sms: () => requestSms(org, r, to.locale, opts.reconfirm ? "changedReconfirm" : "changed", { link: opts.link }),
    emailExtra: () => ({ attachments: [calendarAttachment(calendarFile(org, r, to.locale, to.invitationId, { method: "REQUEST", attendeeEmail: to.email, link: opts.link, now: opts.now }), "REQUEST")] }),
  });
}

/** "Enough helpers already, thank you" to those who had not answered yet. */
export function filledNoticeMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  return messagesTo(org, r, to, "request-filled", "one", {
    email: () => ({ subject: t("mail.filledSubject", { title: r.title }), paragraphs: [t("mail.filledBody", { title: r.title, when })] }),
    sms: () => requestSms(org, r, to.locale, "filled"),
  });
}

/**
 * The cancellation SMS with the coordinator's reason. The title is shortened as in the SMS without
 * a reason (localizedSms); the reason then gets the rest of the budget: the German text at most
 * CANCEL_SMS_SEGMENTS GSM-7 segments, every other language no more segments than the German
 * text needs (the rule of localizedSms). The reason is cut, never the rest.
 */
export function cancellationSms(org: MessageOrg, r: MessageRequest, locale: Locale, reason: string): string {
  const typedReason = analyzeSms(reason.replace(/\s+/g, " ").trim().replace(/[.!?。]+$/u, "")).normalizedText;
  if (!typedReason) return requestSms(org, r, locale, "cancelled");
  const typedTitle = analyzeSms(r.title).normalizedText;
  const builders = (l: Locale) => {
    const t = translator(l, "requests");
    const when = formatWhenShort(l, org.timeZone, r.startsAt);
    return {
      plain: (title: string) => t("sms.cancelled", { org: smsSender(org), title, when }),
      withReason: (title: string) => (part: string) => t("sms.cancelledReason", { org: smsSender(org), title, when, reason: part }),
    };
  };
  const de = builders("de");
  const deTitle = fitPart(de.plain, typedTitle, 1);
  const deText = de.withReason(deTitle)(fitPart(de.withReason(deTitle), typedReason, CANCEL_SMS_SEGMENTS));
  if (locale === "de") return deText;
  const mine = builders(locale);
  const title = fitPart(mine.plain, typedTitle, countSegments(de.plain(deTitle)));
  const build = mine.withReason(title);
  return build(fitPart(build, typedReason, countSegments(deText)));
}

/**
 * The calendar cancellation (METHOD:CANCEL, same UID as the confirmation's entry) attached to an
 * accepted helper's cancellation e-mail. Built by `calendarCancellation(...)` of
 * lib/requests/calendar.ts (issue 12A, another branch); until that is merged this is the one call
 * site and nothing is attached.
 */
export function calendarCancellationAttachments(org: MessageOrg, r: MessageRequest, to: MessageRecipient): s.MessageAttachment[] {
  // the entry the helper's calendar holds has the invitation's UID: METHOD:CANCEL removes it
  if (!to.invitationId) return [];
  return [calendarAttachment(calendarCancellation(org, r, to.locale, to.invitationId, { attendeeEmail: to.email }), "CANCEL")];
}

/**
 * A cancelled request, told on every channel the recipient can be reached on, with the
 * coordinator's reason: to the accepted helpers (with the calendar cancellation) and — when the
 * request tells the unanswered (notify_pending_when_filled) — to those who had not answered yet.
 */
export function cancellationMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, reason: string, audience: "accepted" | "asked" = "accepted"): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);

  return messagesTo(org, r, to, "request-cancelled", "every", {
    email: () => ({
      subject: t("mail.cancelSubject", { title: r.title, when }),
      paragraphs: [t("mail.cancelBody", { title: r.title, when }), ...(reason ? [{ typed: reason }] : []), t(audience === "accepted" ? "mail.cancelThanks" : "mail.cancelThanksAsked")],
      facts: facts(org, r, to.locale, false),
    }),
    sms: () => cancellationSms(org, r, to.locale, reason),
    emailExtra: () => {
      const attachments = audience === "accepted" ? calendarCancellationAttachments(org, r, to) : [];
      return attachments.length ? { attachments } : undefined;
    },
  });
}

/** "Needed again": a seat reopened, to someone who had been told it was filled; their link is answerable again. */
export function neededAgainMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, token: string, notBefore?: Date): OutgoingMessage[] {
  const link = urls.response(token);
  const t = translator(to.locale, "requests");
  const when = formatWhenShort(to.locale, org.timeZone, r.startsAt);
  return messagesTo(org, r, to, "needed-again", "one", {
    email: () => ({
      subject: t("mail.neededAgainSubject", { title: r.title, when }),
      paragraphs: [t("mail.neededAgainIntro", { title: r.title, when }), t("mail.invitationHow")],
      facts: facts(org, r, to.locale, true),
      buttons: [
        { label: t("mail.accept"), url: `${link}?answer=accept`, tone: "primary" },
        { label: t("mail.decline"), url: `${link}?answer=decline`, tone: "secondary" },
      ],
    }),
    sms: () => requestSms(org, r, to.locale, "neededAgain", { link }),
    extra: { notBefore },
  });
}

/** A coordinator's note to the accepted helpers (their preferred reachable channel). */
export function helperNoteMessages(org: MessageOrg, r: MessageRequest, to: MessageRecipient, text: string): OutgoingMessage[] {
  const t = translator(to.locale, "requests");
  return messagesTo(org, r, to, "helper-note", "one", {
    email: () => ({ subject: t("mail.noteSubject", { title: r.title }), paragraphs: [{ typed: text }], facts: facts(org, r, to.locale, false) }),
    sms: () => t("sms.note", { org: smsSender(org), title: r.title, text }),
  });
}
