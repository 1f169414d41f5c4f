import { and, asc, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { notifyCoordinators } from "@/lib/requests/coordinator-notices";
import { inviteMatching } from "@/lib/requests/invite";
import { MAX_INVITES_PER_SEND } from "@/lib/requests/limits";
import { loadMessageOrg, loadRequest, type LockedRequest } from "@/lib/requests/load";
import type { MessageOrg } from "@/lib/requests/messages";
import { answerLocked, type RespondOutcome } from "@/lib/requests/respond";
import { responseToken, responseTokenHash } from "@/lib/requests/tokens";

/**
 * Asking an occurrence of a series (issue 15). All occurrences exist from the start; each is
 * asked `lead_days` before it begins (requests.ask_at), by the scheduler job "series" or — when
 * that moment has come already — in the transaction that created the series.
 *
 * Asking = first the standing commitments ("every time"), each as an acceptance through the same
 * seat path as a tap (respond.ts answerLocked → lifecycle takeSeat: one conditional UPDATE, so a
 * commitment never overbooks); regular helpers left without a seat (the coordinator lowered the
 * number needed) are not accepted and the coordinators are told. Then the matching volunteers
 * are asked for the seats still free (invite.ts), exactly like a new request.
 */

/** Accepts `volunteerId` for `request` as a standing commitment, in the caller's transaction (request row locked). */
export async function acceptByCommitment(tx: DbOrTx, request: LockedRequest, volunteerId: string, now: Date): Promise<RespondOutcome | "not_found"> {
  const id = crypto.randomUUID();
  // the volunteer's row before the new invitation, whose insert trigger updates their report rows
  // (volunteer_month_asks): the lock order of every answer path (respond.ts answerLocked)
  await tx.select({ id: s.volunteers.id }).from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("no key update");
  await tx
    .insert(s.invitations)
    .values({ id, requestId: request.id, volunteerId, tokenHash: responseTokenHash(id), status: "pending", wave: request.currentWave, askedAt: now })
    .onConflictDoNothing({ target: [s.invitations.requestId, s.invitations.volunteerId] });
  const [inv] = await tx
    .select()
    .from(s.invitations)
    .where(and(eq(s.invitations.requestId, request.id), eq(s.invitations.volunteerId, volunteerId)))
    .for("update");
  if (!inv) return "not_found";
  const r = await answerLocked(tx, request, inv, { invitationId: inv.id, answer: "accept", via: "commitment", token: responseToken(inv.id), now });
  return r.ok ? r.outcome : r.error;
}

/** The volunteers with a live standing commitment to a series who can be seated on `startsAt` (active, or paused until before it). */
export async function committedVolunteers(tx: DbOrTx, seriesId: string, startsAt: Date): Promise<string[]> {
  const rows = await tx
    .select({ id: s.seriesCommitments.volunteerId })
    .from(s.seriesCommitments)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.seriesCommitments.volunteerId))
    .where(
      and(
        eq(s.seriesCommitments.seriesId, seriesId),
        isNull(s.seriesCommitments.endedAt),
        or(eq(s.volunteers.status, "active"), and(eq(s.volunteers.status, "paused"), isNotNull(s.volunteers.pausedUntil), lte(s.volunteers.pausedUntil, startsAt))),
      ),
    )
    .orderBy(asc(s.seriesCommitments.createdAt), asc(s.seriesCommitments.id));
  return rows.map((r) => r.id);
}

export type AskResult = { committed: number; unseated: number; invited: number; messages: number };

/** Asks one occurrence now, in the caller's transaction with its row locked (see the module comment). */
export async function askOccurrence(tx: DbOrTx, org: MessageOrg, request: LockedRequest, now: Date): Promise<AskResult> {
  await tx.update(s.requests).set({ askAt: null }).where(eq(s.requests.id, request.id));
  let current: LockedRequest = { ...request, askAt: null };
  let committed = 0;
  let unseated = 0;
  if (request.seriesId) {
    for (const volunteerId of await committedVolunteers(tx, request.seriesId, request.startsAt)) {
      const outcome = await acceptByCommitment(tx, current, volunteerId, now);
      if (outcome === "accepted" || outcome === "already_accepted") committed++;
      else if (outcome === "full") unseated++;
      current = (await loadRequest(tx, request.id))!;
    }
  }
  if (unseated > 0) await notifyCoordinators(tx, { kind: "commitmentUnseated", requestId: request.id, count: unseated, now });
  const sent = current.status === "open" ? await inviteMatching(tx, org, current, MAX_INVITES_PER_SEND, now, { wave: 1 }) : { invited: 0, messages: 0 };
  await recordAudit(tx, {
    organizationId: request.organizationId,
    actorType: "system",
    action: "series.ask_occurrence",
    objectType: "request",
    objectId: request.id,
    details: { seriesId: request.seriesId, occurrenceIndex: request.occurrenceIndex, committed, unseated, invited: sent.invited, messages: sent.messages },
  });
  return { committed, unseated, ...sent };
}

/**
 * Scheduler job "series": every occurrence whose asking time has come is asked, one transaction
 * each. The row is claimed with FOR UPDATE SKIP LOCKED and ask_at cleared in that transaction, so
 * two runs at the same moment never ask one occurrence twice. Occurrences skipped or ended before
 * their asking time are never asked (their ask_at is cleared).
 */
export async function askDueOccurrences(db: Db, now = new Date(), batch = 50): Promise<{ asked: number; committed: number; unseated: number; invited: number }> {
  await db
    .update(s.requests)
    .set({ askAt: null })
    .where(and(isNotNull(s.requests.askAt), lte(s.requests.askAt, now), ne(s.requests.status, "open")));
  const total = { asked: 0, committed: 0, unseated: 0, invited: 0 };
  for (let i = 0; i < batch; i++) {
    const done = await db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: s.requests.id })
        .from(s.requests)
        .where(
          and(
            isNotNull(s.requests.askAt),
            lte(s.requests.askAt, now),
            inArray(s.requests.status, ["open"]),
            sql`${s.requests.startsAt} > ${now}`,
            // a suspended organisation (lib/platform) asks nobody; its occurrences wait
            sql`not exists (select 1 from ${s.organizations} o where o.id = ${s.requests.organizationId} and o.suspended_at is not null)`,
          ),
        )
        .orderBy(asc(s.requests.askAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return false;
      const request = (await loadRequest(tx, due.id))!;
      const r = await askOccurrence(tx, await loadMessageOrg(tx, request.organizationId), request, now);
      total.asked++;
      total.committed += r.committed;
      total.unseated += r.unseated;
      total.invited += r.invited;
      return true;
    });
    if (!done) break;
  }
  return total;
}
