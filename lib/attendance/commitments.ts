import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { durationMinutes } from "./index";

/**
 * A volunteer's own commitments (the requests they said yes to) for /profile: upcoming and past,
 * each with its state and hours. Only ever called with the signed-in volunteer's own id: nobody
 * sees another person's figures.
 */
export type CommitmentState =
  /** accepted, still ahead */
  | "upcoming"
  /** accepted, over, attendance not confirmed yet: hours are "planned" */
  | "unconfirmed"
  | "attended"
  | "no_show"
  | "withdrawn"
  | "cancelled";
export type Commitment = {
  invitationId: string;
  title: string;
  activityNameDe: string;
  activityNameEn: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  state: CommitmentState;
  /** confirmed minutes (attended), planned minutes (upcoming / unconfirmed), else 0 */
  minutes: number;
  /** accepted and not started yet: "my commitments" offers to withdraw (issue 15) */
  canWithdraw: boolean;
};
export type Commitments = { upcoming: Commitment[]; past: Commitment[]; confirmedMinutes: number; pastTotal: number };

export async function listCommitments(db: DbOrTx, volunteerId: string, now = new Date(), opts: { pastLimit?: number } = {}): Promise<Commitments> {
  // a new builder per query: drizzle's builders are mutable, .where() on a shared one would clash
  const base = () =>
    db
      .select({
        invitationId: s.invitations.id,
        invitationStatus: s.invitations.status,
        title: s.requests.title,
        requestStatus: s.requests.status,
        activityNameDe: s.activities.nameDe,
        activityNameEn: s.activities.nameEn,
        place: s.requests.place,
        startsAt: s.requests.startsAt,
        endsAt: s.requests.endsAt,
        attended: s.attendances.attended,
        minutes: s.attendances.minutes,
      })
      .from(s.invitations)
      .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
      .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
      .leftJoin(s.attendances, eq(s.attendances.invitationId, s.invitations.id));
  const mine = and(eq(s.invitations.volunteerId, volunteerId), inArray(s.invitations.status, ["accepted", "withdrawn"]));
  const [upcomingRows, pastRows, totals] = await Promise.all([
    base().where(and(mine, gte(s.requests.endsAt, now))).orderBy(asc(s.requests.startsAt)),
    base().where(and(mine, lt(s.requests.endsAt, now))).orderBy(desc(s.requests.startsAt)).limit(opts.pastLimit ?? 50),
    db
      .select({
        minutes: sql<number>`coalesce(sum(${s.attendances.minutes}) filter (where ${s.attendances.attended}), 0)::int`,
        past: sql<number>`(select count(*)::int from ${s.invitations} i join ${s.requests} r on r.id = i.request_id where i.volunteer_id = ${volunteerId} and i.status in ('accepted', 'withdrawn') and r.ends_at < ${now})`,
      })
      .from(s.attendances)
      .where(eq(s.attendances.volunteerId, volunteerId)),
  ]);
  const toCommitment = (r: (typeof upcomingRows)[number]): Commitment => {
    const state: CommitmentState =
      r.requestStatus === "cancelled"
        ? "cancelled"
        : r.invitationStatus === "withdrawn"
          ? "withdrawn"
          : r.attended === true
            ? "attended"
            : r.attended === false
              ? "no_show"
              : r.endsAt.getTime() > now.getTime()
                ? "upcoming"
                : "unconfirmed";
    const minutes = state === "attended" ? (r.minutes ?? 0) : state === "upcoming" || state === "unconfirmed" ? durationMinutes(r) : 0;
    const canWithdraw = state === "upcoming" && r.requestStatus !== "cancelled" && r.startsAt.getTime() > now.getTime();
    return { invitationId: r.invitationId, title: r.title, activityNameDe: r.activityNameDe, activityNameEn: r.activityNameEn, place: r.place, startsAt: r.startsAt, endsAt: r.endsAt, state, minutes, canWithdraw };
  };
  return { upcoming: upcomingRows.map(toCommitment), past: pastRows.map(toCommitment), confirmedMinutes: Number(totals[0]?.minutes ?? 0), pastTotal: Number(totals[0]?.past ?? 0) };
}
