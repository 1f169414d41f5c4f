import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { enqueueMessages } from "@/lib/messaging/outbox";
import type { QuietHours } from "@/lib/organizations/settings-schema";
import { toMessageRequest, type LockedRequest } from "./load";
import { matchVolunteers, type MatchCriteria } from "./matching";
import { invitationMessages, type MessageOrg } from "./messages";
import { holdSms, loadQuietHours, smsNotBefore } from "./quiet-hours";
import { responseToken, responseTokenHash } from "./tokens";

/** What matching needs to know about a stored request. */
export function criteriaOf(request: LockedRequest, timeZone: string): MatchCriteria {
  return {
    activityId: request.activityId,
    startsAt: request.startsAt,
    languageMode: request.languageMode,
    languages: request.languages,
    channels: request.channels,
    requireDrivingLicence: request.requireDrivingLicence,
    requireCar: request.requireCar,
    timeZone,
    requestId: request.id,
  };
}

/**
 * Finds further matching volunteers (not yet invited), creates their invitations (the response
 * token is derived from the invitation id, see tokens.ts; only its hash is stored), queues the
 * messages (SMS held back during quiet hours) and marks them as asked — all in the caller's
 * transaction. The unique (request, volunteer) index makes a parallel "ask more" safe: a
 * volunteer invited meanwhile is skipped, never asked twice.
 */
export async function inviteMatching(
  tx: DbOrTx,
  org: MessageOrg,
  request: LockedRequest,
  limit: number,
  now: Date,
  opts: { wave?: number; quietHours?: QuietHours } = {},
): Promise<{ invited: number; messages: number }> {
  if (limit <= 0) return { invited: 0, messages: 0 };
  const matches = await matchVolunteers(tx, request.organizationId, criteriaOf(request, org.timeZone), { limit, now });
  if (matches.length === 0) return { invited: 0, messages: 0 };
  const ids = new Map(matches.map((m) => [m.id, crypto.randomUUID()]));
  const inserted = await tx
    .insert(s.invitations)
    .values(matches.map((m) => ({ id: ids.get(m.id)!, requestId: request.id, volunteerId: m.id, tokenHash: responseTokenHash(ids.get(m.id)!), status: "pending" as const, wave: opts.wave ?? request.currentWave, askedAt: now })))
    .onConflictDoNothing({ target: [s.invitations.requestId, s.invitations.volunteerId] })
    .returning({ id: s.invitations.id, volunteerId: s.invitations.volunteerId });
  const byVolunteer = new Map(matches.map((m) => [m.id, m]));
  const mr = toMessageRequest(request);
  const quiet = opts.quietHours ?? (await loadQuietHours(tx, request.organizationId));
  const smsAfter = smsNotBefore(now, org.timeZone, request.startsAt, quiet);
  const outgoing = holdSms(
    inserted.flatMap((inv) => {
      const m = byVolunteer.get(inv.volunteerId!)!;
      return invitationMessages(org, mr, { ...m, volunteerId: m.id, invitationId: inv.id }, responseToken(inv.id));
    }),
    smsAfter,
  );
  await enqueueMessages(tx, outgoing);
  const invitedIds = inserted.map((r) => r.volunteerId!);
  if (invitedIds.length) await tx.update(s.volunteers).set({ lastAskedAt: now }).where(inArray(s.volunteers.id, invitedIds));
  return { invited: inserted.length, messages: outgoing.length };
}
