import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { ok } from "@/lib/result";
import { canUseChannelSql } from "@/lib/volunteers/channels";
import { audit, refuse, withRequest, type ManageOpts, type ManageResult } from "./access";
import { inviteMatching } from "./invite";
import { hasStarted } from "./lifecycle";
import { DEFAULT_WAVE_INTERVAL_MINUTES } from "./limits";
import { loadMessageOrg, loadRequest, toMessageRequest, type LockedRequest } from "./load";
import { invitationMessages, type MessageOrg } from "./messages";
import { loadQuietHours, smsNotBefore } from "./quiet-hours";
import { storedResponseToken } from "./tokens";

/**
 * Waves (re-alerting). A request with waves asks the best-matching `waveSize` volunteers first;
 * while it is not filled, the next `waveSize` are asked `waveIntervalMinutes` later — or at once
 * when everyone of the waves so far has answered — until matching finds fewer than a full wave
 * (the list is exhausted), the wave deadline (default: the start) has passed, or the coordinator
 * stops the waves.
 *
 * Decision: every wave RE-MATCHES (matchVolunteers with "not yet invited") instead of pre-planning
 * queued invitations. So a volunteer who registered, resumed or confirmed a channel meanwhile is
 * picked up, and the weekly limit and least-recently-asked order are judged when the wave goes out.
 * The board shows the plan as: the waves sent (who was in which), the next wave's time and size.
 *
 * Stop means stop (invariant 5): fill / close / cancel clear `next_wave_at` (lifecycle.ts) and
 * each wave re-checks the request under its row lock. Defaults (interval, size): limits.ts.
 */

export function waveDeadlineOf(r: Pick<s.Request, "waveDeadline" | "startsAt">): Date {
  return r.waveDeadline && r.waveDeadline.getTime() < r.startsAt.getTime() ? r.waveDeadline : r.startsAt;
}

/** When the wave after one sent at `now` is due, or null when no further wave can go out. */
export function nextWaveTime(r: Pick<s.Request, "waveSize" | "waveIntervalMinutes" | "waveDeadline" | "startsAt" | "wavesStopped">, now: Date, invitedInWave: number): Date | null {
  if (!r.waveSize || r.wavesStopped) return null;
  if (invitedInWave < r.waveSize) return null; // matching found fewer than a full wave: exhausted
  if (now.getTime() >= waveDeadlineOf(r).getTime()) return null;
  return new Date(now.getTime() + (r.waveIntervalMinutes ?? DEFAULT_WAVE_INTERVAL_MINUTES) * 60_000);
}

async function unansweredCount(tx: DbOrTx, requestId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(s.invitations)
    .where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.status, "pending")));
  return Number(row?.n ?? 0);
}

/**
 * Sends the next wave of a request whose row the caller has locked. Re-checks everything under
 * the lock with fresh statements, so a run that raced another never sends a wave twice.
 */
async function sendWave(tx: DbOrTx, request: LockedRequest, now: Date, force: boolean): Promise<{ sent: boolean; invited: number }> {
  const stop = async () => {
    await tx.update(s.requests).set({ nextWaveAt: null, updatedAt: now }).where(eq(s.requests.id, request.id));
    return { sent: false, invited: 0 };
  };
  if (request.status !== "open" || request.wavesStopped || !request.waveSize) return request.nextWaveAt ? stop() : { sent: false, invited: 0 };
  if (now.getTime() >= waveDeadlineOf(request).getTime()) return stop();
  if (!force) {
    if (!request.nextWaveAt) return { sent: false, invited: 0 };
    const due = request.nextWaveAt.getTime() <= now.getTime() || (await unansweredCount(tx, request.id)) === 0;
    if (!due) return { sent: false, invited: 0 };
  }
  const wave = request.currentWave + 1;
  const org = await loadMessageOrg(tx, request.organizationId);
  const stillNeeded = request.helpersNeeded - request.acceptedCount;
  const { invited, messages } = await inviteMatching(tx, org, request, request.waveSize, now, { wave });
  const followUps = await followUpNonResponders(tx, org, request, wave, now);
  const next = nextWaveTime(request, now, invited);
  await tx
    .update(s.requests)
    .set({ currentWave: invited > 0 ? wave : request.currentWave, nextWaveAt: next, updatedAt: now })
    .where(eq(s.requests.id, request.id));
  await recordAudit(tx, {
    organizationId: request.organizationId,
    actorType: "system",
    action: "request.wave",
    objectType: "request",
    objectId: request.id,
    details: { wave, invited, messages, followUps, stillNeeded, nextWaveAt: next?.toISOString() ?? null },
  });
  return { sent: invited > 0, invited };
}

