import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { recordAudit } from "@/lib/audit";
import { clearSmsOptOut, markSmsOptedOut } from "./opt-outs";

export type SmsReply =
  | { kind: "answer"; answer: "accept" | "decline"; code?: string }
  | { kind: "stop" }
  | { kind: "start" }
  | { kind: "help" };

// The keywords the texts tell people to send are JA / NEIN / YES / NO; the same answer typed in
// the other message languages is understood too (Turkish, Russian, Ukrainian, Arabic, Persian).
const ACCEPT = new Set(["JA", "J", "YES", "Y", "EVET", "ДА", "ТАК", "نعم", "بله", "بلی"]);
const DECLINE = new Set(["NEIN", "N", "NO", "HAYIR", "НЕТ", "НІ", "لا", "نه", "خیر"]);
// STOPP and ENDE for German; the rest are the keywords carriers and Twilio treat as opt-out.
const STOP = new Set(["STOP", "STOPP", "ENDE", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ABMELDEN"]);
const START = new Set(["START", "UNSTOP", "ANMELDEN"]);
const CODE_RE = /^[A-Z0-9]{2,8}$/;

/**
 * Reads a volunteer's SMS: "JA", "nein", "Ja K7F", "K7F ja", "Yes!", "STOPP", "Start". A request
 * code (2–8 letters/digits) may come before or after the answer. Anything else is "help".
 */
export function parseSmsReply(text: string): SmsReply {
  const words = text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[.,;:!?¡¿"'„“”‚‘’«»()\-–—،؛؟]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return { kind: "help" };
  if (words.length === 1 && STOP.has(words[0])) return { kind: "stop" };
  if (words.length === 1 && START.has(words[0])) return { kind: "start" };
  if (words.length > 2) return { kind: "help" };
  const [a, b] = words;
  for (const [word, other] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!word) continue;
    const answer = ACCEPT.has(word) ? "accept" : DECLINE.has(word) ? "decline" : null;
    if (!answer) continue;
    if (other === undefined) return { kind: "answer", answer };
    if (CODE_RE.test(other) && !ACCEPT.has(other) && !DECLINE.has(other)) return { kind: "answer", answer, code: other };
  }
  return { kind: "help" };
}

export type OpenInvitation = {
  invitationId: string;
  requestId: string;
  volunteerId: string;
  organizationId: string;
  shortCode: string;
  title: string;
  startsAt: Date;
  status: "pending" | "accepted";
};

/**
 * The invitations a phone number can still answer: pending or accepted (an accepted helper may
 * withdraw with NEIN) of requests that are open or filled and have not started yet.
 */
export async function findAnswerableInvitations(db: Db, volunteerIds: string[], now = new Date()): Promise<OpenInvitation[]> {
  if (volunteerIds.length === 0) return [];
  const rows = await db
    .select({
      invitationId: s.invitations.id,
      requestId: s.requests.id,
      volunteerId: s.invitations.volunteerId,
      organizationId: s.requests.organizationId,
      shortCode: s.requests.shortCode,
      title: s.requests.title,
      startsAt: s.requests.startsAt,
      status: s.invitations.status,
      requestStatus: s.requests.status,
    })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.invitations.requestId, s.requests.id))
    .where(
      and(
        inArray(s.invitations.volunteerId, volunteerIds),
        inArray(s.invitations.status, ["pending", "accepted"]),
        inArray(s.requests.status, ["open", "filled"]),
        gt(s.requests.startsAt, now),
      ),
    )
    .orderBy(asc(s.requests.startsAt));
  return rows
    .filter((r) => r.status === "accepted" || r.requestStatus === "open")
    .map((r) => ({ ...r, volunteerId: r.volunteerId!, status: r.status as "pending" | "accepted" }));
}

/** What answering one invitation did; the seam to lib/requests (issue 5's respondToInvitation). */
export type SmsAnswerResult =
  | { ok: true; status: "accepted" | "declined" | "withdrawn" }
  | { ok: false; error: "filled" | "closed" | "unavailable" };

export type SmsAnswerHandler = (input: {
  invitationId: string;
  volunteerId: string;
  requestId: string;
  answer: "accept" | "decline";
  via: "sms" | "whatsapp";
}) => Promise<SmsAnswerResult>;

export type InboundSmsOutcome = {
  reply: string;
  action: "answered" | "stopped" | "started" | "help" | "unknown_sender" | "no_open" | "ambiguous" | "unknown_code" | "refused";
};

