import { and, asc, count, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { isUuid } from "@/lib/requests/schema";

/** The coordinator's views of series (organisation-scoped: another organisation's series is null / never listed). */

export type SeriesListItem = { id: string; title: string; firstDate: string; startTime: string; endTime: string; occurrences: number; upcoming: number; ended: boolean };

export async function listSeries(db: DbOrTx, organizationId: string, now = new Date()): Promise<SeriesListItem[]> {
  const rows = await db
    .select({
      id: s.requestSeries.id,
      template: s.requestSeries.template,
      firstDate: s.requestSeries.firstDate,
      startTime: s.requestSeries.startTime,
      endTime: s.requestSeries.endTime,
      endedAt: s.requestSeries.endedAt,
      occurrences: count(s.requests.id),
      upcoming: sql<number>`count(${s.requests.id}) filter (where ${s.requests.startsAt} > ${now} and ${s.requests.status} <> 'cancelled')`.mapWith(Number),
    })
    .from(s.requestSeries)
    .leftJoin(s.requests, eq(s.requests.seriesId, s.requestSeries.id))
    .where(eq(s.requestSeries.organizationId, organizationId))
    .groupBy(s.requestSeries.id)
    .orderBy(desc(s.requestSeries.createdAt))
    .limit(200);
  return rows.map((r) => ({ id: r.id, title: r.template.title, firstDate: r.firstDate, startTime: r.startTime, endTime: r.endTime, occurrences: r.occurrences, upcoming: r.upcoming, ended: !!r.endedAt }));
}

export type SeriesOverview = {
  id: string;
  title: string;
  rule: string;
  firstDate: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  leadDays: number;
  endedAt: Date | null;
  occurrences: {
    id: string;
    index: number;
    date: string;
    startsAt: Date;
    endsAt: Date;
    status: s.Request["status"];
    acceptedCount: number;
    helpersNeeded: number;
    /** not asked yet: from when */
    askAt: Date | null;
  }[];
  regulars: { volunteerId: string; name: string; since: Date }[];
};

/** The series overview: occurrences × filled, and who is a regular helper. */
export async function getSeriesOverview(db: DbOrTx, organizationId: string, seriesId: string): Promise<SeriesOverview | null> {
  if (!isUuid(seriesId)) return null;
  const [series] = await db.select().from(s.requestSeries).where(and(eq(s.requestSeries.id, seriesId), eq(s.requestSeries.organizationId, organizationId)));
  if (!series) return null;
  const occurrences = await db
    .select({
      id: s.requests.id,
      index: s.requests.occurrenceIndex,
      date: s.requests.occurrenceDate,
      startsAt: s.requests.startsAt,
      endsAt: s.requests.endsAt,
      status: s.requests.status,
      acceptedCount: s.requests.acceptedCount,
      helpersNeeded: s.requests.helpersNeeded,
      askAt: s.requests.askAt,
    })
    .from(s.requests)
    .where(eq(s.requests.seriesId, series.id))
    .orderBy(asc(s.requests.occurrenceIndex));
  const regulars = await db
    .select({ volunteerId: s.volunteers.id, firstName: s.volunteers.firstName, lastName: s.volunteers.lastName, since: s.seriesCommitments.createdAt })
    .from(s.seriesCommitments)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.seriesCommitments.volunteerId))
    .where(and(eq(s.seriesCommitments.seriesId, series.id), isNull(s.seriesCommitments.endedAt)))
    .orderBy(asc(s.seriesCommitments.createdAt));
  return {
    id: series.id,
    title: series.template.title,
    rule: series.rule,
    firstDate: series.firstDate,
    startTime: series.startTime,
    endTime: series.endTime,
    timeZone: series.timeZone,
    leadDays: series.leadDays,
    endedAt: series.endedAt,
    occurrences: occurrences.map((o) => ({ ...o, index: o.index ?? 0, date: o.date ?? "" })),
    regulars: regulars.map((r) => ({ volunteerId: r.volunteerId, name: `${r.firstName} ${r.lastName}`.trim(), since: r.since })),
  };
}

/** Which series a request belongs to, for the board and the edit page (null: a one-off request). */
export async function seriesOfRequest(db: DbOrTx, organizationId: string, requestId: string): Promise<{ seriesId: string; index: number; following: number } | null> {
  if (!isUuid(requestId)) return null;
  const [r] = await db
    .select({ seriesId: s.requests.seriesId, index: s.requests.occurrenceIndex })
    .from(s.requests)
    .where(and(eq(s.requests.id, requestId), eq(s.requests.organizationId, organizationId)));
  if (!r?.seriesId) return null;
  const [f] = await db
    .select({ n: count() })
    .from(s.requests)
    .where(and(eq(s.requests.seriesId, r.seriesId), gt(s.requests.occurrenceIndex, r.index ?? 0), inArray(s.requests.status, ["open", "filled"]), gt(s.requests.startsAt, new Date())));
  return { seriesId: r.seriesId, index: r.index ?? 0, following: f?.n ?? 0 };
}
