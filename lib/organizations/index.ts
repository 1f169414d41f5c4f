import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { config } from "@/lib/config";

/**
 * The organisation that public pages (registration, landing, legal pages) belong to: the one
 * named by SEED_ORG_SLUG, or the oldest. Several organisations share one installation through
 * their coordinators' memberships; public sign-up is per installation.
 */
export async function getPublicOrganization(db: DbOrTx): Promise<s.Organization> {
  const [bySlug] = await db.select().from(s.organizations).where(eq(s.organizations.slug, config().SEED_ORG_SLUG));
  if (bySlug) return bySlug;
  const [first] = await db.select().from(s.organizations).orderBy(asc(s.organizations.createdAt)).limit(1);
  if (!first) throw new Error("no organisation: the seed has not run");
  return first;
}
