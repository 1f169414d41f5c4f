import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { admit, deny, invalid, UUID_RE, type AdminCtx } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { err, ok, type Denied, type Err, type Invalid, type Ok } from "@/lib/result";

/**
 * Attendance and hours (issue 14). After a request's end the coordinator confirms who came: every
 * accepted helper is listed, pre-checked, with the request's duration as hours; a no-show is one
 * click, hours can be corrected per helper. Confirmed minutes are what the reports count; an
 * accepted helper without a confirmation counts as "planned". Confirming again corrects: every
 * change of one helper's attendance or hours is audited with before and after (ids and numbers
 * only, never names).
 */

/** the most hours one helper can be given for one request (a long event; the column allows 100 h) */
export const MAX_HOURS = 100;

export type AttendanceHelper = {
  invitationId: string;
  name: string;
  /** null: not confirmed yet (shown pre-checked with the default hours) */
  attended: boolean | null;
  minutes: number | null;
};
export type AttendanceSheet = {
  requestId: string;
  status: s.Request["status"];
  startsAt: Date;
  endsAt: Date;
  ended: boolean;
  /** the request's duration: the default hours of every helper */
  defaultMinutes: number;
  /** when the attendance was first confirmed (null: not yet) */
  confirmedAt: Date | null;
  helpers: AttendanceHelper[];
};

export const durationMinutes = (r: { startsAt: Date; endsAt: Date }) => Math.round((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000);

async function acceptedHelpers(db: DbOrTx, requestId: string) {
  return db
    .select({
      invitationId: s.invitations.id,
      volunteerId: s.invitations.volunteerId,
      firstName: s.volunteers.firstName,
      lastName: s.volunteers.lastName,
      attended: s.attendances.attended,
      minutes: s.attendances.minutes,
      confirmedAt: s.attendances.confirmedAt,
    })
    .from(s.invitations)
    .leftJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .leftJoin(s.attendances, eq(s.attendances.invitationId, s.invitations.id))
    .where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.status, "accepted")))
    .orderBy(asc(s.volunteers.lastName), asc(s.volunteers.firstName), asc(s.invitations.id));
}

/** The attendance list of one request of the actor's organisation (null when not theirs). */
export async function getAttendanceSheet(db: DbOrTx, actor: Actor, requestId: string, now = new Date()): Promise<AttendanceSheet | null> {
  if (!UUID_RE.test(requestId)) return null;
  const [r] = await db
    .select({ id: s.requests.id, status: s.requests.status, startsAt: s.requests.startsAt, endsAt: s.requests.endsAt })
    .from(s.requests)
    .where(and(eq(s.requests.id, requestId), eq(s.requests.organizationId, actor.organizationId)));
  if (!r) return null;
  const rows = await acceptedHelpers(db, r.id);
  const confirmed = rows.map((x) => x.confirmedAt).filter((d): d is Date => !!d);
  return {
    requestId: r.id,
    status: r.status,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    ended: now.getTime() >= r.endsAt.getTime(),
    defaultMinutes: durationMinutes(r),
    confirmedAt: confirmed.length ? new Date(Math.min(...confirmed.map((d) => d.getTime()))) : null,
    helpers: rows.map((x) => ({
      invitationId: x.invitationId,
      // an erased volunteer stays an anonymous row: their hours still count for the organisation
      name: x.firstName ? `${x.firstName} ${x.lastName ?? ""}`.trim() : "—",
      attended: x.attended ?? null,
      minutes: x.minutes ?? null,
    })),
  };
}

/** "2", "1,5", "1.75" → minutes; hours with at most two decimals. */
const hoursField = z
  .string()
  .trim()
  .regex(/^\d{1,3}([.,]\d{1,2})?$/, "hours_invalid")
  .transform((v) => Math.round(Number(v.replace(",", ".")) * 60))
  .pipe(z.number().min(1, "hours_out_of_range").max(MAX_HOURS * 60, "hours_out_of_range"));

export type AttendanceError = "not_found" | "not_ended" | "cancelled" | "no_helpers";
export type AttendanceResult = Denied | Invalid | Err<AttendanceError> | Ok<{ confirmed: number; corrected: number }>;

/**
 * The coordinator's confirmation. Form fields: `requestId`; per accepted helper `attended.<id>`
 * (a checkbox: present = came) and `hours.<id>`; optionally `noShow=<id>` (the one-click "did not
 * come" button of that helper, which submits the rest of the form as it stands). Helpers come
 * from the database, never from the form: ids of other requests are ignored.
 */
