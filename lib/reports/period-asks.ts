import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

type Rows<T> = { rows: T[] };

/**
 * Adds the month rows' changes collected in volunteer_period_deltas to volunteer_period_asks
 * (migration period_deltas: sending only appends the deltas, so a send to 10,000 does not upsert
 * 40,000 period rows in the coordinator's transaction). A fold is per organisation: one at a time
 * for each, taking every change of it committed before it began. The scheduler folds every
 * organisation on every run, and whatever reads volunteer_period_asks folds its organisation
 * first, so a report is never behind. Returns how many deltas were added. Call it on its own,
 * not inside a transaction that has written (it may wait for a fold already running).
 */
export async function foldPeriodAsks(db: DbOrTx, organizationId?: string): Promise<number> {
  const orgs = organizationId
    ? [organizationId]
    : ((await db.execute(sql`select distinct organization_id as id from volunteer_period_deltas`)) as unknown as Rows<{ id: string }>).rows.map((r) => r.id);
  let n = 0;
  for (const org of orgs) {
    const result = (await db.execute(sql`select hr_vp_fold(${org}::uuid) as n`)) as unknown as Rows<{ n: number | string | null }>;
    n += Number(result.rows[0]?.n ?? 0);
  }
  return n;
}
