import { createHmac } from "node:crypto";
import { config } from "@/lib/config";
import { hashToken } from "@/lib/tokens";

/**
 * The link of a shift-plan message (/s/<token>): like a response token (lib/requests/tokens.ts),
 * derived from the plan invite's id with the server secret under its own purpose ("shift:"), 22
 * base64url characters carrying 128 bits. Only its SHA-256 is stored; the message stores it sealed.
 */
export function shiftToken(inviteId: string, secret = config().responseTokenSecret): string {
  return createHmac("sha256", secret).update(`shift:${inviteId}`).digest().subarray(0, 16).toString("base64url");
}

export function shiftTokenHash(inviteId: string): string {
  return hashToken(shiftToken(inviteId));
}
