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
  actorName: string | null;
  actorType: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  ip: string | null;
  outcome: string;
  /** how a volunteer acted ("web", "sms"), from the entry's details */
  via: string | null;
  /** the request of a request or invitation entry */
  requestTitle: string | null;
  /** the volunteer of a volunteer or invitation entry, the member of a user entry; null once erased */
  personName: string | null;
  activityNameDe: string | null;
  activityNameEn: string | null;
  /** the organisation's time zone, for showing the time */
  timeZone: string;
};

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
/** The object id as a uuid for primary-key lookups; null (never a cast error) when it is not one. */
const objectUuid = sql`(case when ${s.auditEvents.objectId} ~ ${UUID_PATTERN} then ${s.auditEvents.objectId}::uuid end)`;
const a = s.auditEvents;

/**
 * Titles instead of ids, in the same statement as the page of entries (one primary-key lookup
 * per row of the page, never a scan): the request's title, the volunteer's or member's name, the
 * activity field's name. An erased volunteer has no row any more: the name stays null.
 */
const titles = {
  requestTitle: sql<string | null>`case
    when ${a.objectType} = 'request' then (select r.title from ${s.requests} r where r.id = ${objectUuid} and r.organization_id = ${a.organizationId})
    when ${a.objectType} = 'invitation' then (select r.title from ${s.invitations} i join ${s.requests} r on r.id = i.request_id where i.id = ${objectUuid} and r.organization_id = ${a.organizationId})
  end`,
  personName: sql<string | null>`case
    when ${a.objectType} = 'volunteer' then (select trim(v.first_name || ' ' || v.last_name) from ${s.volunteers} v where v.id = ${objectUuid} and v.organization_id = ${a.organizationId})
    when ${a.objectType} = 'invitation' then (select trim(v.first_name || ' ' || v.last_name) from ${s.invitations} i join ${s.volunteers} v on v.id = i.volunteer_id where i.id = ${objectUuid} and v.organization_id = ${a.organizationId})
    when ${a.objectType} = 'user' then (select coalesce(nullif(u.name, ''), u.email) from ${s.users} u where u.id = ${a.objectId})
  end`,
  activityNameDe: sql<string | null>`case when ${a.objectType} = 'activity' then (select x.name_de from ${s.activities} x where x.id = ${objectUuid} and x.organization_id = ${a.organizationId}) end`,
  activityNameEn: sql<string | null>`case when ${a.objectType} = 'activity' then (select x.name_en from ${s.activities} x where x.id = ${objectUuid} and x.organization_id = ${a.organizationId}) end`,
};

const columns = {
  id: a.id,
  createdAt: a.createdAt,
  actorEmail: s.users.email,
  actorName: s.users.name,
  actorType: a.actorType,
  action: a.action,
  objectType: a.objectType,
  objectId: a.objectId,
  ip: a.ip,
  outcome: a.outcome,
  via: sql<string | null>`${a.details} ->> 'via'`,
  ...titles,
  timeZone: s.organizations.timeZone,
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
    .innerJoin(s.organizations, eq(s.organizations.id, s.auditEvents.organizationId))
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
    .innerJoin(s.organizations, eq(s.organizations.id, s.auditEvents.organizationId))
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
