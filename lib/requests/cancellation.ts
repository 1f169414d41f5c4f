import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard-types";
import { isUuid } from "./schema";

export type CancellationInfo = { at: Date; reason: string; by: { name: string | null; email: string } | null };

/** Who cancelled a request, when and why — for the board; null when it is not cancelled (or not the actor's organisation's). */
export async function getCancellation(db: DbOrTx, actor: Actor, requestId: string): Promise<CancellationInfo | null> {
  if (!isUuid(requestId)) return null;
  const [row] = await db
    .select({ status: s.requests.status, at: s.requests.cancelledAt, reason: s.requests.cancelReason, name: s.users.name, email: s.users.email })
    .from(s.requests)
    .leftJoin(s.users, eq(s.users.id, s.requests.cancelledBy))
    .where(and(eq(s.requests.id, requestId), eq(s.requests.organizationId, actor.organizationId)));
  if (!row || row.status !== "cancelled" || !row.at) return null;
  return { at: row.at, reason: row.reason ?? "", by: row.email ? { name: row.name, email: row.email } : null };
}
