import { createHash, timingSafeEqual } from "node:crypto";
import { secureRandomBytes } from "@/lib/random";

/**
 * Invariant 2: tokens carry 256 random bits (≥128 required), travel only inside links, and are
 * stored only as their SHA-256. A database leak therefore reveals no usable link.
 */
export function generateToken(): string {
  return secureRandomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * A token as it may appear in a URL: 43 base64url characters (random tokens), or 22 (response
 * links: a truncated HMAC, lib/requests/tokens.ts). Anything else is not looked up.
 */
export const TOKEN_RE = /^(?:[A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})$/;

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_RE.test(token);
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
