import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { cached } from "@/lib/cache/process-cache";
import { config } from "@/lib/config";

/**
 * The organisation that public pages (registration, landing, legal pages) belong to: the one
 * named by SEED_ORG_SLUG, or the oldest. Its pages keep the short URLs (/register, /privacy, …);
 * every organisation also has its own under /o/<slug> (./public.ts, issue 16).
 */
export function getPublicOrganization(db: DbOrTx): Promise<s.Organization> {
  // per process for at most 30 s, cleared on a settings change (lib/cache/process-cache.ts)
  return cached("public:organization", () => readPublicOrganization(db));
}

async function readPublicOrganization(db: DbOrTx): Promise<s.Organization> {
  const [bySlug] = await db.select().from(s.organizations).where(eq(s.organizations.slug, config().SEED_ORG_SLUG));
  if (bySlug) return bySlug;
  const [first] = await db.select().from(s.organizations).orderBy(asc(s.organizations.createdAt)).limit(1);
  if (!first) throw new Error("no organisation: the seed has not run");
  return first;
}
