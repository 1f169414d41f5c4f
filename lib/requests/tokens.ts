import { createHmac } from "node:crypto";
import { config } from "@/lib/config";
import { hashToken } from "@/lib/tokens";

/**
 * The response-link token of an invitation is derived from its id with a server secret:
 * base64url(HMAC-SHA256(secret, "response:" + invitationId)). Only its SHA-256 is stored
 * (invariant 2), yet later messages (waves, reminders) can rebuild the link. A database leak alone
 * reveals no link; the secret alone does not either without the invitation ids.
 */
export function responseToken(invitationId: string, secret = config().responseTokenSecret): string {
  return createHmac("sha256", secret).update(`response:${invitationId}`).digest("base64url");
}

export function responseTokenHash(invitationId: string): string {
  return hashToken(responseToken(invitationId));
}
