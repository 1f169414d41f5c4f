import { createHmac } from "node:crypto";
import { config } from "@/lib/config";
import { hashToken } from "@/lib/tokens";

/**
 * The response-link token of an invitation is derived from its id with a server secret:
 * base64url(first 16 bytes of HMAC-SHA256(secret, "response:" + invitationId)) — 22 characters
 * carrying 128 bits (invariant 2: at least 128 unguessable bits). Guessing a valid link means
 * guessing an HMAC output: 2^-128 per try, with rate limits on top. Only its SHA-256 is stored, yet
 * later messages (waves, reminders) can rebuild the link. A database leak alone reveals no link;
 * the secret alone does not either without the invitation ids.
 *
 * The 22-character form keeps the request SMS short (issue 17: UCS-2 languages have 70
 * characters per segment). Invitations created before it carry the 43-character form (the whole
 * HMAC); their stored hash still matches, so those links stay valid.
 */
export function responseToken(invitationId: string, secret = config().responseTokenSecret): string {
  return hmac(invitationId, secret).subarray(0, 16).toString("base64url");
}

/** The 43-character token of invitations created before the short form. */
export function legacyResponseToken(invitationId: string, secret = config().responseTokenSecret): string {
  return hmac(invitationId, secret).toString("base64url");
}

function hmac(invitationId: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`response:${invitationId}`).digest();
}

export function responseTokenHash(invitationId: string): string {
  return hashToken(responseToken(invitationId));
}

/** The token whose hash the invitation stores (short or legacy form), or null if neither (random tokens of old). */
export function storedResponseToken(invitationId: string, tokenHash: string): string | null {
  for (const token of [responseToken(invitationId), legacyResponseToken(invitationId)]) if (hashToken(token) === tokenHash) return token;
  return null;
}
