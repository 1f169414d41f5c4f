import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { messageLinkOf } from "@/i18n/resolve";
import { hashToken } from "@/lib/tokens";

/**
 * The message language of the volunteer a message link belongs to (response, confirmation,
 * sign-in or unsubscribe link), or null. Reads only: looking a token up changes nothing.
 */
export async function recipientLocaleOfLink(db: DbOrTx, pathname: string): Promise<string | null> {
  const link = messageLinkOf(pathname);
  if (!link) return null;
  const hash = hashToken(link.token);
  const v = s.volunteers;
  const rows =
    link.kind === "r"
      ? await db.select({ locale: v.locale }).from(s.invitations).innerJoin(v, eq(v.id, s.invitations.volunteerId)).where(eq(s.invitations.tokenHash, hash))
      : link.kind === "s"
        ? await db.select({ locale: v.locale }).from(s.shiftPlanInvites).innerJoin(v, eq(v.id, s.shiftPlanInvites.volunteerId)).where(eq(s.shiftPlanInvites.tokenHash, hash))
      : link.kind === "unsubscribe"
        ? await db.select({ locale: v.locale }).from(s.messages).innerJoin(v, eq(v.id, s.messages.volunteerId)).where(eq(s.messages.unsubscribeTokenHash, hash)).limit(1)
        : await db.select({ locale: v.locale }).from(s.volunteerTokens).innerJoin(v, eq(v.id, s.volunteerTokens.volunteerId)).where(eq(s.volunteerTokens.tokenHash, hash));
  return rows[0]?.locale ?? null;
}
