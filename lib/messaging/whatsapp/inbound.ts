import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { respondToInvitation } from "@/lib/requests/respond";
import { bindWhatsappNumber, connectCodeIn, setWhatsappNumberStopped, touchWhatsappInbound, volunteersOfWhatsapp } from "@/lib/volunteers/whatsapp";
import { replyKeyOf, toSmsAnswerResult } from "../sms-answer-handler";
import { answerByText, parseSmsReply, type SmsAnswerHandler } from "../sms-replies";
import { parseAnswerData } from "../telegram/callbacks";

/**
 * A message to our WhatsApp sender (issue 18), already verified as coming from Twilio
 * (X-Twilio-Signature) and applied once per MessageSid by the route. Answered with a reply in
 * the chat (TwiML; the volunteer just wrote, so WhatsApp's window is open):
 *
 * - a quick-reply button under an invitation: ButtonPayload "a:<invitation id>" / "d:<…>" (the
 *   template's button ids, lib/messaging/whatsapp/templates.ts), or a template with fixed ids
 *   "accept" / "decline", whose invitation is the one of the message replied to
 *   (OriginalRepliedMessageSid) — applied only when it comes from the number connected by the
 *   invitation's volunteer, through respondToInvitation (via "whatsapp", exactly N as everywhere);
 *   unknown, foreign or past invitations get "no longer current";
 * - the profile's connect code ("Helferruf <code>"): binds the number (the opt-in);
 * - STOP / START, and JA / NEIN typed (with a code when several are open): as for SMS, for the
 *   volunteer records connected with the number;
 * - anything else: what the chat does, or how to connect it.
 */

const inbound = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  From: z.string().regex(/^whatsapp:\+[1-9]\d{6,14}$/),
  Body: z.string().max(4096).default(""),
  ButtonPayload: z.string().max(256).optional(),
  ButtonText: z.string().max(256).optional(),
  OriginalRepliedMessageSid: z
    .string()
    .regex(/^(SM|MM)[0-9a-fA-F]{32}$/)
    .optional(),
});
export type InboundWhatsapp = { sid: string; from: string; body: string; payload?: string; repliedTo?: string };

export function parseInboundWhatsapp(params: Record<string, string>): InboundWhatsapp | null {
  const p = inbound.safeParse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== "")));
  if (!p.success) return null;
  return { sid: p.data.MessageSid, from: p.data.From.slice("whatsapp:".length), body: p.data.Body, payload: p.data.ButtonPayload, repliedTo: p.data.OriginalRepliedMessageSid };
}

export type InboundWhatsappOutcome = {
  reply: string;
  action: "answered" | "refused" | "not_current" | "connected" | "link_invalid" | "stopped" | "started" | "help" | "connect_first" | "no_open" | "ambiguous" | "unknown_code";
};

/** A button's answer and invitation: dynamic ids, or fixed ids with the message replied to. */
async function buttonTarget(db: Db, m: InboundWhatsapp): Promise<{ answer: "accept" | "decline"; invitationId: string } | null> {
  const dynamic = parseAnswerData(m.payload);
  if (dynamic) return dynamic;
  const fixed = m.payload?.toLowerCase();
  if ((fixed !== "accept" && fixed !== "decline") || !m.repliedTo) return null;
  const [msg] = await db
    .select({ invitationId: s.messages.invitationId })
    .from(s.messages)
    .where(and(eq(s.messages.providerId, m.repliedTo), eq(s.messages.channel, "whatsapp"), eq(s.messages.kind, "invitation")))
    .limit(1);
  return msg?.invitationId ? { answer: fixed, invitationId: msg.invitationId } : null;
}

export async function handleInboundWhatsapp(db: Db, m: InboundWhatsapp, now = new Date()): Promise<InboundWhatsappOutcome> {
  await touchWhatsappInbound(db, m.from, now);
  const bound = await volunteersOfWhatsapp(db, m.from);
  const locale: Locale = toLocale(bound[0]?.locale);
  const t = translator(locale, "sms");

  if (m.payload) {
    const target = await buttonTarget(db, m);
    const [inv] = target
      ? await db
          .select({ id: s.invitations.id, phone: s.volunteers.whatsappPhone, locale: s.volunteers.locale, title: s.requests.title })
          .from(s.invitations)
          .innerJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
          .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
          .where(eq(s.invitations.id, target.invitationId))
      : [];
    // only the number the invitation's volunteer connected may answer it (the ids carry no secret)
    if (!target || !inv || inv.phone !== m.from) return { reply: t("whatsapp.notCurrent"), action: "not_current" };
    const result = await respondToInvitation(db, { invitationId: inv.id, answer: target.answer, via: "whatsapp", now });
    const lt = translator(toLocale(inv.locale), "sms");
    if (!result.ok) return { reply: lt("whatsapp.notCurrent"), action: "not_current" };
    const key = replyKeyOf(result.outcome);
    return { reply: lt(key, { title: inv.title }), action: key === "filled" || key === "closed" || key === "unavailable" ? "refused" : "answered" };
  }

  const code = connectCodeIn(m.body);
  if (code) {
    const result = await bindWhatsappNumber(db, code, m.from, now);
    if (!result.ok) return { reply: t("whatsapp.linkInvalid"), action: "link_invalid" };
    const [org] = await db.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, result.organizationId));
    return { reply: translator(toLocale(result.locale), "sms")("whatsapp.connected", { org: org?.name ?? "" }), action: "connected" };
  }

  if (bound.length === 0) return { reply: t("whatsapp.connectFirst"), action: "connect_first" };
  const parsed = parseSmsReply(m.body);
  if (parsed.kind === "stop" || parsed.kind === "start") {
    await setWhatsappNumberStopped(db, m.from, parsed.kind === "stop", parsed.kind, now);
    return parsed.kind === "stop" ? { reply: t("whatsapp.stopped"), action: "stopped" } : { reply: t("whatsapp.started"), action: "started" };
  }
  if (parsed.kind === "help") return { reply: t("whatsapp.help"), action: "help" };
  // typed answers only from records whose WhatsApp is on
  const active = bound.filter((b) => !b.optedOut).map((b) => b.id);
  if (active.length === 0) return { reply: t("whatsapp.stopped"), action: "stopped" };
  const answer: SmsAnswerHandler = async ({ invitationId, answer: a }) => {
    const r = await respondToInvitation(db, { invitationId, answer: a, via: "whatsapp", now });
    return r.ok ? toSmsAnswerResult(r.outcome) : { ok: false, error: "closed" };
  };
  const out = await answerByText(db, active, parsed, locale, answer, "whatsapp", now);
  const action = out.action === "no_open" || out.action === "ambiguous" || out.action === "unknown_code" || out.action === "answered" ? out.action : "refused";
  return { reply: out.reply, action };
}
