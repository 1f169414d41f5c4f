import { and, eq, inArray, isNotNull, ne, notInArray, or } from "drizzle-orm";
import { Resend } from "resend";
import twilio from "twilio";
import { z } from "zod";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { markEmailBounced, markSmsOptedOut } from "./opt-outs";
import { applyOnce } from "./webhook-receipts";
import { setWhatsappNumberStopped } from "@/lib/volunteers/whatsapp";

export type WebhookResult = { ok: true; applied: boolean } | { ok: false; status: 400 | 403; error: string };

const uuid = z.uuid();

// ---------------------------------------------------------------------------------------------
// Resend (signed with Svix / Standard Webhooks: webhook-id, -timestamp, -signature headers)
// ---------------------------------------------------------------------------------------------

const resendEvent = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().optional(),
  data: z.object({
    email_id: z.string().min(1).max(200),
    to: z.array(z.string()).optional(),
    // Resend sends tags as an object; older payloads used a list of { name, value }
    tags: z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]).optional(),
    bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
  }),
});
export type ResendEvent = z.infer<typeof resendEvent>;

/**
 * Verifies the signature (HMAC over id, timestamp and body) and the timestamp (at most five
 * minutes old or early, so a recorded webhook cannot be replayed later) with the Resend SDK.
 */
export function verifyResendSignature(raw: string, headers: Headers, secret: string | undefined): unknown | null {
  if (!secret) return null;
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signature = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!id || !timestamp || !signature) return null;
  try {
    // The verifier needs no API key; the constructor insists on one.
    return new Resend("re_webhook_verification_only").webhooks.verify({ payload: raw, headers: { id, timestamp, signature }, webhookSecret: secret });
  } catch {
    return null;
  }
}

export async function handleResendWebhook(db: Db, raw: string, headers: Headers, secret: string | undefined): Promise<WebhookResult> {
  const verified = verifyResendSignature(raw, headers, secret);
  if (verified === null) return { ok: false, status: 403, error: "bad_signature" };
  const parsed = resendEvent.safeParse(verified);
  if (!parsed.success) return { ok: false, status: 400, error: "malformed" };
  const eventId = headers.get("svix-id") ?? headers.get("webhook-id")!;
  const once = await applyOnce(db, "resend", eventId, () => applyResendEvent(db, parsed.data));
  if (once.replayed) return { ok: false, status: 403, error: "replayed" };
  return { ok: true, applied: once.value };
}

function tagValue(tags: ResendEvent["data"]["tags"], name: string): string | undefined {
  if (!tags) return undefined;
  if (Array.isArray(tags)) return tags.find((t) => t.name === name)?.value;
  return tags[name];
}

/**
 * Delivery status and bounces. Unknown e-mails, messages of erased volunteers (recipient null: a
 * late callback must not write the provider id back) and uninteresting events change nothing.
 */
