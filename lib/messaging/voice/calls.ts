import { and, eq, inArray, isNotNull, notInArray, or, sql } from "drizzle-orm";
import twilio from "twilio";
import type VoiceResponse from "twilio/lib/twiml/VoiceResponse";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { config } from "@/lib/config";
import { loadQuietHours, smsNotBefore } from "@/lib/requests/quiet-hours";
import { respondToInvitation, type RespondOutcome } from "@/lib/requests/respond";
import { absoluteUrl } from "@/lib/urls";
import { stopVoiceCalls } from "@/lib/volunteers/voice";
import { applyOnce } from "../webhook-receipts";
import type { WebhookResult } from "../webhooks";
import { VOICE_TEXTS, type VoiceTexts } from "./texts";
import { spokenVoiceFor, type SpokenVoice } from "./voices";

/**
 * Voice calls (issue 18): an invitation by telephone, answered on the keypad.
 *
 * 1. The dispatcher places the call (transports/twilio-voice.ts: calls.create with `url` = the
 *    call route below, answering-machine detection, status callback), one message per invitation.
 * 2. Twilio fetches the TwiML when someone (or something) answers: a machine hears nothing (we hang
 *    up: no request details on a shared answering machine) and counts as "no answer"; a person
 *    hears the request as it is NOW (how many are still needed), then the menu.
 * 3. The digit comes to the answer route: 1 accept, 2 decline (through respondToInvitation with
 *    via "voice", so exactly N holds), 9 repeat, 0 stop calls; anything else (or nothing) → the menu
 *    once more, then a polite goodbye. One answer per call (webhook receipt on the CallSid): a
 *    replayed callback is told "already received" and changes nothing.
 * 4. The status callback records the outcome; busy / no answer / answering machine is tried once
 *    more after VOICE_RETRY_DELAY_MINUTES (scheduleVoiceRetry): at most two calls per invitation.
 */

export const VOICE_ROUTES = {
  call: "/api/webhooks/twilio/voice/call",
  answer: "/api/webhooks/twilio/voice/answer",
  status: "/api/webhooks/twilio/voice/status",
} as const;

/** The kind of the call that reads a confirmation code (lib/volunteers/voice.ts): TwiML inline, no menu. */
export const VOICE_CODE_KIND = "confirm-voice";
/** At most this many calls per invitation: the first and one retry. */
export const MAX_CALLS_PER_INVITATION = 2;
/** "9" repeats the request at most this often in one call. */
const MAX_REPEATS = 3;

export const voiceCallUrl = (messageId: string, q: { attempt?: number; repeat?: number } = {}) =>
  absoluteUrl(`${VOICE_ROUTES.call}?m=${encodeURIComponent(messageId)}${q.attempt ? `&a=${q.attempt}` : ""}${q.repeat ? `&r=${q.repeat}` : ""}`);
const answerUrl = (messageId: string, attempt: number, repeat: number) => absoluteUrl(`${VOICE_ROUTES.answer}?m=${encodeURIComponent(messageId)}&a=${attempt}&r=${repeat}`);
export const voiceStatusUrl = (messageId: string) => absoluteUrl(`${VOICE_ROUTES.status}?m=${encodeURIComponent(messageId)}`);

const uuid = z.uuid();
const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/);

type CallContext = {
  message: s.Message;
  invitation: s.Invitation;
  request: s.Request & { activityNameDe: string; activityNameEn: string; activityNames: s.LocalizedTexts };
  orgName: string;
  timeZone: string;
  firstName: string;
  voice: SpokenVoice;
  texts: VoiceTexts;
  /** the volunteer can get the briefing in writing */
  hasTextChannel: boolean;
};

async function loadCall(db: DbOrTx, messageId: string | null): Promise<CallContext | null> {
  if (!messageId || !uuid.safeParse(messageId).success) return null;
  const [row] = await db
    .select({
      message: s.messages,
      invitation: s.invitations,
      request: s.requests,
      activityNameDe: s.activities.nameDe,
      activityNameEn: s.activities.nameEn,
      activityNames: s.activities.names,
      orgName: s.organizations.name,
      timeZone: s.organizations.timeZone,
      firstName: s.volunteers.firstName,
      locale: s.volunteers.locale,
      text: sql<boolean>`coalesce(${s.volunteers.reachEmail} or ${s.volunteers.reachSms}, false)`,
    })
    .from(s.messages)
    .innerJoin(s.invitations, eq(s.invitations.id, s.messages.invitationId))
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.organizations, eq(s.organizations.id, s.requests.organizationId))
    .leftJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .where(and(eq(s.messages.id, messageId), eq(s.messages.channel, "voice"), eq(s.messages.kind, "invitation"), isNotNull(s.messages.recipient)));
  if (!row) return null;
  const voice = spokenVoiceFor(toLocale(row.locale));
  return {
    message: row.message,
    invitation: row.invitation,
    request: { ...row.request, activityNameDe: row.activityNameDe ?? "", activityNameEn: row.activityNameEn ?? "", activityNames: row.activityNames ?? {} },
    orgName: row.orgName,
    timeZone: row.timeZone,
    firstName: row.firstName,
    voice,
    texts: VOICE_TEXTS[voice.lang],
    hasTextChannel: row.text,
  };
}

