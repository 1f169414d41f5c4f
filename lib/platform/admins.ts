import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";

/**
 * Makes an address a platform administrator (`npm run admin:create -- --platform …`, and the
 * development seed). Idempotent; the first time is audited (actor: the system). No membership is
 * created: the platform role alone opens no organisation's coordinator area.
 */
export async function ensurePlatformAdmin(db: DbOrTx, email: string): Promise<{ userId: string; created: boolean }> {
  const normalized = email.trim().toLowerCase();
  await db.insert(s.users).values({ email: normalized }).onConflictDoNothing();
  const [user] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, normalized));
  const inserted = await db.insert(s.platformAdmins).values({ userId: user.id }).onConflictDoNothing().returning({ userId: s.platformAdmins.userId });
  if (inserted.length) {
    await recordAudit(db, { organizationId: null, actorType: "system", action: "platform.admin_create", objectType: "user", objectId: user.id });
  }
  return { userId: user.id, created: inserted.length > 0 };
}