export async function confirmAttendance(actor: Actor | null, input: Record<string, unknown>, ctx: AdminCtx, now = new Date()): Promise<AttendanceResult> {
  const action = "attendance.confirm";
  const admitted = await admit(actor, "coordinator", ctx, action);
  if (!admitted.ok) return admitted;
  const a = admitted.actor;
  const requestId = typeof input.requestId === "string" ? input.requestId : "";
  if (!UUID_RE.test(requestId)) return invalid(a, ctx, action, { requestId: "invalid" });
  const noShow = typeof input.noShow === "string" ? input.noShow : null;
  const db = await getDb();

  type Outcome = { kind: "foreign" } | { kind: "error"; error: AttendanceError } | { kind: "invalid"; fieldErrors: Record<string, string> } | { kind: "ok"; confirmed: number; corrected: number };
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    // the request row first (the lock order of every request change): two coordinators
    // confirming at once are serialised, the second one sees the first one's rows as "before"
    const [r] = await tx
      .select({ id: s.requests.id, status: s.requests.status, startsAt: s.requests.startsAt, endsAt: s.requests.endsAt })
      .from(s.requests)
      .where(and(eq(s.requests.id, requestId), eq(s.requests.organizationId, a.organizationId)))
      .for("update");
    if (!r) return { kind: "foreign" };
    if (r.status === "cancelled") return { kind: "error", error: "cancelled" };
    if (now.getTime() < r.endsAt.getTime()) return { kind: "error", error: "not_ended" };
    const helpers = await acceptedHelpers(tx, r.id);
    if (helpers.length === 0) return { kind: "error", error: "no_helpers" };

    const fieldErrors: Record<string, string> = {};
    const wanted = helpers.map((h) => {
      const came = input[`attended.${h.invitationId}`] !== undefined && input[`attended.${h.invitationId}`] !== "" && noShow !== h.invitationId;
      if (!came) return { h, attended: false, minutes: 0 };
      const raw = input[`hours.${h.invitationId}`];
      if (raw === undefined || raw === "") return { h, attended: true, minutes: durationMinutes(r) };
      const parsed = hoursField.safeParse(typeof raw === "string" ? raw : "");
      if (!parsed.success) {
        fieldErrors[`hours.${h.invitationId}`] = parsed.error.issues[0]?.message ?? "hours_invalid";
        return { h, attended: true, minutes: 0 };
      }
      return { h, attended: true, minutes: parsed.data };
    });
    if (Object.keys(fieldErrors).length > 0) return { kind: "invalid", fieldErrors };

    let confirmed = 0;
    let corrected = 0;
    for (const w of wanted) {
      const before = w.h.attended === null ? null : { attended: w.h.attended, minutes: w.h.minutes ?? 0 };
      if (before && before.attended === w.attended && before.minutes === w.minutes) continue;
      await tx
        .insert(s.attendances)
        .values({ invitationId: w.h.invitationId, organizationId: a.organizationId, requestId: r.id, volunteerId: w.h.volunteerId, attended: w.attended, minutes: w.minutes, confirmedBy: a.userId, confirmedAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: s.attendances.invitationId, set: { attended: w.attended, minutes: w.minutes, confirmedBy: a.userId, updatedAt: now } });
      if (before) {
        corrected++;
        await recordAudit(tx, {
          organizationId: a.organizationId,
          actorUserId: a.userId,
          actorType: "user",
          action: "attendance.correct",
          objectType: "invitation",
          objectId: w.h.invitationId,
          ip: ctx.ip,
          details: { requestId: r.id, before, after: { attended: w.attended, minutes: w.minutes } },
        });
      } else confirmed++;
    }
    if (confirmed > 0) {
      const came = wanted.filter((w) => w.attended);
      await recordAudit(tx, {
        organizationId: a.organizationId,
        actorUserId: a.userId,
        actorType: "user",
        action,
        objectType: "request",
        objectId: r.id,
        ip: ctx.ip,
        details: { helpers: confirmed, attended: came.length, noShows: wanted.length - came.length, minutes: came.reduce((n, w) => n + w.minutes, 0) },
      });
    }
    return { kind: "ok", confirmed, corrected };
  });
  if (outcome.kind === "foreign") return deny(a, ctx, action, "foreign_object", { type: "request", id: requestId });
  if (outcome.kind === "error") return err(outcome.error);
  if (outcome.kind === "invalid") return invalid(a, ctx, action, outcome.fieldErrors, { type: "request", id: requestId });
  return ok({ confirmed: outcome.confirmed, corrected: outcome.corrected });
}
