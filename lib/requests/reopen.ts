import { and, eq, isNotNull, notExists, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { reopenAskPerSeatOf } from "@/lib/organizations/settings-schema";
import { inviteMatching } from "./invite";
import { hasStarted } from "./lifecycle";
import { MAX_INVITES_PER_SEND } from "./limits";
import { loadMessageOrg, toMessageRequest, type LockedRequest } from "./load";
import { neededAgainMessages, type MessageOrg } from "./messages";
import { holdSms, loadQuietHours, smsNotBefore } from "./quiet-hours";
import { recipientsOf } from "./recipients";
import { responseToken } from "./tokens";
import { waveDeadlineOf } from "./waves";

/**
 * A seat that reopens — an accepted helper withdrew, or more helpers are needed (the board's
 * "change number", an edit of the request) — asks the next volunteers by itself, in the caller's
 * transaction (request row locked, status already settled):
 *
 * - a request with waves: the next wave is due now (the wave job sends it at its next run; it
 *   re-checks the deadline and re-matches);
 * - otherwise the next K matching volunteers per reopened seat (K: organisation setting
 *   `reopenAskPerSeat`, default 3, lib/organizations/settings-schema.ts);
 * - whoever tapped "accept" too late (their invitation says not_needed) hears "needed again"
 *   once, with their link. Those who were only told "already filled" see "Wieder gesucht" on
 *   their still-valid link (reopenSearch made it answerable) without another message.
 *
 * Nobody is asked twice: matching skips everyone invited (one invitation per request and
 * volunteer, unique), and "needed again" goes once per invitation.
 */
export async function reopenSeats(tx: DbOrTx, request: LockedRequest, seats: number, now: Date, org?: MessageOrg): Promise<{ invited: number; neededAgain: number; waveDue: boolean }> {
  if (seats <= 0 || request.status !== "open" || hasStarted(request, now)) return { invited: 0, neededAgain: 0, waveDue: false };
  const from = org ?? (await loadMessageOrg(tx, request.organizationId));
  const neededAgain = await tellNeededAgain(tx, from, request, now);
  if (request.waveSize && !request.wavesStopped) {
    if (now.getTime() >= waveDeadlineOf(request).getTime()) return { invited: 0, neededAgain, waveDue: false };
    await tx.update(s.requests).set({ nextWaveAt: now, updatedAt: now }).where(eq(s.requests.id, request.id));
    return { invited: 0, neededAgain, waveDue: true };
  }
  const [settings] = await tx.select({ settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, request.organizationId));
  const limit = Math.min(reopenAskPerSeatOf(settings?.settings) * seats, MAX_INVITES_PER_SEND);
  const { invited } = await inviteMatching(tx, from, request, limit, now);
  return { invited, neededAgain, waveDue: false };
}

/** "Needed again" to those whose "yes" came after the request had filled, once per invitation. */
async function tellNeededAgain(tx: DbOrTx, org: MessageOrg, request: LockedRequest, now: Date): Promise<number> {
  const i = s.invitations;
  const late = await tx
    .select({ id: i.id })
    .from(i)
    .where(
      and(
        eq(i.requestId, request.id),
        eq(i.status, "not_needed"),
        isNotNull(i.respondedAt),
        notExists(tx.select({ one: sql`1` }).from(s.messages).where(and(eq(s.messages.invitationId, i.id), eq(s.messages.kind, "needed-again")))),
      ),
    );
  if (late.length === 0) return 0;
  const recipients = await recipientsOf(tx, request.id, { invitationIds: late.map((l) => l.id) });
  const mr = toMessageRequest(request);
  const smsAfter = smsNotBefore(now, org.timeZone, request.startsAt, await loadQuietHours(tx, request.organizationId));
  await enqueueMessages(tx, holdSms(recipients.flatMap((r) => neededAgainMessages(org, mr, r, responseToken(r.invitationId))), smsAfter));
  return recipients.length;
}
