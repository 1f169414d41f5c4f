import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";
import { secureRandomBytes } from "@/lib/random";
import { config } from "@/lib/config";
import { legacyResponseToken, responseToken } from "@/lib/requests/tokens";

/**
 * Links with a credential in them (response, confirmation, sign-in, unsubscribe) are not kept in
 * clear in the outbox (issue 13). When a message is queued, every such token in its subject,
 * text, HTML and headers is replaced by a placeholder:
 *
 * - the response token of the message's own invitation becomes RESPONSE_PLACEHOLDER: it is an
 *   HMAC of the invitation id (lib/requests/tokens.ts), so it is derived again at send time and
 *   nothing about it is stored;
 * - every other token becomes `{{helferruf-secret:N}}`, and the tokens themselves are stored
 *   encrypted (AES-256-GCM, key derived from RESPONSE_TOKEN_SECRET/AUTH_SECRET) in
 *   `messages.sealed_secrets` only until a provider accepted the message; then that column is
 *   cleared (dispatcher.markSent), so a sent message at rest holds no usable link at all.
 *
 * The development transport keeps the sealed column (the development outbox renders messages
 * in full at read time: it is where developers and the browser tests read links).
 */
export const RESPONSE_PLACEHOLDER = "{{helferruf-response-token}}";
const SECRET_PLACEHOLDER = /\{\{helferruf-secret:(\d{1,3})\}\}/g;
/** What a placeholder shows once its token is gone (sent and cleared, or an unreadable seal). */
export const REMOVED_LINK_TOKEN = "[removed]";
const VERSION = "v1";

export type SealableMessage = {
  subject?: string | null;
  body: string | null;
  html?: string | null;
  headers?: Record<string, string> | null;
  invitationId?: string | null;
  /** raw tokens that appear in the texts */
  secrets?: readonly string[];
};

export type StoredMessageTexts = {
  subject: string | null;
  body: string | null;
  html: string | null;
  headers: Record<string, string> | null;
  sealedSecrets: string | null;
};

// derived once per secret (a send seals thousands of messages), again when the secret changes (tests)
let cachedKey: { secret: string; key: Buffer } | null = null;
function key(): Buffer {
  const secret = config().responseTokenSecret;
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createHmac("sha256", secret).update("message-secrets:v1").digest() };
  return cachedKey.key;
}

export function sealSecrets(secrets: readonly string[]): string {
  const iv = secureRandomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url")}`;
}

/** The sealed tokens, or null when there are none or the seal cannot be read (other key, tampered). */
export function openSecrets(sealed: string | null | undefined): string[] | null {
  if (!sealed?.startsWith(`${VERSION}.`)) return null;
  try {
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === "string") ? parsed : null;
  } catch {
    return null;
  }
}

function replaceAll(text: string | null | undefined, from: string, to: string): string | null {
  return text == null ? null : text.split(from).join(to);
}

/** What is stored for a message: texts with placeholders instead of tokens, and the sealed tokens. */
export function toStoredTexts(m: SealableMessage): StoredMessageTexts {
  let subject = m.subject ?? null;
  let body = m.body;
  let html = m.html ?? null;
  const headers = m.headers ? { ...m.headers } : null;
  const swap = (from: string, to: string) => {
    subject = replaceAll(subject, from, to);
    body = replaceAll(body, from, to);
    html = replaceAll(html, from, to);
    if (headers) for (const k of Object.keys(headers)) headers[k] = replaceAll(headers[k], from, to)!;
  };
  const appears = (token: string) => [subject, body, html, ...Object.values(headers ?? {})].some((x) => x?.includes(token));
  const sealed: string[] = [];
  const response = m.invitationId ? responseToken(m.invitationId) : null;
  // links of invitations from before the short tokens are sealed like any other token; longest
  // first, since the short response token is the beginning of the legacy one
  const secrets = [...(m.invitationId ? [legacyResponseToken(m.invitationId)] : []), ...(m.secrets ?? [])].filter((x) => x && x !== response);
  for (const token of [...new Set(secrets)].sort((a, b) => b.length - a.length)) {
    if (!appears(token)) continue;
    swap(token, `{{helferruf-secret:${sealed.length}}}`);
    sealed.push(token);
  }
  if (response) swap(response, RESPONSE_PLACEHOLDER);
  return { subject, body, html, headers, sealedSecrets: sealed.length ? sealSecrets(sealed) : null };
}

type StoredRow = Pick<StoredMessageTexts, "subject" | "body" | "html" | "headers" | "sealedSecrets"> & { invitationId: string | null };

/** The message as the recipient gets it: placeholders replaced by the (derived or unsealed) tokens. */
export function renderStoredTexts<R extends StoredRow>(row: R): R {
  const secrets = openSecrets(row.sealedSecrets) ?? [];
  const response = row.invitationId ? responseToken(row.invitationId) : REMOVED_LINK_TOKEN;
  const render = (text: string | null) =>
    text == null ? null : text.split(RESPONSE_PLACEHOLDER).join(response).replace(SECRET_PLACEHOLDER, (_, i: string) => secrets[Number(i)] ?? REMOVED_LINK_TOKEN);
  const headers = row.headers ? Object.fromEntries(Object.entries(row.headers).map(([k, v]) => [k, render(v)!])) : null;
  return { ...row, subject: render(row.subject), body: render(row.body), html: render(row.html), headers };
}
