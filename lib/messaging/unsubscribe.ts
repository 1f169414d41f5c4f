import { and, eq, gt, inArray, isNull, notInArray } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { hashToken, isWellFormedToken } from "@/lib/tokens";
import { absoluteUrl } from "@/lib/urls";

/** The one-click unsubscribe link of List-Unsubscribe (POST stops; GET only shows a page). */
export function unsubscribeUrl(token: string): string {
  return absoluteUrl(`/api/unsubscribe/${token}`);
}

export function unsubscribePageUrl(token: string, done = false): string {
  return absoluteUrl(`/unsubscribe/${token}${done ? "?done=1" : ""}`);
}

/**
 * An unsubscribe link works for this long after its e-mail was queued (issue 13: no token lives
 * forever). Long enough for anyone reading an old request mail; afterwards the page says the
 * link is no longer valid and points to /manage, where every message setting can be changed.
 */
export const UNSUBSCRIBE_TOKEN_DAYS = 180;

function validToken(token: string, now: Date) {
  return and(eq(s.messages.unsubscribeTokenHash, hashToken(token)), gt(s.messages.createdAt, new Date(now.getTime() - UNSUBSCRIBE_TOKEN_DAYS * 86_400_000)));
}

export type UnsubscribeResult = { ok: true; alreadyUnsubscribed: boolean } | { ok: false; error: "unknown_token" };

/**
 * One-click unsubscribe (RFC 8058): no more e-mails to this volunteer except those they ask for
 * themselves (ALWAYS_DELIVER_KINDS), and their queued ones are cancelled. Repeating it changes
 * nothing. The token is one message's, so every e-mail the volunteer ever got keeps working.
 */
export async function unsubscribeByToken(db: Db, token: string, kindsAlwaysDelivered: readonly string[], now = new Date()): Promise<UnsubscribeResult> {
  if (!isWellFormedToken(token)) return { ok: false, error: "unknown_token" };
  const [msg] = await db
    .select({ volunteerId: s.messages.volunteerId, organizationId: s.messages.organizationId })
    .from(s.messages)
    .where(validToken(token, now));
  if (!msg?.volunteerId) return { ok: false, error: "unknown_token" };
  const volunteerId = msg.volunteerId;
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(s.volunteers)
      .set({ emailOptedOutAt: now, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), isNull(s.volunteers.emailOptedOutAt)))
      .returning({ id: s.volunteers.id });
    if (changed.length === 0) return { ok: true as const, alreadyUnsubscribed: true };
    await tx
      .update(s.messages)
      .set({ status: "cancelled", lastError: "recipient unsubscribed" })
      .where(
        and(
          eq(s.messages.volunteerId, volunteerId),
          eq(s.messages.channel, "email"),
          inArray(s.messages.status, ["queued"]),
          kindsAlwaysDelivered.length ? notInArray(s.messages.kind, [...kindsAlwaysDelivered]) : undefined,
        ),
      );
    await recordAudit(tx, { organizationId: msg.organizationId, actorType: "volunteer", action: "volunteer.email_unsubscribed", objectType: "volunteer", objectId: volunteerId });
    return { ok: true as const, alreadyUnsubscribed: false };
  });
}

/** Read-only: does this token belong to a message? (for the page; a GET changes nothing) */
export async function isKnownUnsubscribeToken(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const [row] = await db.select({ id: s.messages.id }).from(s.messages).where(validToken(token, now)).limit(1);
  return !!row;
}