/**
 * The example answer the help and "several open requests" texts quote ({example}): keyword and
 * code, e.g. "JA K7F". The keywords stay German/English (what the system understands), so the
 * texts quote the example whole and never repeat the keyword themselves.
 */
export function replyExample(locale: Locale, code = "K7F"): string {
  return `${locale === "de" ? "JA" : "YES"} ${code}`;
}

/**
 * Handles one inbound SMS (already verified as coming from Twilio): opt-out and opt-in by
 * keyword, answers to invitations through `answer`, and a short help text for everything else.
 * Returns the reply to send back (TwiML).
 *
 * A number registered with several organisations (the same person, one record in each): the
 * answerable invitations of every record with that number are considered together. "JA" alone
 * is applied only when exactly one is open (in whichever organisation); with several it asks for
 * the code; a code is applied only when exactly one open invitation has it (codes are unique per
 * organisation only, so a code held in two organisations is refused with "use the link"). STOP
 * and START apply to the number, i.e. every record with it: the sender is the installation's.
 */
export async function handleInboundSms(db: Db, sms: { from: string; body: string; now?: Date }, answer: SmsAnswerHandler): Promise<InboundSmsOutcome> {
  const now = sms.now ?? new Date();
  const parsed = parseSmsReply(sms.body);
  const volunteers = await db.query.volunteers.findMany({
    where: (v, { eq }) => eq(v.phone, sms.from),
    columns: { id: true, locale: true, organizationId: true },
  });
  const locale: Locale = toLocale(volunteers[0]?.locale);
  const t = translator(locale, "sms");

  if (parsed.kind === "stop" || parsed.kind === "start") {
    const changed = parsed.kind === "stop" ? await markSmsOptedOut(db, sms.from, now) : await clearSmsOptOut(db, sms.from, now);
    for (const id of changed) {
      const v = volunteers.find((x) => x.id === id);
      await recordAudit(db, { organizationId: v?.organizationId ?? null, actorType: "volunteer", action: parsed.kind === "stop" ? "volunteer.sms_opted_out" : "volunteer.sms_opted_in", objectType: "volunteer", objectId: id, details: { via: "sms" } });
    }
    if (volunteers.length === 0) return { reply: t("unknownSender"), action: "unknown_sender" };
    return parsed.kind === "stop" ? { reply: t("stopped"), action: "stopped" } : { reply: t("started"), action: "started" };
  }
  if (volunteers.length === 0) return { reply: t("unknownSender"), action: "unknown_sender" };
  if (parsed.kind === "help") return { reply: t("help", { example: replyExample(locale) }), action: "help" };
  return answerByText(db, volunteers.map((v) => v.id), parsed, locale, answer, "sms", now);
}

/**
 * JA / NEIN (with or without a request code) from the volunteer records `volunteerIds` — the rule
 * above, shared by SMS and WhatsApp (issue 18) — through `answer`.
 */
export async function answerByText(
  db: Db,
  volunteerIds: string[],
  parsed: { answer: "accept" | "decline"; code?: string },
  locale: Locale,
  answer: SmsAnswerHandler,
  via: "sms" | "whatsapp",
  now = new Date(),
): Promise<InboundSmsOutcome> {
  const t = translator(locale, "sms");
  const open = await findAnswerableInvitations(db, volunteerIds, now);
  if (open.length === 0) return { reply: t("noOpen"), action: "no_open" };
  const codes = open.map((o) => o.shortCode).join(", ");
  let target: OpenInvitation | undefined;
  if (parsed.code) {
    const withCode = open.filter((o) => o.shortCode.toUpperCase() === parsed.code);
    if (withCode.length === 0) return { reply: t("unknownCode", { codes }), action: "unknown_code" };
    // Codes are unique per organisation only: the same number registered with two organisations
    // may hold the same code twice. Never guess between them: the links in the requests are exact.
    if (withCode.length > 1) return { reply: t("sameCode"), action: "ambiguous" };
    target = withCode[0];
  } else if (open.length === 1) {
    target = open[0];
  } else {
    return { reply: t("ambiguous", { example: replyExample(locale, open[0].shortCode), codes }), action: "ambiguous" };
  }
  const result = await answer({ invitationId: target.invitationId, volunteerId: target.volunteerId, requestId: target.requestId, answer: parsed.answer, via });
  if (result.ok) return { reply: t(result.status, { title: target.title }), action: "answered" };
  return { reply: t(result.error, { title: target.title }), action: "refused" };
}
