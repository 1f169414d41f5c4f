import "server-only";
import { and, count, eq, gt, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { getPublicOrganization } from "./index";
import { showOpenNeedsCountOf } from "./settings-schema";

/** openNeeds: requests still looking for helpers, or null when the organisation does not show it (settings.showOpenNeedsCount) */
export type PublicStats = { organization: string; volunteers: number; openNeeds: number | null };

const TTL_MS = 60_000;
const g = globalThis as unknown as { __helferrufPublicStats?: Map<string, { at: number; value: PublicStats }> };

/**
 * What the landing page shows: the organisation, how many confirmed volunteers it has and — when
 * the organisation switched it on — how many requests still look for helpers (open, not yet
 * started; a number only, nothing about a request or a person). Counted
 * at most once a minute per process — the landing page is the most visited page, and a count over
 * 100,000 volunteers on every visit cost three quarters of its throughput (docs/benchmarks.md).
 */
export async function getPublicStats(db: Db, now = Date.now(), organization?: s.Organization): Promise<PublicStats> {
  // one entry per organisation with public pages (issue 16: /o/<slug>)
  const byOrg = (g.__helferrufPublicStats ??= new Map());
  const org = organization ?? (await getPublicOrganization(db));
  const cached = byOrg.get(org.id);
  if (cached && now - cached.at < TTL_MS) return cached.value;
  const [row] = await db
    .select({ n: count() })
    .from(s.volunteers)
    .where(and(eq(s.volunteers.organizationId, org.id), inArray(s.volunteers.status, ["active", "paused"])));
  let openNeeds: number | null = null;
  if (showOpenNeedsCountOf(org.settings)) {
    const [needs] = await db
      .select({ n: count() })
      .from(s.requests)
      .where(and(eq(s.requests.organizationId, org.id), eq(s.requests.status, "open"), gt(s.requests.startsAt, new Date(now)), lt(s.requests.acceptedCount, s.requests.helpersNeeded)));
    openNeeds = needs.n;
  }
  const value = { organization: org.name, volunteers: row.n, openNeeds };
  byOrg.set(org.id, { at: now, value });
  return value;
}

export function clearPublicStatsCache() {
  g.__helferrufPublicStats?.clear();
}
