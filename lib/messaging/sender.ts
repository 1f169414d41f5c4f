import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { Message, MessageSender } from "@/db/schema";
import { smsSenderOf } from "@/lib/organizations/branding-rules";

/**
 * Each message goes out with its organisation's sender (issue 16): the From name
 * (organizations.email_sender_name) and address, the Reply-To and the SMS sender. What an
 * organisation has not set is the installation's (EMAIL_FROM, EMAIL_REPLY_TO,
 * TWILIO_MESSAGING_SERVICE_SID / TWILIO_FROM): the transports fill it in.
 *
 * The dispatcher reads the senders of a claim's organisations in one query and stores each
 * message's sender with its idempotency key right before the call (messages.sender): a call
 * repeated after an unknown outcome reads it back, so the repeated request is byte-for-byte the
 * first, even when the organisation changed its sender meanwhile.
 */
export type OrgSenders = Map<string, MessageSender>;

export async function sendersOf(db: Db, messages: Message[]): Promise<OrgSenders> {
  const ids = [...new Set(messages.map((m) => m.organizationId).filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: s.organizations.id, fromName: s.organizations.emailSenderName, fromAddress: s.organizations.emailFromAddress, replyTo: s.organizations.emailReplyTo, sms: s.organizations.smsSender })
    .from(s.organizations)
    .where(inArray(s.organizations.id, ids));
  return new Map(rows.map((r) => [r.id, senderOfOrganization(r)]));
}

export function senderOfOrganization(o: { fromName: string | null; fromAddress: string | null; replyTo: string | null; sms: string | null }): MessageSender {
  const sms = smsSenderOf(o.sms);
  return {
    ...(o.fromName?.trim() ? { fromName: o.fromName.trim() } : {}),
    ...(o.fromAddress ? { fromAddress: o.fromAddress } : {}),
    ...(o.replyTo ? { replyTo: o.replyTo } : {}),
    ...(sms?.kind === "messaging_service" ? { smsMessagingServiceSid: sms.sid } : sms?.kind === "alphanumeric" ? { smsFrom: sms.from } : {}),
  };
}

/** The sender a message is sent with: the one stored with its key (a repeated call), else its organisation's now. */
export function senderFor(message: Message, senders: OrgSenders): MessageSender | null {
  if (message.sender) return message.sender;
  const chosen = message.organizationId ? senders.get(message.organizationId) : undefined;
  if (!chosen) return null;
  // only what this channel uses: an e-mail keeps no SMS sender and the other way round
  const part: MessageSender =
    message.channel === "email"
      ? { fromName: chosen.fromName, fromAddress: chosen.fromAddress, replyTo: chosen.replyTo }
      : { smsMessagingServiceSid: chosen.smsMessagingServiceSid, smsFrom: chosen.smsFrom };
  const defined = Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined)) as MessageSender;
  return Object.keys(defined).length ? defined : null;
}

/** "Name <address>" of an installation's EMAIL_FROM, split. */
export function parseFrom(from: string): { name: string | null; address: string } {
  const m = from.match(/^\s*(.*?)\s*<([^>]+)>\s*$/);
  if (!m) return { name: null, address: from.trim() };
  const name = m[1].replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1").trim();
  return { name: name || null, address: m[2].trim() };
}

/**
 * The From line of an e-mail: the organisation's name and address where it set them, the
 * installation's otherwise. A display name with characters that are special in an address
 * header (RFC 5322: `,` `;` `"` `<` `>` `(` `)` `@` …) is quoted.
 */
export function formatFrom(installationFrom: string, sender: MessageSender | null | undefined): string {
  if (!sender?.fromName && !sender?.fromAddress) return installationFrom;
  const base = parseFrom(installationFrom);
  const name = sender.fromName ?? base.name;
  const address = sender.fromAddress ?? base.address;
  if (!name) return address;
  // atext and spaces (and letters beyond ASCII, which the provider encodes) need no quotes; "e.V." does
  const safe = /^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~\u00c0-\uffff]+$/.test(name);
  return `${safe ? name : `"${name.replace(/["\\]/g, "\\$&")}"`} <${address}>`;
}
