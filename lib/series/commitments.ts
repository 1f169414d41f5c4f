import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { loadRequest } from "@/lib/requests/load";
import { answerLocked, isLinkExpired, type RespondOutcome } from "@/lib/requests/respond";
import { err, ok, type Err, type Ok } from "@/lib/result";
import { acceptByCommitment } from "./ask";

/**
 * A regular helper's standing commitment to a series ("every time", issue 15), from the response
 * page of one of its occurrences (the link's token is the only credential, as for every answer).
 *
 * - commit: accepts THIS occurrence through the ordinary answer path (exactly N) and, when the
 *   helper holds a seat on it, records the commitment (one row per series and volunteer; again
 *   changes nothing). Later occurrences that are already being asked are accepted too where a
 *   seat is free; the rest are accepted when they are asked (lib/series/ask.ts).
 * - end: no further automatic acceptances; occurrences already accepted stay (the helper withdraws
 *   from each on its page — "skip one").
 */

export type SeriesStateForInvitation = { seriesId: string; ended: boolean; committed: boolean };

type Found = { invitationId: string; volunteerId: string; requestId: string; seriesId: string; seriesEnded: boolean; endsAt: Date };

async function findByToken(db: DbOrTx, tokenHash: string): Promise<Found | null> {
  const [row] = await db
    .select({ invitationId: s.invitations.id, volunteerId: s.invitations.volunteerId, requestId: s.requests.id, seriesId: s.requests.seriesId, endedAt: s.requestSeries.endedAt, endsAt: s.requests.endsAt })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.requestSeries, eq(s.requestSeries.id, s.requests.seriesId))
    .where(eq(s.invitations.tokenHash, tokenHash));
  if (!row || !row.volunteerId || !row.seriesId) return null;
  return { invitationId: row.invitationId, volunteerId: row.volunteerId, requestId: row.requestId, seriesId: row.seriesId, seriesEnded: !!row.endedAt, endsAt: row.endsAt };
}

/** What the response page shows about the series (reads only). Null: not an occurrence of a series. */
export async function getSeriesStateForInvitation(db: DbOrTx, tokenHash: string): Promise<SeriesStateForInvitation | null> {
  const f = await findByToken(db, tokenHash);
  if (!f) return null;
  const [c] = await db
    .select({ endedAt: s.seriesCommitments.endedAt })
    .from(s.seriesCommitments)
    .where(and(eq(s.seriesCommitments.seriesId, f.seriesId), eq(s.seriesCommitments.volunteerId, f.volunteerId)));
  return { seriesId: f.seriesId, ended: f.seriesEnded, committed: !!c && !c.endedAt };
}

export type CommitResult = Ok<{ outcome: RespondOutcome; committed: boolean; alsoAccepted: number }> | Err<"not_found" | "series_ended">;

/** "Every time": accept this occurrence and commit to the following ones (see the module comment). */
export async function commitToSeries(db: Db, input: { tokenHash: string; token?: string; now?: Date; ip?: string | null }): Promise<CommitResult> {
  const now = input.now ?? new Date();
  const f = await findByToken(db, input.tokenHash);
  if (!f || isLinkExpired(f, now)) return err("not_found");
  if (f.seriesEnded) return err("series_ended");
  const first = await db.transaction(async (tx) => {
    const request = (await loadRequest(tx, f.requestId, { lock: true }))!;
    const [inv] = await tx.select().from(s.invitations).where(eq(s.invitations.id, f.invitationId)).for("update");
    const answered = await answerLocked(tx, request, inv, { tokenHash: input.tokenHash, answer: "accept", via: "web", token: input.token, now, ip: input.ip });
    if (!answered.ok) return answered;
    const seated = answered.outcome === "accepted" || answered.outcome === "already_accepted" || answered.outcome === "kept";
    if (seated) {
      const [row] = await tx
        .insert(s.seriesCommitments)
        .values({ seriesId: f.seriesId, volunteerId: f.volunteerId, createdAt: now })
        .onConflictDoUpdate({ target: [s.seriesCommitments.seriesId, s.seriesCommitments.volunteerId], set: { endedAt: null } })
        .returning({ id: s.seriesCommitments.id });
      await recordAudit(tx, { organizationId: request.organizationId, actorType: "volunteer", action: "series.commit", objectType: "series", objectId: f.seriesId, ip: input.ip ?? null, details: { requestId: request.id, commitmentId: row?.id } });
    }
    return ok({ outcome: answered.outcome, committed: seated });
  });
  if (!first.ok || !first.committed) return first.ok ? { ...first, alsoAccepted: 0 } : first;
  // later occurrences already being asked: accepted where a seat is free (one transaction each, request row first)
  const later = await db
    .select({ id: s.requests.id })
    .from(s.requests)
    .where(and(eq(s.requests.seriesId, f.seriesId), eq(s.requests.status, "open"), isNull(s.requests.askAt), gt(s.requests.startsAt, now)))
    .orderBy(asc(s.requests.startsAt));
  let alsoAccepted = 0;
  for (const { id } of later) {
    if (id === f.requestId) continue;
    const outcome = await db.transaction(async (tx) => {
      const request = await loadRequest(tx, id, { lock: true });
      return request && request.status === "open" ? acceptByCommitment(tx, request, f.volunteerId, now) : null;
    });
    if (outcome === "accepted") alsoAccepted++;
  }
  return ok({ outcome: first.outcome, committed: true, alsoAccepted });
}

/** Ends the standing commitment (from any occurrence's page); the accepted occurrences stay. Again: nothing changes. */
export async function endCommitment(db: Db, input: { tokenHash: string; now?: Date; ip?: string | null }): Promise<Ok<{ changed: boolean }> | Err<"not_found">> {
  const now = input.now ?? new Date();
  const f = await findByToken(db, input.tokenHash);
  if (!f || isLinkExpired(f, now)) return err("not_found");
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(s.seriesCommitments)
      .set({ endedAt: now })
      .where(and(eq(s.seriesCommitments.seriesId, f.seriesId), eq(s.seriesCommitments.volunteerId, f.volunteerId), isNull(s.seriesCommitments.endedAt)))
      .returning({ id: s.seriesCommitments.id });
    if (ended.length === 0) return ok({ changed: false });
    const [series] = await tx.select({ organizationId: s.requestSeries.organizationId }).from(s.requestSeries).where(eq(s.requestSeries.id, f.seriesId));
    await recordAudit(tx, { organizationId: series.organizationId, actorType: "volunteer", action: "series.commitment_end", objectType: "series", objectId: f.seriesId, ip: input.ip ?? null, details: { commitmentId: ended[0].id } });
    return ok({ changed: true });
  });
}