/**
 * With each new wave, those of earlier waves who have not answered are asked once more on their
 * OTHER confirmed channel (e-mail people by SMS and vice versa), if the request allows it. Claimed
 * by the conditional UPDATE of follow_up_sent_at, so never twice.
 */
async function followUpNonResponders(tx: DbOrTx, org: MessageOrg, request: LockedRequest, wave: number, now: Date): Promise<number> {
  const allowSms = request.channels !== "email";
  const allowEmail = request.channels !== "sms";
  if (!allowSms && !allowEmail) return 0;
  const v = s.volunteers;
  const res = await tx.execute(sql`
    update ${s.invitations} i set follow_up_sent_at = ${now}
    from ${v}
    where ${v.id} = i.volunteer_id and i.request_id = ${request.id} and i.status = 'pending' and i.wave < ${wave}
      and i.follow_up_sent_at is null
      and (
        (${allowSms} and ${v.contactPreference} = 'email' and ${canUseChannelSql("sms")})
        or (${allowEmail} and ${v.contactPreference} = 'sms' and ${canUseChannelSql("email")})
      )
    returning i.id as "invitationId", i.token_hash as "tokenHash", ${v.id} as "volunteerId", ${v.firstName} as "firstName", ${v.email} as "email", ${v.phone} as "phone",
              ${v.locale} as "locale", ${v.contactPreference} as "preference"`);
  const rows = res.rows as { invitationId: string; tokenHash: string; volunteerId: string; firstName: string; email: string | null; phone: string | null; locale: string; preference: string }[];
  if (rows.length === 0) return 0;
  const mr = toMessageRequest(request);
  const smsAfter = smsNotBefore(now, org.timeZone, request.startsAt, await loadQuietHours(tx, request.organizationId));
  // invitations from before the short tokens keep their (legacy) link; random tokens of old cannot be rebuilt
  const out: OutgoingMessage[] = rows.flatMap((r) => {
    const token = storedResponseToken(r.invitationId, r.tokenHash);
    return token ? invitationMessages(
      org,
      mr,
      { volunteerId: r.volunteerId, invitationId: r.invitationId, firstName: r.firstName, email: r.email, phone: r.phone, locale: toLocale(r.locale), channels: [r.preference === "email" ? "sms" : "email"] },
      token,
      r.preference === "email" ? smsAfter : undefined,
    ) : [];
  });
  await enqueueMessages(tx, out);
  return rows.length;
}

/**
 * Scheduler job: every open request whose next wave is due (its time has come, or nobody of the
 * waves so far is still unanswered). Each request in its own short transaction, claimed with
 * FOR UPDATE SKIP LOCKED: a parallel run skips it instead of waiting and sending again.
 */
