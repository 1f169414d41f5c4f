import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { getPublicOrganization } from "./index";

export type PublicStats = { organization: string; volunteers: number };

const TTL_MS = 60_000;
const g = globalThis as unknown as { __helferrufPublicStats?: { at: number; value: PublicStats } };

/**
 * What the landing page shows: the organisation and how many confirmed volunteers it has. Counted
 * at most once a minute per process — the landing page is the most visited page, and a count over
 * 100,000 volunteers on every visit cost three quarters of its throughput (docs/benchmarks.md).
 */
export async function getPublicStats(db: Db, now = Date.now()): Promise<PublicStats> {
  const cached = g.__helferrufPublicStats;
  if (cached && now - cached.at < TTL_MS) return cached.value;
  const org = await getPublicOrganization(db);
  const [row] = await db
    .select({ n: count() })
    .from(s.volunteers)
    .where(and(eq(s.volunteers.organizationId, org.id), inArray(s.volunteers.status, ["active", "paused"])));
  const value = { organization: org.name, volunteers: row.n };
  g.__helferrufPublicStats = { at: now, value };
  return value;
}

export function clearPublicStatsCache() {
  g.__helferrufPublicStats = undefined;
}