type Node = VoiceResponse | ReturnType<VoiceResponse["gather"]>;
function sayer(voice: SpokenVoice) {
  return (node: Node, text: string) => node.say({ voice: voice.voice as VoiceResponse.SayAttributes["voice"], language: voice.language as VoiceResponse.SayAttributes["language"] }, text);
}

function hangUpWith(voice: SpokenVoice, ...lines: string[]): string {
  const r = new twilio.twiml.VoiceResponse();
  const say = sayer(voice);
  for (const line of lines) say(r, line);
  r.hangup();
  return r.toString();
}

/** "Tuesday, 8 December at 09:00" in the spoken language and the organisation's zone. */
export function spokenWhen(voice: SpokenVoice, timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat(voice.intl, { timeZone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** What the call says about the request, as it is now. Also the body of the outbox row (development outbox). */
export function spokenRequest(t: VoiceTexts, voice: SpokenVoice, r: CallContext["request"], timeZone: string): string {
  return t.request({
    activity: activityName(r, voice.lang),
    title: r.title,
    when: spokenWhen(voice, timeZone, r.startsAt),
    place: r.place,
    missing: Math.max(1, r.helpersNeeded - r.acceptedCount),
  });
}

function menuTwiml(ctx: CallContext, opts: { attempt: number; repeat: number; full: boolean; prefix?: string }): string {
  const r = new twilio.twiml.VoiceResponse();
  const say = sayer(ctx.voice);
  const gather = r.gather({ input: ["dtmf"], numDigits: 1, timeout: 8, action: answerUrl(ctx.message.id, opts.attempt, opts.repeat), method: "POST", actionOnEmptyResult: true });
  if (opts.prefix) say(gather, opts.prefix);
  if (opts.full) {
    say(gather, ctx.texts.greeting({ org: ctx.orgName, firstName: ctx.firstName }));
    say(gather, spokenRequest(ctx.texts, ctx.voice, ctx.request, ctx.timeZone));
  }
  say(gather, ctx.texts.menu);
  return r.toString();
}

/** Still worth asking: the invitation open (or accepted: they may withdraw) and the request open and ahead. */
function stillAsking(ctx: CallContext, now: Date): boolean {
  return ctx.request.status === "open" && ctx.request.startsAt.getTime() > now.getTime() && ["pending", "accepted"].includes(ctx.invitation.status);
}

const fallbackVoice = () => spokenVoiceFor(config().VOICE_FALLBACK_LANGUAGE);

/**
 * The call route: Twilio asks what to say when the call is answered. `AnsweredBy` (answering
 * machine detection) machine_* / fax → hang up at once, nothing said, counted as no answer.
 */
export async function callTwiml(db: Db, messageId: string | null, params: Record<string, string>, q: { attempt: number; repeat: number }, now = new Date()): Promise<string> {
  const ctx = await loadCall(db, messageId);
  if (!ctx) return hangUpWith(fallbackVoice(), VOICE_TEXTS[fallbackVoice().lang].notCurrent);
  const sid = callSid.safeParse(params.CallSid).success ? params.CallSid : null;
  // Twilio fetched the TwiML: the call exists (closes the duplicate window like SMS's status callback)
  if (sid && !ctx.message.providerId) await markCallPlaced(db, ctx.message.id, sid, now);
  const answeredBy = params.AnsweredBy ?? "";
  if (answeredBy.startsWith("machine") || answeredBy === "fax") {
    await db
      .update(s.messages)
      .set({ status: "failed", lastError: `voice ${answeredBy}: answering machine, hung up`, lockedUntil: null })
      .where(and(eq(s.messages.id, ctx.message.id), notInArray(s.messages.status, ["cancelled"])));
    await scheduleVoiceRetry(db, ctx.message.id, now);
    const r = new twilio.twiml.VoiceResponse();
    r.hangup();
    return r.toString();
  }
  if (!stillAsking(ctx, now)) return hangUpWith(ctx.voice, ctx.texts.notCurrent);
  return menuTwiml(ctx, { attempt: q.attempt, repeat: q.repeat, full: true });
}

function outcomeLines(ctx: CallContext, outcome: RespondOutcome | "not_found"): string[] {
  const t = ctx.texts;
  switch (outcome) {
    case "accepted":
    case "already_accepted":
    case "kept": {
      const lines = [t.accepted];
      if (ctx.request.meetingPoint) lines.push(t.meetingPoint(ctx.request.meetingPoint));
      if (ctx.request.contactName) lines.push(t.contact(ctx.request.contactName));
      if (ctx.hasTextChannel) lines.push(t.briefingByText);
      return [...lines, t.goodbye];
    }
    case "full":
    case "overlap":
      return [t.full, t.goodbye];
    case "declined":
    case "already_declined":
    case "not_accepted":
      return [t.declined, t.goodbye];
    case "withdrawn":
      return [t.withdrawn, t.goodbye];
    default:
      return [t.notCurrent];
  }
}

/** The keypad answer (Digits), posted by `<Gather>`; a= the menu attempt, r= the repeats so far. */
export async function answerTwiml(db: Db, messageId: string | null, params: Record<string, string>, q: { attempt: number; repeat: number }, now = new Date()): Promise<string> {
  const ctx = await loadCall(db, messageId);
  if (!ctx) return hangUpWith(fallbackVoice(), VOICE_TEXTS[fallbackVoice().lang].notCurrent);
  const digit = /^[0-9*#]$/.test(params.Digits ?? "") ? params.Digits : "";
  if (digit === "9" && q.repeat < MAX_REPEATS) return menuTwiml(ctx, { attempt: q.attempt, repeat: q.repeat + 1, full: true });
  if (digit !== "1" && digit !== "2" && digit !== "0") {
    // anything else (or nothing within the timeout): the menu once more, then goodbye
    if (q.attempt < 1 && digit !== "9") return menuTwiml(ctx, { attempt: q.attempt + 1, repeat: q.repeat, full: false, prefix: digit ? ctx.texts.invalid : undefined });
    return hangUpWith(ctx.voice, ctx.texts.goodbye);
  }
  const sid = callSid.safeParse(params.CallSid);
  if (!sid.success) return hangUpWith(ctx.voice, ctx.texts.goodbye);
  // one answer per call: a replayed (or doubled) callback changes nothing
  const once = await applyOnce(db, "twilio-voice-answer", sid.data, async () => {
    if (digit === "0") {
      await stopVoiceCalls(db, ctx.invitation.volunteerId!, { actor: "volunteer", now });
      return [ctx.texts.stopped, ctx.texts.goodbye];
    }
    const result = await respondToInvitation(db, { invitationId: ctx.invitation.id, answer: digit === "1" ? "accept" : "decline", via: "voice", now });
    return outcomeLines(ctx, result.ok ? result.outcome : "not_found");
  });
  if (once.replayed) return hangUpWith(ctx.voice, ctx.texts.alreadyAnswered, ctx.texts.goodbye);
  return hangUpWith(ctx.voice, ...once.value);
}

async function markCallPlaced(db: DbOrTx, messageId: string, sid: string, now: Date) {
  await db
    .update(s.messages)
    .set({ status: "sent", providerId: sid, sentAt: now, lockedUntil: null })
    .where(and(eq(s.messages.id, messageId), inArray(s.messages.status, ["queued", "sending"])));
  await db.update(s.messages).set({ providerId: sid }).where(and(eq(s.messages.id, messageId), sql`${s.messages.providerId} is null`));
}

const voiceStatus = z.object({
  CallSid: callSid,
  CallStatus: z.enum(["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"]),
  AnsweredBy: z.string().max(40).optional(),
});

/** A verified call status callback (?m=<outbox message id>), applied once per call and status. */
export async function handleVoiceStatus(db: Db, params: Record<string, string>, messageId: string | null, now = new Date()): Promise<WebhookResult> {
  const parsed = voiceStatus.safeParse(params);
  if (!parsed.success) return { ok: false, status: 400, error: "malformed" };
  const { CallSid: sid, CallStatus: status } = parsed.data;
  const once = await applyOnce(db, "twilio-voice-status", `${sid}:${status}`, async (): Promise<WebhookResult> => {
    const byId = messageId && uuid.safeParse(messageId).success ? eq(s.messages.id, messageId) : undefined;
    const [message] = await db
      .select()
      .from(s.messages)
      .where(and(eq(s.messages.channel, "voice"), isNotNull(s.messages.recipient), byId ? or(byId, eq(s.messages.providerId, sid)) : eq(s.messages.providerId, sid)))
      .limit(1);
    if (!message || (message.providerId && message.providerId !== sid)) return { ok: true, applied: false };
    if (status === "completed") {
      // answered (a person: an answering machine was marked failed by the call route already)
      await db
        .update(s.messages)
        .set({ status: "delivered", deliveredAt: now, providerId: sid, sentAt: message.sentAt ?? now, lockedUntil: null })
        .where(and(eq(s.messages.id, message.id), notInArray(s.messages.status, ["failed", "cancelled"])));
    } else if (status === "busy" || status === "no-answer" || status === "failed" || status === "canceled") {
      await db.update(s.messages).set({ status: "failed", providerId: sid, lastError: `voice ${status}`, lockedUntil: null }).where(eq(s.messages.id, message.id));
      if (status === "busy" || status === "no-answer") await scheduleVoiceRetry(db, message.id, now);
    } else {
      await markCallPlaced(db, message.id, sid, now);
    }
    return { ok: true, applied: true };
  });
  return once.replayed ? { ok: false, status: 403, error: "replayed" } : once.value;
}

/**
 * One more call after VOICE_RETRY_DELAY_MINUTES for an invitation whose call was busy, not
 * answered or reached an answering machine — only while the invitation is unanswered, the request
 * open and not starting before the retry, and never a third call (MAX_CALLS_PER_INVITATION).
 * Serialised per invitation (advisory lock), so two callbacks at once queue one retry. The quiet
 * hours are applied when the call is due (the dispatcher postpones it: holdQuietCalls).
 */
export async function scheduleVoiceRetry(db: Db, messageId: string, now = new Date()): Promise<boolean> {
  const at = new Date(now.getTime() + config().VOICE_RETRY_DELAY_MINUTES * 60_000);
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(s.messages).where(eq(s.messages.id, messageId));
    if (!m || m.kind !== "invitation" || !m.invitationId || !m.recipient) return false;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice-retry:${m.invitationId}`}))`);
    const inserted = await tx.execute(sql`
      insert into ${s.messages} (organization_id, channel, recipient, volunteer_id, request_id, invitation_id, kind, locale, body, next_attempt_at)
      select m.organization_id, m.channel, m.recipient, m.volunteer_id, m.request_id, m.invitation_id, m.kind, m.locale, m.body, ${at}::timestamptz
      from ${s.messages} m
      join ${s.invitations} i on i.id = m.invitation_id
      join ${s.requests} r on r.id = i.request_id
      where m.id = ${messageId}::uuid and i.status = 'pending' and r.status = 'open' and r.starts_at > ${at}::timestamptz
        and (select count(*) from ${s.messages} x where x.invitation_id = m.invitation_id and x.channel = 'voice') < ${MAX_CALLS_PER_INVITATION}
      returning 1`);
    return inserted.rows.length === 1;
  });
}

/**
 * Quiet hours, strictly, at the moment of the call (not only when queued: a retry, a backoff or
 * a busy dispatcher can move a call into the night): a call about a request is postponed to the
 * end of the quiet hours unless the request starts within the urgent window — the rule of the
 * SMS (lib/requests/quiet-hours.ts). Returns the postponed message ids with their new time.
 * A code call the volunteer asked for just now on the web page is not held.
 */
export async function quietCallHolds(tx: DbOrTx, messages: s.Message[], now: Date): Promise<Map<string, Date>> {
  const holds = new Map<string, Date>();
  const about = messages.filter((m) => m.channel === "voice" && m.requestId);
  if (about.length === 0) return holds;
  const rows = await tx
    .select({ id: s.requests.id, organizationId: s.requests.organizationId, startsAt: s.requests.startsAt, timeZone: s.organizations.timeZone })
    .from(s.requests)
    .innerJoin(s.organizations, eq(s.organizations.id, s.requests.organizationId))
    .where(inArray(s.requests.id, [...new Set(about.map((m) => m.requestId!))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const quiet = new Map<string, Awaited<ReturnType<typeof loadQuietHours>>>();
  for (const m of about) {
    const r = byId.get(m.requestId!);
    if (!r) continue;
    if (!quiet.has(r.organizationId)) quiet.set(r.organizationId, await loadQuietHours(tx, r.organizationId));
    const until = smsNotBefore(now, r.timeZone, r.startsAt, quiet.get(r.organizationId));
    if (until) holds.set(m.id, until);
  }
  return holds;
}

/**
 * What an invitation call says when queued (greeting, request, menu), stored as the outbox body:
 * the development outbox and the record show it. The call itself says the request as it is when
 * answered (callTwiml).
 */
export function invitationCallText(orgName: string, request: CallContext["request"], timeZone: string, locale: string, firstName: string): string {
  const voice = spokenVoiceFor(toLocale(locale));
  const t = VOICE_TEXTS[voice.lang];
  return [t.greeting({ org: orgName, firstName }), spokenRequest(t, voice, request, timeZone), t.menu].join("\n");
}
