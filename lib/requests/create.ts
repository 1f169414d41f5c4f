import { randomInt } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { findActiveActivity } from "@/lib/activities/queries";
import { findQualificationType } from "@/lib/qualifications";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { ok, type Invalid, type Ok } from "@/lib/result";
import { rejectInput } from "./access";
import { inviteMatching } from "./invite";
import { defaultWaveSize, DEFAULT_WAVE_INTERVAL_MINUTES, MAX_INVITES_PER_SEND } from "./limits";
import { loadMessageOrg, loadRequest } from "./load";
import { parseRequestInput, type RequestField, type RequestInput } from "./schema";
import { nextWaveTime } from "./waves";

/** Letters and digits that cannot be mistaken for each other when typed from an SMS (no 0/O, 1/I/L). */
const SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export function generateShortCode(length = 4): string {
  return Array.from({ length }, () => SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)]).join("");
}

export type CreateRequestResult = Ok<{ requestId: string; shortCode: string; invited: number; messages: number; duplicate?: boolean }> | Invalid<RequestField>;

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
  if (!parsed.ok) return rejectInput(db, actor, "request.create", parsed.fieldErrors, opts);
  const input = parsed.data;
  // the activity must belong to the actor's organisation and be active
  if (!(await findActiveActivity(db, actor.organizationId, input.activityId))) return rejectInput(db, actor, "request.create", { activityId: "activity_unknown" }, opts);
  // a required qualification must be an active type of the same organisation
  if (input.requiredQualificationId && !(await findQualificationType(db, actor.organizationId, input.requiredQualificationId, { activeOnly: true }))) {
    return rejectInput(db, actor, "request.create", { requiredQualificationId: "qualification_unknown" }, opts);
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
      if (existing) return ok({ requestId: existing.id, shortCode: existing.shortCode, invited: 0, messages: 0, duplicate: true });
    }
    const created = await insertRequestRow(tx, actor, input, now, { waves, submissionKey: input.submissionKey ?? null });
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
    return ok({ requestId: created.id, shortCode: created.shortCode, ...sent });
  });
}

/** What an occurrence of a series adds to its request row (lib/series). */
export type OccurrenceColumns = Pick<typeof s.requests.$inferInsert, "seriesId" | "occurrenceIndex" | "occurrenceDate" | "askAt">;

/**
 * Writes one request row in the caller's transaction, with a short code unique in the
 * organisation (ON CONFLICT DO NOTHING keeps the transaction usable when a code is taken; retried
 * with another). createAndSendRequest and the occurrences of a series (lib/series/create.ts) use it.
 */
export async function insertRequestRow(
  tx: DbOrTx,
  actor: Actor,
  input: RequestInput,
  now: Date,
  extra: { waves?: Partial<Pick<typeof s.requests.$inferInsert, "waveSize" | "waveIntervalMinutes" | "waveDeadline" | "currentWave">>; submissionKey?: string | null; occurrence?: OccurrenceColumns } = {},
): Promise<{ id: string; shortCode: string }> {
  let created: { id: string; shortCode: string } | undefined;
  for (let attempt = 0; !created; attempt++) {
    if (attempt >= 20) throw new Error("no free short code");
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
        requiredQualificationId: input.requiredQualificationId ?? null,
        notifyPendingWhenFilled: input.notifyPendingWhenFilled,
        escalateHoursBefore: input.escalateHoursBefore ?? null,
        meetingPoint: input.meetingPoint,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        whatToBring: input.whatToBring,
        ...extra.waves,
        ...extra.occurrence,
        createdBy: actor.userId,
        submissionKey: extra.submissionKey ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [s.requests.organizationId, s.requests.shortCode] })
      .returning({ id: s.requests.id, shortCode: s.requests.shortCode });
  }
  return created;
}
