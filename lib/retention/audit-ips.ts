import { and, isNotNull, isNull, lt, eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { DEFAULT_RETENTION, retentionOf } from "@/lib/organizations/settings-schema";

const DAY = 86_400_000;

/**
 * The audit log keeps who did what for as long as the organisation exists, but the client IP of
 * an entry (a personal datum, needed only to investigate abuse) only for `retention.auditIpDays`
 * (default 90). Entries without an organisation (refused anonymous attempts) use the default.
 */
export async function purgeAuditIps(db: Db, now = new Date()): Promise<{ auditIpsRemoved: number }> {
  const orgs = await db.select({ id: s.organizations.id, settings: s.organizations.settings }).from(s.organizations);
  const a = s.auditEvents;
  let removed = 0;
  for (const org of orgs) {
    const cutoff = new Date(now.getTime() - retentionOf(org.settings).auditIpDays * DAY);
    const rows = await db
      .update(a)
      .set({ ip: null })
      .where(and(eq(a.organizationId, org.id), isNotNull(a.ip), lt(a.createdAt, cutoff)))
      .returning({ id: a.id });
    removed += rows.length;
  }
  const cutoff = new Date(now.getTime() - DEFAULT_RETENTION.auditIpDays * DAY);
  const rows = await db
    .update(a)
    .set({ ip: null })
    .where(and(isNull(a.organizationId), isNotNull(a.ip), lt(a.createdAt, cutoff)))
    .returning({ id: a.id });
  return { auditIpsRemoved: removed + rows.length };
}
