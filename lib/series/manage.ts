import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { deny } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { rejectInput } from "@/lib/requests/access";
import { loadMessageOrg, loadRequest, type LockedRequest } from "@/lib/requests/load";
import { cancelRequest } from "@/lib/requests/manage";
import { cancelSchema, isUuid, parseRequestEdit, type RequestEdit } from "@/lib/requests/schema";
import { updateRequest, type UpdateRequestResult } from "@/lib/requests/update";
import { err, fieldErrorsOf, ok, type Err, type Invalid, type Ok } from "@/lib/result";
import { addDays, calendarDateIn, toLocalInput } from "@/lib/time-zone";

/**
 * A coordinator's changes to a whole series (issue 15), built on the single-request functions so
 * that every occurrence is changed exactly as if it had been edited or cancelled on its own
 * (messages to its helpers, calendar updates, reopened seats, audit entries):
 * - "this and all following": the fields the coordinator changed on one occurrence are applied
 *   to every later occurrence still to come, each through update.ts (updateRequest) — in ONE
 *   transaction: if any of them refuses (e.g. fewer helpers than already accepted there), none
 *   is changed;
 * - end the series: every occurrence still to come is cancelled through manage.ts (cancelRequest:
 *   the accepted helpers are told, with the reason) and the standing commitments end.
 * Skipping one occurrence is the ordinary cancel of that request.
 */

/** The transaction handed to the single-request functions: they open a savepoint inside it. */
const asDb = (tx: unknown) => tx as Db;

class Rollback extends Error {
  constructor(readonly result: Err<string, object>) {
    super("rollback");
  }
}

const COPIED = ["title", "details", "place", "helpersNeeded", "meetingPoint", "contactName", "contactPhone", "whatToBring"] as const;
type Copied = (typeof COPIED)[number];

/** Days between two calendar days. */
const dayDiff = (a: string, b: string) => Math.round((Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10)) - Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))) / 86_400_000);

/** The edit of a later occurrence: its own values, with what changed on the anchor applied (times as local wall-clock times). */
function followerEdit(anchor: LockedRequest, next: RequestEdit, follower: LockedRequest, timeZone: string): Record<string, unknown> {
  const raw: Record<string, unknown> = Object.fromEntries(COPIED.map((k) => [k, follower[k]]));
  for (const k of COPIED) if (anchor[k] !== next[k]) raw[k] = next[k as Copied];
  raw.revision = follower.revision;
  const moved = anchor.startsAt.getTime() !== next.startsAt.getTime() || anchor.endsAt.getTime() !== next.endsAt.getTime();
  if (!moved) {
    raw.startsAt = follower.startsAt.toISOString();
    raw.endsAt = follower.endsAt.toISOString();
    return raw;
  }
  // the same local change: moved by as many days, to the same local clock times, so 10:00 stays
  // 10:00 on every later day whatever the clock change in between
  const days = dayDiff(calendarDateIn(anchor.startsAt, timeZone), calendarDateIn(next.startsAt, timeZone));
  const startLocal = toLocalInput(next.startsAt, timeZone);
  const endLocal = toLocalInput(next.endsAt, timeZone);
  const endOffset = dayDiff(startLocal.slice(0, 10), endLocal.slice(0, 10));
  const day = addDays(calendarDateIn(follower.startsAt, timeZone), days);
  raw.startsAt = `${day}T${startLocal.slice(11)}`;
  raw.endsAt = `${addDays(day, endOffset)}T${endLocal.slice(11)}`;
  return raw;
}

export type UpdateFollowingResult =
  | Ok<{ updated: number; notified: number }>
  | Exclude<UpdateRequestResult, Ok<object>>
  | Err<"not_series">
  | Err<"following_failed", { occurrenceDate: string; reason: string }>;

