import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { generateToken, hashToken, isWellFormedToken } from "@/lib/tokens";

export type VolunteerTokenPurpose = (typeof s.tokenPurpose.enumValues)[number];

const MINUTE = 60_000;
export const TOKEN_TTL_MS: Record<VolunteerTokenPurpose, number> = {
  // as long as an unconfirmed sign-up is kept
  confirm_email: 7 * 24 * 60 * MINUTE,
  confirm_phone: 7 * 24 * 60 * MINUTE,
  volunteer_sign_in: 30 * MINUTE,
  volunteer_session: 14 * 24 * 60 * MINUTE,
  // the t.me deep link is opened right after it is shown
  connect_telegram: 60 * MINUTE,
  // the wa.me link with the code is sent right after it is shown
  connect_whatsapp: 60 * MINUTE,
};

/** A new token for one purpose; only its hash is stored (invariant 2). Returns the raw token. */
export async function issueVolunteerToken(tx: DbOrTx, volunteerId: string, purpose: VolunteerTokenPurpose, now = new Date()): Promise<string> {
  const token = generateToken();
  await tx.insert(s.volunteerTokens).values({
    volunteerId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]),
  });
  return token;
}

export type TokenRow = typeof s.volunteerTokens.$inferSelect;

/** Looks a token up by its hash without changing anything (GET pages). */
export async function findVolunteerToken(db: DbOrTx, token: unknown, purposes: VolunteerTokenPurpose[]): Promise<TokenRow | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db.select().from(s.volunteerTokens).where(eq(s.volunteerTokens.tokenHash, hashToken(token)));
  if (!row || !purposes.includes(row.purpose)) return null;
  return row;
}

/**
 * Uses a one-time token: a conditional update, so two parallel POSTs cannot both succeed.
 * Returns the row if this call used it.
 */
export async function useVolunteerToken(tx: DbOrTx, tokenId: string, now = new Date()): Promise<TokenRow | null> {
  const [row] = await tx
    .update(s.volunteerTokens)
    .set({ usedAt: now })
    .where(and(eq(s.volunteerTokens.id, tokenId), isNull(s.volunteerTokens.usedAt), gt(s.volunteerTokens.expiresAt, now)))
    .returning();
  return row ?? null;
}

export async function deleteVolunteerTokens(tx: DbOrTx, volunteerId: string, purposes: VolunteerTokenPurpose[]): Promise<void> {
  if (purposes.length === 0) return;
  await tx
    .delete(s.volunteerTokens)
    .where(and(eq(s.volunteerTokens.volunteerId, volunteerId), sql`${s.volunteerTokens.purpose} in ${purposes}`));
}