export async function applyResendEvent(db: Db, event: ResendEvent): Promise<boolean> {
  const taggedId = tagValue(event.data.tags, "message_id");
  const byTag = taggedId && uuid.safeParse(taggedId).success ? eq(s.messages.id, taggedId) : undefined;
  const [message] = await db
    .select()
    .from(s.messages)
    .where(and(eq(s.messages.channel, "email"), isNotNull(s.messages.recipient), byTag ? or(eq(s.messages.providerId, event.data.email_id), byTag) : eq(s.messages.providerId, event.data.email_id)))
    .limit(1);
  if (!message) return false;
  const now = new Date();
  switch (event.type) {
    case "email.delivered":
      await db
        .update(s.messages)
        .set({ status: "delivered", deliveredAt: now, providerId: event.data.email_id, lockedUntil: null })
        .where(and(eq(s.messages.id, message.id), notInArray(s.messages.status, ["failed", "cancelled"])));
      return true;
    case "email.bounced":
    case "email.suppressed":
    case "email.failed":
    case "email.complained": {
      const reason = event.type === "email.complained" ? "marked as spam by the recipient" : `${event.type.slice(6)}: ${event.data.bounce?.message ?? event.data.bounce?.subType ?? ""}`.trim();
      await db.transaction(async (tx) => {
        if (event.type !== "email.complained") {
          await tx.update(s.messages).set({ status: "failed", lastError: reason.slice(0, 500), providerId: event.data.email_id, lockedUntil: null }).where(eq(s.messages.id, message.id));
        }
        const hard = event.type === "email.suppressed" || (event.type === "email.bounced" && event.data.bounce?.type !== "Transient");
        let changed: { id: string; organizationId: string }[] = [];
        if (hard && message.recipient) changed = await markEmailBounced(tx, message.recipient, now);
        if (event.type === "email.complained" && message.volunteerId) {
          // a spam complaint counts as an unsubscribe
          changed = await tx
            .update(s.volunteers)
            .set({ emailOptedOutAt: now, updatedAt: now })
            .where(eq(s.volunteers.id, message.volunteerId))
            .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
        }
        for (const v of changed) {
          // in the volunteer's own organisation's log (the same address may be registered with
          // several); the message id only where the message is that organisation's
          const own = v.organizationId === message.organizationId;
          await recordAudit(tx, { organizationId: v.organizationId, actorType: "system", action: hard ? "volunteer.email_bounced" : "volunteer.email_complained", objectType: "volunteer", objectId: v.id, details: own ? { messageId: message.id } : undefined });
        }
      });
      return true;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Twilio (X-Twilio-Signature: HMAC-SHA1 over the public URL and the sorted form parameters)
// ---------------------------------------------------------------------------------------------

/** The URL Twilio signed: the public APP_URL (not the Host header, which a proxy may change). */
export function publicWebhookUrl(appUrl: string, requestUrl: string): string {
  const u = new URL(requestUrl);
  return `${appUrl}${u.pathname}${u.search}`;
}

export function verifyTwilioSignature(authToken: string | undefined, signature: string | null, url: string, params: Record<string, string>): boolean {
  if (!authToken || !signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

const twilioStatus = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  MessageStatus: z.enum(["accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read", "canceled", "receiving", "received", "partially_delivered"]),
  ErrorCode: z.string().regex(/^\d*$/).optional(),
  To: z.string().optional(),
});

/** A verified status callback, applied once per message and status (a replay gets 403). */
export async function handleTwilioStatus(db: Db, params: Record<string, string>, messageId: string | null): Promise<WebhookResult> {
  const parsed = twilioStatus.safeParse(params);
  if (!parsed.success) return { ok: false, status: 400, error: "malformed" };
  const once = await applyOnce(db, "twilio-status", `${parsed.data.MessageSid}:${parsed.data.MessageStatus}`, () => applyTwilioStatus(db, params, messageId));
  return once.replayed ? { ok: false, status: 403, error: "replayed" } : once.value;
}

/**
 * Twilio status callback: the query parameter m carries the outbox message id (see TwilioTransport).
 * Messages of erased volunteers (recipient null) are left alone, like unknown ones.
 */
export async function applyTwilioStatus(db: Db, params: Record<string, string>, messageId: string | null): Promise<WebhookResult> {
  const parsed = twilioStatus.safeParse(params);
  if (!parsed.success) return { ok: false, status: 400, error: "malformed" };
  const { MessageSid: sid, MessageStatus: status, ErrorCode: errorCode } = parsed.data;
  // One message only: the one the callback URL names (?m=, when it has no other sid yet), else the
  // one with this sid. A URL naming one message with another message's sid changes neither.
  const byId = messageId && uuid.safeParse(messageId).success ? eq(s.messages.id, messageId) : undefined;
  const [message] = await db
    .select()
    .from(s.messages)
    // SMS and WhatsApp (issue 18) share the route: the same Messages API, the same callbacks
    .where(and(inArray(s.messages.channel, ["sms", "whatsapp"]), isNotNull(s.messages.recipient), byId ?? eq(s.messages.providerId, sid)))
    .limit(1);
  if (!message) return { ok: true, applied: false };
  if (message.providerId && message.providerId !== sid) return { ok: true, applied: false };
  if (byId && !message.providerId) {
    // the sid must not be another message's already
    const [other] = await db.select({ id: s.messages.id }).from(s.messages).where(and(eq(s.messages.providerId, sid), ne(s.messages.id, message.id))).limit(1);
    if (other) return { ok: true, applied: false };
  }
  const now = new Date();
  if (status === "delivered" || status === "read") {
    await db
      .update(s.messages)
      .set({ status: "delivered", deliveredAt: now, providerId: sid, sentAt: message.sentAt ?? now, lockedUntil: null })
      .where(and(eq(s.messages.id, message.id), notInArray(s.messages.status, ["failed", "cancelled"])));
  } else if (status === "undelivered" || status === "failed" || status === "canceled") {
    await db
      .update(s.messages)
      .set({ status: "failed", providerId: sid, lastError: `twilio ${status}${errorCode ? ` ${errorCode}` : ""}`, lockedUntil: null })
      .where(eq(s.messages.id, message.id));
    if (message.channel === "whatsapp") {
      // 63024 / 63003: no WhatsApp user at that number; 21610: the recipient blocked the sender
      if (["21610", "63024", "63003"].includes(errorCode ?? "") && message.recipient) await setWhatsappNumberStopped(db, message.recipient, true, "blocked", now);
    } else if (errorCode === "21610" && message.recipient) await markSmsOptedOut(db, message.recipient, now);
  } else {
    // queued / sending / sent: Twilio has it. If our own record of the call was lost (the process
    // died between call and update), this is how we learn it went out: never send it again.
    await db
      .update(s.messages)
      .set({ status: "sent", providerId: sid, sentAt: message.sentAt ?? now, lockedUntil: null })
      .where(and(eq(s.messages.id, message.id), inArray(s.messages.status, ["queued", "sending"])));
  }
  return { ok: true, applied: true };
}

const inboundSms = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  From: z.string().regex(/^\+[1-9]\d{6,14}$/),
  Body: z.string().max(1600),
});

export function parseInboundSms(params: Record<string, string>) {
  const parsed = inboundSms.safeParse(params);
  return parsed.success ? { from: parsed.data.From, body: parsed.data.Body, sid: parsed.data.MessageSid } : null;
}