/** "This and all following": see the module comment. */
export async function updateThisAndFollowing(db: Db, actor: Actor, requestId: string, raw: unknown, opts: { now?: Date; ip?: string | null } = {}): Promise<UpdateFollowingResult> {
  const action = "series.update_following";
  const now = opts.now ?? new Date();
  const org = await loadMessageOrg(db, actor.organizationId);
  const parsed = parseRequestEdit(raw, { timeZone: org.timeZone, now });
  if (!parsed.ok) return rejectInput(db, actor, "request.update", parsed.fieldErrors, { ...opts, requestId });
  const anchor = isUuid(requestId) ? await loadRequest(db, requestId, { organizationId: actor.organizationId }) : null;
  if (anchor && !anchor.seriesId) return err("not_series");
  if (!anchor) return updateRequest(db, actor, requestId, raw, opts) as Promise<UpdateFollowingResult>;
  try {
    return await db.transaction(async (tx) => {
      const first = await updateRequest(asDb(tx), actor, anchor.id, raw, { ...opts, now });
      if (!first.ok) throw new Rollback(first);
      const followers = await tx
        .select({ id: s.requests.id })
        .from(s.requests)
        .where(and(eq(s.requests.seriesId, anchor.seriesId!), gt(s.requests.occurrenceIndex, anchor.occurrenceIndex ?? 0), inArray(s.requests.status, ["open", "filled"]), gt(s.requests.startsAt, now)))
        .orderBy(asc(s.requests.occurrenceIndex));
      let updated = 1;
      let notified = first.notified;
      for (const { id } of followers) {
        const follower = (await loadRequest(tx, id))!;
        const r = await updateRequest(asDb(tx), actor, id, followerEdit(anchor, parsed.data, follower, org.timeZone), { ...opts, now });
        if (!r.ok) {
          const reason = r.error === "invalid" ? (Object.values(r.fieldErrors)[0] ?? "invalid") : r.error;
          throw new Rollback(err("following_failed", { occurrenceDate: calendarDateIn(follower.startsAt, org.timeZone), reason }));
        }
        updated++;
        notified += r.notified;
      }
      const changedTemplate = Object.fromEntries(COPIED.filter((k) => anchor[k] !== parsed.data[k]).map((k) => [k, parsed.data[k]]));
      if (Object.keys(changedTemplate).length) {
        const [series] = await tx.select({ template: s.requestSeries.template }).from(s.requestSeries).where(eq(s.requestSeries.id, anchor.seriesId!));
        await tx.update(s.requestSeries).set({ template: { ...series.template, ...changedTemplate } }).where(eq(s.requestSeries.id, anchor.seriesId!));
      }
      await recordAudit(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorType: "user",
        action,
        objectType: "series",
        objectId: anchor.seriesId!,
        ip: opts.ip ?? null,
        details: { fromRequestId: anchor.id, fromIndex: anchor.occurrenceIndex, occurrences: updated, notifiedHelpers: notified },
      });
      return ok({ updated, notified });
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    // nothing was changed; the refusal is recorded outside the rolled-back transaction
    await recordAudit(db, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action, objectType: "series", objectId: anchor.seriesId!, ip: opts.ip ?? null, outcome: "denied", details: { reason: e.result.error } });
    return e.result as UpdateFollowingResult;
  }
}

export type EndSeriesResult = Ok<{ cancelled: number; notified: number }> | Err<"not_found" | "already_ended"> | Invalid;

/** Ends a series: every occurrence still to come is cancelled (helpers told), commitments end. */
export async function endSeries(db: Db, actor: Actor, seriesId: string, raw: unknown, opts: { now?: Date; ip?: string | null } = {}): Promise<EndSeriesResult> {
  const action = "series.end";
  const now = opts.now ?? new Date();
  const parsed = cancelSchema.safeParse(typeof raw === "object" && raw !== null ? raw : {});
  if (!parsed.success) {
    await recordAudit(db, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action, objectType: "series", objectId: isUuid(seriesId) ? seriesId : undefined, ip: opts.ip ?? null, outcome: "invalid", details: { fields: Object.keys(fieldErrorsOf(parsed.error)) } });
    return err("invalid", { fieldErrors: fieldErrorsOf(parsed.error) });
  }
  return db.transaction(async (tx): Promise<EndSeriesResult> => {
    const [series] = isUuid(seriesId)
      ? await tx.select().from(s.requestSeries).where(and(eq(s.requestSeries.id, seriesId), eq(s.requestSeries.organizationId, actor.organizationId))).for("update")
      : [];
    if (!series) {
      const foreign = isUuid(seriesId) && (await tx.select({ id: s.requestSeries.id }).from(s.requestSeries).where(eq(s.requestSeries.id, seriesId))).length > 0;
      await deny(actor, { ip: opts.ip ?? null }, action, foreign ? "foreign_object" : "not_found", { type: "series", id: isUuid(seriesId) ? seriesId : undefined }, tx);
      return err("not_found");
    }
    if (series.endedAt) {
      await deny(actor, { ip: opts.ip ?? null }, action, "already_ended", { type: "series", id: series.id }, tx);
      return err("already_ended");
    }
    const coming = await tx
      .select({ id: s.requests.id })
      .from(s.requests)
      .where(and(eq(s.requests.seriesId, series.id), inArray(s.requests.status, ["open", "filled", "closed"]), gt(s.requests.startsAt, now)))
      .orderBy(asc(s.requests.occurrenceIndex));
    let notified = 0;
    for (const { id } of coming) {
      const r = await cancelRequest(asDb(tx), actor, id, { confirm: "yes", reason: parsed.data.reason }, { now, ip: opts.ip });
      if (!r.ok) throw new Error(`cancelling occurrence ${id} failed: ${r.error}`);
      notified += r.notified;
    }
    await tx.update(s.requestSeries).set({ endedAt: now, endedBy: actor.userId }).where(eq(s.requestSeries.id, series.id));
    await tx.update(s.seriesCommitments).set({ endedAt: now }).where(and(eq(s.seriesCommitments.seriesId, series.id), isNull(s.seriesCommitments.endedAt)));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorType: "user",
      action,
      objectType: "series",
      objectId: series.id,
      ip: opts.ip ?? null,
      details: { cancelled: coming.length, notifiedHelpers: notified, withReason: parsed.data.reason.length > 0 },
    });
    return ok({ cancelled: coming.length, notified });
  });
}
