import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { AdminActor } from "@/lib/auth/guard-types";
import { ok, type Ok } from "@/lib/result";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional().catch(undefined));

export const auditFilterSchema = z.object({
  action: optional(z.string().regex(/^[a-z_.]{1,60}$/)),
  outcome: optional(z.enum(["ok", "denied", "invalid", "error"])),
  actor: optional(z.string().trim().toLowerCase().max(254)),
  from: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  to: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
});
export type AuditFilters = z.infer<typeof auditFilterSchema>;

export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  return auditFilterSchema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
}

export type AuditRow = {
  id: number;
  createdAt: Date;
  actorEmail: string | null;
  actorType: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  ip: string | null;
  outcome: string;
};

const columns = {
  id: s.auditEvents.id,
  createdAt: s.auditEvents.createdAt,
  actorEmail: s.users.email,
  actorType: s.auditEvents.actorType,
  action: s.auditEvents.action,
  objectType: s.auditEvents.objectType,
  objectId: s.auditEvents.objectId,
  ip: s.auditEvents.ip,
  outcome: s.auditEvents.outcome,
};

/** Newest first, keyset-paged on the id. Admins only. */
export async function listAuditEvents(actor: AdminActor, filters: AuditFilters, before?: number, pageSize = 50): Promise<Ok<{ rows: AuditRow[]; next: number | null }>> {
  const conds: (SQL | undefined)[] = [eq(s.auditEvents.organizationId, actor.organizationId)];
  if (filters.action) conds.push(eq(s.auditEvents.action, filters.action));
  if (filters.outcome) conds.push(eq(s.auditEvents.outcome, filters.outcome));
  if (filters.actor) conds.push(sql`${s.users.email} like ${`%${filters.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filters.from) conds.push(gte(s.auditEvents.createdAt, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) conds.push(lt(s.auditEvents.createdAt, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (before && Number.isSafeInteger(before)) conds.push(lt(s.auditEvents.id, before));
  const db = await getDb();
  const rows = await db
    .select(columns)
    .from(s.auditEvents)
    .leftJoin(s.users, eq(s.users.id, s.auditEvents.actorUserId))
    .where(and(...conds))
    .orderBy(desc(s.auditEvents.id))
    .limit(pageSize + 1);
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  return ok({ rows: page, next: more ? page[page.length - 1].id : null });
}

export async function recentAuditEvents(db: DbOrTx, organizationId: string, limit = 10): Promise<AuditRow[]> {
  return db
    .select(columns)
    .from(s.auditEvents)
    .leftJoin(s.users, eq(s.users.id, s.auditEvents.actorUserId))
    .where(eq(s.auditEvents.organizationId, organizationId))
    .orderBy(desc(s.auditEvents.id))
    .limit(limit);
}

export async function distinctAuditActions(db: DbOrTx, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: s.auditEvents.action })
    .from(s.auditEvents)
    .where(eq(s.auditEvents.organizationId, organizationId))
    .orderBy(s.auditEvents.action);
  return rows.map((r) => r.action);
}
