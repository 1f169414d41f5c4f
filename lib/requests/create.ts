import { randomInt } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard";
import { inviteMatching, loadMessageOrg, loadRequest } from "./internal";
import { defaultWaveSize, DEFAULT_WAVE_INTERVAL_MINUTES, nextWaveTime } from "./waves";
import { MAX_INVITES_PER_SEND, parseRequestInput, type FieldErrors } from "./schema";

/** Letters and digits that cannot be mistaken for each other when typed from an SMS (no 0/O, 1/I/L). */
const SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export function generateShortCode(length = 4): string {
  return Array.from({ length }, () => SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)]).join("");
}

export type CreateRequestResult =
  | { ok: true; requestId: string; shortCode: string; invited: number; messages: number; duplicate?: boolean }
  | { ok: false; error: "invalid"; fieldErrors: FieldErrors };

/** The activity must belong to the actor's organisation and be active. */
export async function checkActivity(db: Db, organizationId: string, activityId: string): Promise<boolean> {
  const [a] = await db
    .select({ id: s.activities.id })
    .from(s.activities)
    .where(and(eq(s.activities.id, activityId), eq(s.activities.organizationId, organizationId), eq(s.activities.active, true)));
  return !!a;
}

/**
 * Creates a request and asks the matching volunteers, in ONE transaction: the request (with a
 * short code unique in the organisation), one invitation per volunteer (only the token's hash
 * stored), their messages in the outbox, their lastAskedAt, and the audit entry. Either all of
 * it exists afterwards or none of it. The dispatcher sends the messages after the commit.
 */
export async function createAndSendRequest(db: Db, actor: Actor, raw: unknown, opts: { now?: Date; ip?: string | null } = {}): Promise<CreateRequestResult> {
  const now = opts.now ?? new Date();
  const org = await loadMessageOrg(db, actor.organizationId);
  const parsed = parseRequestInput(raw, { timeZone: org.timeZone, now });
  if (!parsed.ok) return { ok: false, error: "invalid", fieldErrors: parsed.fieldErrors };
  const input = parsed.data;
  if (!(await checkActivity(db, actor.organizationId, input.activityId))) {
    return { ok: false, error: "invalid", fieldErrors: { activityId: "activityUnknown" } };
  }
  const waves = input.waves
    ? { waveSize: input.waveSize ?? defaultWaveSize(input.helpersNeeded), waveIntervalMinutes: input.waveIntervalMinutes ?? DEFAULT_WAVE_INTERVAL_MINUTES, waveDeadline: input.waveDeadline, currentWave: 1 }
    : {};
  return db.transaction(async (tx): Promise<CreateRequestResult> => {
    if (input.submissionKey) {
      // The same form sent twice (double click, reload, replay): serialise on the key and answer
      // with the request the first submission created, sending nothing again.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${actor.organizationId + ":" + input.submissionKey}))`);
      const [existing] = await tx
        .select({ id: s.requests.id, shortCode: s.requests.shortCode })
        .from(s.requests)
        .where(and(eq(s.requests.organizationId, actor.organizationId), eq(s.requests.submissionKey, input.submissionKey)));
      if (existing) return { ok: true, requestId: existing.id, shortCode: existing.shortCode, invited: 0, messages: 0, duplicate: true };
    }
    let created: { id: string; shortCode: string } | undefined;
    for (let attempt = 0; !created; attempt++) {
      if (attempt >= 20) throw new Error("no free short code");
      // ON CONFLICT DO NOTHING keeps the transaction usable when a code is taken; retry with another.
      [created] = await tx
        .insert(s.requests)
        .values({
          organizationId: actor.organizationId,
          activityId: input.activityId,
          shortCode: generateShortCode(attempt < 10 ? 4 : 5),
          title: input.title,
          details: input.details,
          place: input.place,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          helpersNeeded: input.helpersNeeded,
          languageMode: input.languageMode,
          languages: input.languages,
          channels: input.channels,
          requireDrivingLicence: input.requireDrivingLicence,
          requireCar: input.requireCar,
          notifyPendingWhenFilled: input.notifyPendingWhenFilled,
          ...waves,
          createdBy: actor.userId,
          submissionKey: input.submissionKey ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [s.requests.organizationId, s.requests.shortCode] })
        .returning({ id: s.requests.id, shortCode: s.requests.shortCode });
    }
    const request = (await loadRequest(tx, created.id))!;
    const sent = await inviteMatching(tx, org, request, request.waveSize ?? input.inviteLimit ?? MAX_INVITES_PER_SEND, now, { wave: 1 });
    if (request.waveSize) {
      const next = nextWaveTime(request, now, sent.invited);
      if (next) await tx.update(s.requests).set({ nextWaveAt: next }).where(eq(s.requests.id, request.id));
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "request.create",
      objectType: "request",
      objectId: created.id,
      ip: opts.ip ?? null,
      details: { invited: sent.invited, messages: sent.messages, helpersNeeded: input.helpersNeeded, waveSize: request.waveSize },
    });
    return { ok: true as const, requestId: created.id, shortCode: created.shortCode, ...sent };
  });
}
