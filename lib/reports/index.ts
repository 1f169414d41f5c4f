import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { admit, invalid, type AdminCtx } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { toCsv } from "@/lib/csv";
import { ok, type Denied, type FieldErrors, type Invalid, type Ok } from "@/lib/result";
import { calendarDateIn } from "@/lib/time-zone";
import { reportFigures, type ReportFigures } from "./figures";
import { parseReportParams, presetPeriod, DEFAULT_PERIOD, DEFAULT_MIN_ASKED, type ReportField, type ReportParams } from "./period";
import { csvValue, PERSONAL_TABLES, reportTables, TABLE_KEYS, type ReportT, type TableKey } from "./tables";

export type ReportActivity = { id: string; nameDe: string; nameEn: string; active: boolean };
export type Report = {
  params: ReportParams;
  organizationName: string;
  timeZone: string;
  /** the chosen activity, null for all */
  activity: ReportActivity | null;
  /** every activity of the organisation, for the filter */
  activities: ReportActivity[];
  figures: ReportFigures;
  generatedAt: Date;
};
export type LoadedReport = Ok<{ report: Report; fieldErrors: FieldErrors<ReportField>; values: Record<ReportField, string> }>;

async function organisationOf(organizationId: string) {
  const db = await getDb();
  const [org] = await db.select({ name: s.organizations.name, timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  const activities = await db
    .select({ id: s.activities.id, nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, active: s.activities.active })
    .from(s.activities)
    .where(eq(s.activities.organizationId, organizationId))
    .orderBy(asc(s.activities.position));
  return { db, org, activities };
}

/**
 * Parameters of the actor's organisation: the period from the query, an activity only when it is
 * one of theirs. Any field error (also a foreign or unknown activity) → the default period.
 */
async function resolveParams(organizationId: string, raw: Record<string, unknown>, now: Date) {
  const { db, org, activities } = await organisationOf(organizationId);
  const today = calendarDateIn(now, org.timeZone);
  const parsed = parseReportParams(raw, today);
  let { params } = parsed;
  const fieldErrors = { ...parsed.fieldErrors };
  // checked even when other fields are wrong, so every error shows at once
  const wanted = parsed.values.activity;
  const activity = wanted ? (activities.find((a) => a.id === wanted) ?? null) : null;
  if (wanted && !activity && !fieldErrors.activity) fieldErrors.activity = "activity_unknown";
  if (Object.keys(fieldErrors).length > 0) params = { period: presetPeriod(DEFAULT_PERIOD, today), activityId: null, minAsked: DEFAULT_MIN_ASKED };
  return { db, org, activities, params, activity: params.activityId ? activity : null, fieldErrors, values: parsed.values };
}

/** The reports page: coordinators and admins of the organisation. Reading only (not audited unless refused). */
export async function loadReport(actor: Actor | null, raw: Record<string, unknown>, ctx: AdminCtx, now = new Date()): Promise<Denied | LoadedReport> {
  const admitted = await admit(actor, "coordinator", ctx, "report.view");
  if (!admitted.ok) return admitted;
  const a = admitted.actor;
  const r = await resolveParams(a.organizationId, raw, now);
  const figures = await reportFigures(r.db, { organizationId: a.organizationId, timeZone: r.org.timeZone, params: r.params, now });
  return ok({
    report: { params: r.params, organizationName: r.org.name, timeZone: r.org.timeZone, activity: r.activity, activities: r.activities, figures, generatedAt: now },
    fieldErrors: r.fieldErrors,
    values: r.values,
  });
}

export type ReportCsv = Ok<{ csv: string; filename: string; rows: number }>;

/**
 * One table of the report as CSV, audited (which table, which period, how many rows — never the
 * rows). Tables with names (non-responders) are for admins only, like the directory export. Bad
 * parameters are refused (the page only offers exports of what it shows).
 */
export async function exportReportCsv(
  actor: Actor | null,
  raw: Record<string, unknown>,
  ctx: AdminCtx,
  locale: Locale = "de",
  now = new Date(),
): Promise<Denied | Invalid<ReportField | "table"> | ReportCsv> {
  const action = "report.export";
  const table = typeof raw.table === "string" && (TABLE_KEYS as readonly string[]).includes(raw.table) ? (raw.table as TableKey) : null;
  const admitted = await admit(actor, table && PERSONAL_TABLES.includes(table) ? "admin" : "coordinator", ctx, action);
  if (!admitted.ok) return admitted;
  const a = admitted.actor;
  if (!table) return invalid(a, ctx, action, { table: "table_unknown" });
  const r = await resolveParams(a.organizationId, raw, now);
  if (Object.keys(r.fieldErrors).length > 0) return invalid(a, ctx, action, r.fieldErrors);
  const figures = await reportFigures(r.db, { organizationId: a.organizationId, timeZone: r.org.timeZone, params: r.params, now });
  const t = translator(locale, "reports") as unknown as ReportT;
  const built = reportTables(figures, t, locale, r.org.timeZone)[table];
  const csv = toCsv(built.columns, built.rows.map((row) => row.map(csvValue)));
  await recordAudit(r.db, {
    organizationId: a.organizationId,
    actorUserId: a.userId,
    actorType: "user",
    action,
    objectType: "report",
    objectId: table,
    ip: ctx.ip,
    details: { table, period: r.params.period.kind, from: r.params.period.from, to: r.params.period.to, activity: r.params.activityId !== null, rows: built.rows.length },
  });
  const filename = `helferruf-${table.replace(/_/g, "-")}-${r.params.period.from}-${r.params.period.to}.csv`;
  return ok({ csv, filename, rows: built.rows.length });
}
