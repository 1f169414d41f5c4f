import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { analyzeSms } from "./sms-segments";
import { generateToken, hashToken } from "@/lib/tokens";
import { toStoredTexts } from "./secrets";
import { unsubscribeUrl } from "./unsubscribe";

/**
 * Kinds a volunteer asked for themselves (sign-in link, confirming their own address): they are
 * delivered even after a one-click unsubscribe and carry no List-Unsubscribe header. Every other
 * message to a volunteer (requests, reminders, …) stops with the unsubscribe. Add new
 * self-requested kinds here.
 */
export const ALWAYS_DELIVER_KINDS: readonly string[] = ["sign-in", "volunteer-sign-in", "confirm-email", "confirm-phone", "erasure-confirmation"];

export type OutgoingMessage = {
  organizationId: string | null;
  channel: "email" | "sms";
  recipient: string;
  kind: string;
  locale: Locale;
  subject?: string;
  body: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: s.MessageAttachment[];
  volunteerId?: string | null;
  requestId?: string | null;
  invitationId?: string | null;
  /** do not send before (quiet hours, waves) */
  notBefore?: Date;
  /**
   * Raw tokens inside subject/body/html/headers (sign-in, confirmation links): stored only as
   * placeholders plus a sealed copy until sent (lib/messaging/secrets.ts). The invitation's own
   * response token needs no listing: it is derived again from `invitationId`.
   */
  secrets?: readonly string[];
};

/**
 * Queue messages in the caller's transaction (invariant 4): the message exists exactly when the
 * change that caused it commits. The dispatcher sends it afterwards.
 */
export async function enqueueMessages(tx: DbOrTx, msgs: OutgoingMessage[]): Promise<string[]> {
  if (msgs.length === 0) return [];
  const ids: string[] = [];
  // Chunked so that a fan-out to thousands stays below the parameter limit of one statement.
  for (let i = 0; i < msgs.length; i += 1000) {
    const rows = await tx
      .insert(s.messages)
      .values(msgs.slice(i, i + 1000).map(storedRow))
      .returning({ id: s.messages.id });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** The row of one message: link tokens replaced by placeholders (lib/messaging/secrets.ts). */
function storedRow(message: OutgoingMessage) {
  const { headers, unsubscribeTokenHash, unsubscribeToken } = listUnsubscribe(message);
  const m = { ...message, headers: headers ?? undefined, secrets: [...(message.secrets ?? []), ...(unsubscribeToken ? [unsubscribeToken] : [])] };
  const stored = toStoredTexts(m);
  return {
    unsubscribeTokenHash,
    organizationId: m.organizationId,
    channel: m.channel,
    recipient: m.recipient,
    kind: m.kind,
    locale: m.locale,
    subject: stored.subject,
    body: stored.body,
    html: stored.html,
    headers: stored.headers,
    sealedSecrets: stored.sealedSecrets,
    // counted here (cheap GSM-7/UCS-2 rule) from the text as sent, because bodies are purged later; reports sum them
    segments: m.channel === "sms" ? analyzeSms(m.body).segments : null,
    attachments: m.attachments ?? null,
    volunteerId: m.volunteerId ?? null,
    requestId: m.requestId ?? null,
    invitationId: m.invitationId ?? null,
    nextAttemptAt: m.notBefore ?? new Date(),
  };
}

/**
 * E-mails to volunteers carry List-Unsubscribe + List-Unsubscribe-Post (RFC 8058): mail clients
 * show an "unsubscribe" button that POSTs to the link; only the token's hash is stored.
 */
function listUnsubscribe(m: OutgoingMessage): { headers: Record<string, string> | null; unsubscribeTokenHash: string | null; unsubscribeToken: string | null } {
  if (m.channel !== "email" || !m.volunteerId || ALWAYS_DELIVER_KINDS.includes(m.kind)) {
    return { headers: m.headers ?? null, unsubscribeTokenHash: null, unsubscribeToken: null };
  }
  const token = generateToken();
  return {
    headers: { ...m.headers, "List-Unsubscribe": `<${unsubscribeUrl(token)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    unsubscribeTokenHash: hashToken(token),
    unsubscribeToken: token,
  };
}

export async function enqueueMessage(tx: DbOrTx, msg: OutgoingMessage): Promise<string> {
  const [id] = await enqueueMessages(tx, [msg]);
  return id;
}

/** Invariant 5: a filled or cancelled request's queued messages never go out. */
export async function cancelQueuedMessagesForRequest(tx: DbOrTx, requestId: string, kinds?: string[]): Promise<number> {
  const rows = await tx
    .update(s.messages)
    .set({ status: "cancelled", lastError: null })
    .where(
      and(
        eq(s.messages.requestId, requestId),
        eq(s.messages.status, "queued"),
        kinds && kinds.length ? inArray(s.messages.kind, kinds) : sql`true`,
      ),
    )
    .returning({ id: s.messages.id });
  return rows.length;
}

/** A helper withdrew: their queued reminders (and a confirmation not sent yet) never go out (kinds: stop-kinds.ts). */
export async function cancelQueuedMessagesForInvitation(tx: DbOrTx, invitationId: string, kinds: string[]): Promise<number> {
  const rows = await tx
    .update(s.messages)
    .set({ status: "cancelled", lastError: "invitation withdrawn" })
    .where(and(eq(s.messages.invitationId, invitationId), eq(s.messages.status, "queued"), inArray(s.messages.kind, kinds)))
    .returning({ id: s.messages.id });
  return rows.length;
}