export async function runWaves(db: Db, now = new Date(), opts: { maxRequests?: number } = {}): Promise<{ waves: number; invited: number }> {
  let waves = 0;
  let invited = 0;
  const seen = new Set<string>();
  for (let i = 0; i < (opts.maxRequests ?? 50); i++) {
    const r = await db.transaction(async (tx) => {
      const exclude = seen.size ? sql`and r.id not in (${sql.join([...seen].map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
      const res = await tx.execute(sql`
        select r.id from ${s.requests} r
        where r.status = 'open' and r.next_wave_at is not null and not r.waves_stopped
          and not exists (select 1 from ${s.organizations} o where o.id = r.organization_id and o.suspended_at is not null)
          and (r.next_wave_at <= ${now} or not exists (select 1 from ${s.invitations} i where i.request_id = r.id and i.status = 'pending'))
          ${exclude}
        order by r.next_wave_at
        limit 1
        for update of r skip locked`);
      const id = (res.rows[0] as { id: string } | undefined)?.id;
      if (!id) return null;
      seen.add(id);
      const request = await loadRequest(tx, id, { lock: true });
      if (!request) return { sent: false, invited: 0 };
      return sendWave(tx, request, now, false);
    });
    if (!r) break;
    if (r.sent) waves++;
    invited += r.invited;
  }
  return { waves, invited };
}

/** Coordinator: send the next wave now (instead of waiting for its time). */
export async function sendNextWaveNow(db: Db, actor: Actor, requestId: string, opts: ManageOpts = {}): Promise<ManageResult<{ invited: number }>> {
  return withRequest(db, actor, requestId, "request.wave_now", opts, async (ctx) => {
    const { request, now } = ctx;
    if (request.status !== "open") return refuse(ctx, "not_open");
    if (hasStarted(request, now)) return refuse(ctx, "past");
    if (!request.waveSize || request.wavesStopped || !request.nextWaveAt) return refuse(ctx, "no_waves");
    const { invited } = await sendWave(ctx.tx, request, now, true);
    await audit(ctx, { invited });
    return ok({ invited });
  });
}

/** Coordinator: no further waves for this request (those already asked can still answer). */
export async function stopWaves(db: Db, actor: Actor, requestId: string, opts: ManageOpts = {}): Promise<ManageResult> {
  return withRequest(db, actor, requestId, "request.stop_waves", opts, async (ctx) => {
    const { tx, request, now } = ctx;
    if (!request.waveSize || request.wavesStopped) return refuse(ctx, "no_waves");
    await tx.update(s.requests).set({ wavesStopped: true, nextWaveAt: null, updatedAt: now }).where(eq(s.requests.id, request.id));
    await audit(ctx, { wave: request.currentWave });
    return ok();
  });
}

export type WavePlan = {
  enabled: boolean;
  waveSize: number | null;
  intervalMinutes: number | null;
  deadline: Date | null;
  currentWave: number;
  nextWaveAt: Date | null;
  stopped: boolean;
  waves: { wave: number; names: { firstName: string; lastName: string; status: s.Invitation["status"] }[] }[];
};

/** The plan for the board: who was asked in which wave, when the next wave goes out. */
export async function getWavePlan(db: DbOrTx, organizationId: string, requestId: string): Promise<WavePlan | null> {
  const [r] = await db.select().from(s.requests).where(and(eq(s.requests.id, requestId), eq(s.requests.organizationId, organizationId)));
  if (!r) return null;
  const rows = await db
    .select({ wave: s.invitations.wave, status: s.invitations.status, firstName: s.volunteers.firstName, lastName: s.volunteers.lastName })
    .from(s.invitations)
    .leftJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .where(eq(s.invitations.requestId, requestId))
    .orderBy(s.invitations.wave, s.volunteers.lastName, s.volunteers.firstName);
  const waves = new Map<number, WavePlan["waves"][number]>();
  for (const row of rows) {
    const w = waves.get(row.wave) ?? { wave: row.wave, names: [] };
    w.names.push({ firstName: row.firstName ?? "—", lastName: row.lastName ?? "", status: row.status });
    waves.set(row.wave, w);
  }
  return {
    enabled: !!r.waveSize,
    waveSize: r.waveSize,
    intervalMinutes: r.waveIntervalMinutes,
    deadline: r.waveSize ? waveDeadlineOf(r) : null,
    currentWave: r.currentWave,
    nextWaveAt: r.nextWaveAt,
    stopped: r.wavesStopped,
    waves: [...waves.values()],
  };
}
