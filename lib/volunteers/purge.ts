import { and, eq, isNull, lt, lte } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { unconfirmedDaysOf } from "@/lib/organizations/settings-schema";
import { purgeOldRateLimits } from "@/lib/rate-limit";
import { eraseVolunteerInTransaction } from "./erase";
import { purgeExpiredImports } from "./import";

/**
 * Invariant 8: sign-ups that never confirmed a channel are deleted after the organisation's
 * retention (settings.retention.unconfirmedDays, default 7 days), messages blanked as on erasure.
 */
export async function purgeUnconfirmedVolunteers(db: Db, now = new Date()): Promise<{ purged: number }> {
  const orgs = await db.select({ id: s.organizations.id, settings: s.organizations.settings }).from(s.organizations);
  let purged = 0;
  for (const org of orgs) {
    const days = unconfirmedDaysOf(org.settings ?? {});
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const stale = await db
      .select({ id: s.volunteers.id })
      .from(s.volunteers)
      .where(
        and(
          eq(s.volunteers.organizationId, org.id),
          eq(s.volunteers.status, "pending"),
          isNull(s.volunteers.emailConfirmedAt),
          isNull(s.volunteers.phoneConfirmedAt),
          lt(s.volunteers.createdAt, cutoff),
        ),
      )
      .limit(500);
    if (stale.length === 0) continue;
    await db.transaction(async (tx) => {
      let n = 0;
      for (const { id } of stale) if (await eraseVolunteerInTransaction(tx, id, now)) n++;
      await recordAudit(tx, { organizationId: org.id, actorType: "system", action: "volunteer.purged_unconfirmed", details: { count: n } });
      purged += n;
    });
  }
  return { purged };
}

/** A pause ends by itself on its date. */
export async function resumeEndedPauses(db: Db, now = new Date()): Promise<{ resumed: number }> {
  const rows = await db
    .update(s.volunteers)
    .set({ status: "active", pausedUntil: null, updatedAt: now })
    .where(and(eq(s.volunteers.status, "paused"), lte(s.volunteers.pausedUntil, now)))
    .returning({ id: s.volunteers.id });
  return { resumed: rows.length };
}

/** Used and expired links and sessions are of no use to anyone: delete them a day after expiry. */
export async function deleteExpiredVolunteerTokens(db: Db, now = new Date()): Promise<{ tokensDeleted: number }> {
  const rows = await db
    .delete(s.volunteerTokens)
    .where(lt(s.volunteerTokens.expiresAt, new Date(now.getTime() - 86_400_000)))
    .returning({ id: s.volunteerTokens.id });
  return { tokensDeleted: rows.length };
}

/** The scheduler job of this module. Rate-limit counters (they hold IP addresses) go after a day too. */
export async function runVolunteerHousekeeping(db: Db, now = new Date()) {
  const result = {
    ...(await purgeUnconfirmedVolunteers(db, now)),
    ...(await resumeEndedPauses(db, now)),
    ...(await deleteExpiredVolunteerTokens(db, now)),
    ...(await purgeExpiredImports(db, now)),
  };
  await purgeOldRateLimits(db, new Date(now.getTime() - 86_400_000));
  return result;
}
