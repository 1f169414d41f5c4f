import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { findActiveActivity } from "@/lib/activities/queries";
import { findQualificationType } from "@/lib/qualifications";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { seriesLeadDaysOf, seriesMaxOccurrencesOf } from "@/lib/organizations/settings-schema";
import { rejectInput } from "@/lib/requests/access";
import { insertRequestRow } from "@/lib/requests/create";
import { loadMessageOrg, loadRequest } from "@/lib/requests/load";
import { ok, type Invalid, type Ok } from "@/lib/result";
import { askOccurrence } from "./ask";
import { parseSeriesInput, type SeriesField, type SeriesInput } from "./schema";

const DAY = 86_400_000;

export type CreateSeriesResult = Ok<{ seriesId: string; occurrences: number; asked: number; duplicate?: boolean }> | Invalid<SeriesField>;

/** The organisation's bounds for a series (settings.seriesMaxOccurrences, settings.seriesLeadDays). */
export async function seriesSettings(db: Db, organizationId: string) {
  const [org] = await db.select({ settings: s.organizations.settings, timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return { max: seriesMaxOccurrencesOf(org?.settings), leadDays: seriesLeadDaysOf(org?.settings), timeZone: org?.timeZone ?? "Europe/Berlin" };
}

/** Validates a series and lists its occurrences without storing anything (the form's preview). */
export async function previewSeries(db: Db, actor: Actor, raw: unknown, opts: { now?: Date } = {}) {
  const bounds = await seriesSettings(db, actor.organizationId);
  return { ...parseSeriesInput(raw, { timeZone: bounds.timeZone, now: opts.now, max: bounds.max, defaultLeadDays: bounds.leadDays }), max: bounds.max };
}

/** When an occurrence is asked: lead days before its start, but never before now. */
export function askTimeOf(startsAt: Date, leadDays: number, now: Date): Date {
  return new Date(Math.max(now.getTime(), startsAt.getTime() - leadDays * DAY));
}

/**
 * Creates a series and ALL its occurrences (at most the organisation's maximum, default 104) in
 * ONE transaction: the series row, one ordinary request per occurrence (insertRequestRow, the
 * same row a single request gets, with series_id, occurrence_index/date and ask_at), and the
 * audit entry. Occurrences whose asking time has come (within the lead time) are asked in the
 * same transaction (askOccurrence); the others by the scheduler when their time comes. Bad input
 * (a rule without end or with too many occurrences, an end before the start, an unknown or
 * foreign activity …) stores nothing. A form sent twice creates one series (submission key).
 */
export async function createSeries(db: Db, actor: Actor, raw: unknown, opts: { now?: Date; ip?: string | null } = {}): Promise<CreateSeriesResult> {
  const now = opts.now ?? new Date();
  const bounds = await seriesSettings(db, actor.organizationId);
  const parsed = parseSeriesInput(raw, { timeZone: bounds.timeZone, now, max: bounds.max, defaultLeadDays: bounds.leadDays });
  if (!parsed.ok) return rejectInput(db, actor, "series.create", parsed.fieldErrors, opts);
  const input: SeriesInput = parsed.data;
  if (!(await findActiveActivity(db, actor.organizationId, input.request.activityId))) return rejectInput(db, actor, "series.create", { activityId: "activity_unknown" }, opts);
  // issue 16: the series form has no qualification field yet; a tampered one of another organisation is refused
  if (input.request.requiredQualificationId && !(await findQualificationType(db, actor.organizationId, input.request.requiredQualificationId, { activeOnly: true }))) {
    return rejectInput(db, actor, "series.create", { requiredQualificationId: "qualification_unknown" }, opts);
  }
  const org = await loadMessageOrg(db, actor.organizationId);
  const key = input.request.submissionKey ?? null;

  return db.transaction(async (tx): Promise<CreateSeriesResult> => {
    if (key) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${actor.organizationId + ":series:" + key}))`);
      const [existing] = await tx
        .select({ id: s.requestSeries.id })
        .from(s.requestSeries)
        .where(and(eq(s.requestSeries.organizationId, actor.organizationId), eq(s.requestSeries.submissionKey, key)));
      if (existing) return ok({ seriesId: existing.id, occurrences: 0, asked: 0, duplicate: true });
    }
    const [series] = await tx
      .insert(s.requestSeries)
      .values({
        organizationId: actor.organizationId,
        activityId: input.request.activityId,
        rule: input.rule,
        firstDate: input.spec.firstDate,
        startTime: input.startTime,
        endTime: input.endTime,
        timeZone: org.timeZone,
        untilDate: input.spec.untilDate,
        count: input.spec.count,
        leadDays: input.leadDays,
        template: input.template,
        createdBy: actor.userId,
        submissionKey: key,
        createdAt: now,
      })
      .returning({ id: s.requestSeries.id });
    let asked = 0;
    for (const [i, occ] of input.occurrences.entries()) {
      const askAt = askTimeOf(occ.startsAt, input.leadDays, now);
      const row = await insertRequestRow(tx, actor, { ...input.request, startsAt: occ.startsAt, endsAt: occ.endsAt }, now, {
        occurrence: { seriesId: series.id, occurrenceIndex: i + 1, occurrenceDate: occ.day, askAt },
      });
      if (askAt.getTime() <= now.getTime()) {
        await askOccurrence(tx, org, (await loadRequest(tx, row.id, { lock: true }))!, now);
        asked++;
      }
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "series.create",
      objectType: "series",
      objectId: series.id,
      ip: opts.ip ?? null,
      details: { occurrences: input.occurrences.length, asked, rule: input.rule, leadDays: input.leadDays, helpersNeeded: input.template.helpersNeeded },
    });
    return ok({ seriesId: series.id, occurrences: input.occurrences.length, asked });
  });
}
