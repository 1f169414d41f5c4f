import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
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
  /** voice: a call (issue 18); its body is what the call says, for the development outbox and the record */
  channel: "email" | "sms" | "voice" | "telegram" | "whatsapp";
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
  /** a message that asks for a whole shift plan (lib/shifts): cancelled with the plan */
  shiftPlanId?: string | null;
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
      .values(msgs.slice(i, i + 1000).map(storedMessageRow))
      .returning({ id: s.messages.id });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/**
 * The row of one message: link tokens replaced by placeholders (lib/messaging/secrets.ts). For
 * callers that write it in a statement of their own (the accept path's one statement,
 * lib/requests/respond.ts, with db/conditional-insert.ts); everyone else calls enqueueMessages.
 */
export function storedMessageRow(message: OutgoingMessage) {
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
    shiftPlanId: m.shiftPlanId ?? null,
    nextAttemptAt: m.notBefore ?? new Date(),
  };
}

/** The keys of storedMessageRow, for a statement with a fixed column list (lib/requests/respond.ts). */
export const STORED_MESSAGE_KEYS = [
  "unsubscribeTokenHash",
  "organizationId",
  "channel",
  "recipient",
  "kind",
  "locale",
  "subject",
  "body",
  "html",
  "headers",
  "sealedSecrets",
  "segments",
  "attachments",
  "volunteerId",
  "requestId",
  "invitationId",
  "shiftPlanId",
  "nextAttemptAt",
] as const satisfies readonly (keyof ReturnType<typeof storedMessageRow>)[];
// every key of storedMessageRow is in the list (a type error otherwise)
const everyStoredKey: Exclude<keyof ReturnType<typeof storedMessageRow>, (typeof STORED_MESSAGE_KEYS)[number]> extends never ? true : never = true;
void everyStoredKey;

/**
 * E-mails to volunteers carry List-Unsubscribe + List-Unsubscribe-Post (RFC 8058): mail clients
 * show an "unsubscribe" button that POSTs to the link; only the token's hash is stored.
 */
function listUnsubscribe(m: Pick<OutgoingMessage, "channel" | "volunteerId" | "kind" | "headers">): { headers: Record<string, string> | null; unsubscribeTokenHash: string | null; unsubscribeToken: string | null } {
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

/**
 * A message rendered once with placeholders (`placeholders`), for many recipients: see
 * templatedMessagesStatement. Its texts are stored as they are (already with RESPONSE_PLACEHOLDER
 * where the invitation's link goes, lib/messaging/secrets.ts); `segments` as the SMS is sent.
 */
export type MessageTemplate = { channel: "email" | "sms" | "voice" | "telegram" | "whatsapp"; kind: string; locale: Locale; subject?: string; body: string; html?: string; segments: number | null };
/** One recipient of a template: `values[i]` replaces `placeholders[i]` in the text, `htmlValues[i]` (escaped) in the HTML. */
export type TemplatedMessage = Omit<OutgoingMessage, "channel" | "kind" | "locale" | "subject" | "body" | "html" | "headers" | "attachments" | "secrets"> & {
  template: number;
  values: string[];
  htmlValues: string[];
};

/**
 * The fan-out's enqueueMessages, as a statement the caller runs: ONE set-based INSERT … SELECT of
 * many messages from a few templates (one per language and channel), each row the template with
 * its recipient's values substituted in SQL — the same rows enqueueMessages would write for the
 * rendered messages (List-Unsubscribe per e-mail with its token sealed, next_attempt_at = notBefore
 * or now), without sending every body to the database. Placeholders must not occur in what
 * replaces them. It returns one row with `n`, the messages written; built without running it, so
 * the fan-out builds the next batch while the database writes this one (lib/requests/invite.ts).
 * `existingInvitationsOnly`: a message whose invitation does not exist (one skipped as already
 * there, see inviteMatching) is left out.
 */
export function templatedMessagesStatement(templates: MessageTemplate[], placeholders: string[], msgs: TemplatedMessage[], opts: { existingInvitationsOnly?: boolean } = {}): SQL {
  const queuedAt = new Date();
  const rows = msgs.map((m) => {
    const tpl = templates[m.template];
    const unsub = listUnsubscribe({ channel: tpl.channel, volunteerId: m.volunteerId, kind: tpl.kind });
    // as storedMessageRow: the unsubscribe token becomes a sealed secret (the texts carry none).
    // Only the headers pass through here, and they carry no response link: without the invitation
    // id toStoredTexts does not derive its two response tokens (two HMACs per message) to look for them.
    const stored = toStoredTexts({ body: null, headers: unsub.headers, invitationId: null, secrets: unsub.unsubscribeToken ? [unsub.unsubscribeToken] : [] });
    return {
      t: m.template,
      organization_id: m.organizationId,
      recipient: m.recipient,
      volunteer_id: m.volunteerId ?? null,
      request_id: m.requestId ?? null,
      invitation_id: m.invitationId ?? null,
      headers: stored.headers,
      sealed_secrets: stored.sealedSecrets,
      unsubscribe_token_hash: unsub.unsubscribeTokenHash,
      next_attempt_at: (m.notBefore ?? queuedAt).toISOString(),
      v: m.values,
      h: m.htmlValues,
    };
  });
  const tpls = templates.map((t, i) => ({ i, channel: t.channel, kind: t.kind, locale: t.locale, subject: t.subject ?? null, body: t.body, html: t.html ?? null, segments: t.segments }));
  const substitute = (col: SQL, values: SQL) => placeholders.reduce<SQL>((acc, ph, i) => sql`replace(${acc}, ${ph}, ${values} ->> ${sql.raw(String(i))})`, col);
  return sql`
    with t as (
      select * from jsonb_to_recordset(${JSON.stringify(tpls)}::jsonb) as t(i int, channel text, kind text, locale text, subject text, body text, html text, segments smallint)
    ),
    m as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as m(t int, organization_id uuid, recipient text, volunteer_id uuid, request_id uuid, invitation_id uuid, headers jsonb, sealed_secrets text, unsubscribe_token_hash text, next_attempt_at timestamptz, v jsonb, h jsonb)
    ),
    ins as (
      insert into ${s.messages} (organization_id, channel, recipient, kind, locale, subject, body, html, headers, sealed_secrets, unsubscribe_token_hash, segments, attachments, volunteer_id, request_id, invitation_id, next_attempt_at)
      select m.organization_id, t.channel::message_channel, m.recipient, t.kind, t.locale, ${substitute(sql`t.subject`, sql`m.v`)},
        ${substitute(sql`t.body`, sql`m.v`)}, ${substitute(sql`t.html`, sql`m.h`)},
        m.headers, m.sealed_secrets, m.unsubscribe_token_hash, t.segments, null, m.volunteer_id, m.request_id, m.invitation_id, m.next_attempt_at
      from m join t on t.i = m.t${opts.existingInvitationsOnly ? sql` join ${s.invitations} i on i.id = m.invitation_id` : sql``}
      returning 1
    )
    select count(*)::int as "n" from ins`;
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
