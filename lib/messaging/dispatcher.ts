import { createHash } from "node:crypto";
import { and, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import * as s from "@/db/schema";
import type { Message } from "@/db/schema";
import { markSmsOptedOut } from "./opt-outs";
import { stopTelegramChat } from "@/lib/volunteers/telegram";
import { setWhatsappNumberStopped } from "@/lib/volunteers/whatsapp";
import { ALWAYS_DELIVER_KINDS } from "./outbox";
import { renderStoredTexts } from "./secrets";
import { senderFor, sendersOf, type OrgSenders } from "./sender";
import { SHIFT_INVITATION_KIND, STOPPABLE_MESSAGE_KINDS, stopReason, type StopInvitationStatus, type StopRequestStatus } from "./stop-kinds";
import { getTransports, type Transports } from "./transports";
import { quietCallHolds } from "./voice/calls";
import { sleep } from "./throttle";
import type { BatchResult, SendResult, Transport } from "./transports/types";

/** After this many attempts a message that keeps failing is marked failed (about 4 hours of retries). */
export const MAX_ATTEMPTS = 10;
/** A claim older than this is treated as abandoned (the process died) and retried. */
export const CLAIM_MS = 2 * 60_000;
/** pg_advisory_xact_lock key that serialises claims (see claimDueMessages) */
const CLAIM_LOCK_KEY = 4_627_001;

/**
 * Claim due messages with FOR UPDATE SKIP LOCKED so that several dispatchers (app instances,
 * cron and in-process scheduler) never take the same row (invariant 4).
 *
 * A message whose last provider call has an unknown outcome (timeout, 5xx, or the process died
 * after the call) keeps its idempotency key and stays `sending`; when its time comes it is
 * claimed together with every message that shares the key, so the batch is repeated exactly as
 * before and the provider answers from its idempotency record instead of sending again. Claims
 * are serialised with a transaction-level advisory lock (a few milliseconds each): two claims
 * running at once could otherwise each take half of such a batch.
 */
export async function claimDueMessages(db: Db, limit: number, now = new Date(), channel?: Message["channel"]): Promise<Message[]> {
  const lockedUntil = new Date(now.getTime() + CLAIM_MS);
  const ids = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`);
    const result = await tx.execute(sql`
      with picked as (
        select id, idempotency_key from ${s.messages}
        where ((status = 'queued' and next_attempt_at <= ${now}
                -- a suspended organisation's messages stay queued (lib/platform/organizations.ts),
                -- except what a person asked for themselves (sign-in links, confirmations, erasure)
                and (organization_id is null or kind in (${sql.join(ALWAYS_DELIVER_KINDS.map((k) => sql`${k}`), sql`, `)})
                     or organization_id not in (select o.id from ${s.organizations} o where o.suspended_at is not null)))
               or (status = 'sending' and locked_until < ${now}))
          ${channel ? sql`and channel = ${channel}` : sql``}
        order by next_attempt_at
        limit ${limit}
        for update skip locked
      )
      update ${s.messages} set status = 'sending', attempts = attempts + 1, locked_until = ${lockedUntil}
      where id in (select id from picked)
         or (idempotency_key in (select idempotency_key from picked where idempotency_key is not null)
             and status = 'sending' and locked_until < ${now})
      returning id`);
    return (result.rows as { id: string }[]).map((r) => r.id);
  });
  if (ids.length === 0) return [];
  return db.query.messages.findMany({ where: (m, { inArray }) => inArray(m.id, ids), orderBy: (m, { asc }) => [asc(m.nextAttemptAt), asc(m.createdAt), asc(m.id)] });
}

/** Exponential backoff with jitter, capped at one hour, never shorter than the provider's Retry-After. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3600_000);
  const jitter = Math.floor(Math.random() * base * 0.2);
  return Math.max(base + jitter, retryAfterMs ?? 0);
}

/** The Idempotency-Key of a batch: derived from its message ids, so a repeated batch carries the same key. */
export function batchIdempotencyKey(messageIds: string[]): string {
  return "batch-" + createHash("sha256").update([...messageIds].sort().join(",")).digest("hex").slice(0, 48);
}

export type DispatchSummary = {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  /** the run ended at its time budget (runMs) with messages still due: run again at once */
  more: boolean;
  /** paced calls that were too late for their slot and took another one (a busy machine) */
  lateSlots: number;
};

export type DispatchOptions = {
  /** messages claimed per channel and claim (e-mail default 500 = five batches, SMS 100) */
  limit?: number;
  now?: Date;
  transports?: Transports;
  /**
   * Keep claiming while messages are due, for up to this long (the scheduler passes
   * DISPATCH_RUN_MS); the next claim is taken while the last one is still being sent, so the
   * provider limit is used without a gap. 0 (default): one claim per channel.
   */
  runMs?: number;
  /** tests: runs after the provider answered and before the outcome is stored ("crash" here) */
  afterProviderCall?: (messages: Message[]) => Promise<void> | void;
  /** tests: runs between the claim and the re-check before the provider call (a request fills here) */
  beforeRecheck?: (messages: Message[]) => Promise<void> | void;
};

/** A paced call leaves this long after its slot (room for the re-check; see sendGroup) … */
export const CALL_OFFSET_MS = 25;
/** … and takes a new slot when it would leave later than this after that moment. */
export const MAX_LATE_MS = 10;

/** A run stops calling providers this long before its claim runs out (room for one slow call). */
const CLAIM_MARGIN_MS = 30_000;

/** No more messages than the provider limit lets us send within half the claim time. */
export function claimLimit(transport: Transport, requested: number): number {
  const interval = transport.throttle?.intervalMs;
  if (!interval) return requested;
  const calls = Math.max(1, Math.floor((CLAIM_MS - CLAIM_MARGIN_MS) / 2 / interval));
  return Math.max(1, Math.min(requested, calls * (transport.sendBatch ? (transport.maxBatchSize ?? 1) : 1)));
}

/** Provider calls of one channel in flight at once (Transport.concurrency, at least 1). */
export function sendConcurrency(transport: Transport): number {
  return Math.max(1, Math.floor(transport.concurrency ?? 1));
}

export async function dispatchDueMessages(db: Db, opts: DispatchOptions = {}): Promise<DispatchSummary> {
  const transports = opts.transports ?? getTransports();
  const summary: DispatchSummary = { claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, more: false, lateSlots: 0 };
  const started = Date.now();
  // the run's clock: `now` as given (tests, bench), advancing with real time while the run lasts
  const clock = () => (opts.now ? new Date(opts.now.getTime() + (Date.now() - started)) : new Date());
  // The channels have separate provider limits: one must not wait for the other. Calls (issue 18)
  // have their own pacer; without a voice transport (tests that send none) they wait in the outbox.
  const runs: [Message["channel"], Transport, number][] = [
    ["email", transports.email, 500],
    ["sms", transports.sms, 100],
    ...(transports.voice ? ([["voice", transports.voice, 50]] as [Message["channel"], Transport, number][]) : []),
    // Telegram (issue 18) likewise: its own pacer (about 30 messages per second per bot)
    ...(transports.telegram ? ([["telegram", transports.telegram, 100]] as [Message["channel"], Transport, number][]) : []),
    // WhatsApp (issue 18) likewise: its own pacer (WHATSAPP_RATE_PER_SECOND)
    ...(transports.whatsapp ? ([["whatsapp", transports.whatsapp, 100]] as [Message["channel"], Transport, number][]) : []),
  ];
  await Promise.all(runs.map(([channel, transport, limit]) => new ChannelRun(db, transport, channel, summary, opts, clock).run(opts.limit ?? limit, started + (opts.runMs ?? 0))));
  return summary;
}

type Group = { key: string; messages: Message[] };
/** A group ready to send, with the moment its claim stops being ours (minus a margin). */
type Work = Group & { recheck: boolean; deadline: number };

/** A batch's members in a fixed order, so that a repeated batch is byte-for-byte the same request. */
const byId = (messages: Message[]) => [...messages].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

class ChannelRun {
  constructor(
    private readonly db: Db,
    private readonly transport: Transport,
    private readonly channel: Message["channel"],
    private readonly summary: DispatchSummary,
    private readonly opts: DispatchOptions,
    private readonly clock: () => Date,
  ) {}

  /**
   * Bounded parallel sends inside the pacing: `concurrency` workers take groups from one queue;
   * each waits for its own pacing slot (so calls stay spaced at the provider limit however many
   * are in flight), re-checks its group, calls the provider and stores the outcome. While the
   * queue runs low and the time budget lasts, the next claim is taken in the background.
   */
  private readonly queue: Work[] = [];
  /** the senders of the organisations of the messages claimed in this run (lib/messaging/sender.ts) */
  private readonly senders: OrgSenders = new Map();

  async run(limit: number, until: number) {
    const { queue } = this;
    const concurrency = sendConcurrency(this.transport);
    let claims = 0;
    let exhausted = false;
    let claiming: Promise<void> | null = null;
    let failure: unknown = null;
    const mayClaim = () => !exhausted && failure === null && (claims === 0 || Date.now() < until);
    const claim = async () => {
      claims++;
      const claimedAt = Date.now();
      const messages = await claimDueMessages(this.db, claimLimit(this.transport, limit), this.clock(), this.channel);
      this.summary.claimed += messages.length;
      if (messages.length === 0) {
        exhausted = true;
        return;
      }
      // Past this moment another dispatcher may take our rows: stop before, they continue later
      // with the keys already stored.
      const deadline = claimedAt + CLAIM_MS - CLAIM_MARGIN_MS;
      queue.push(...(await this.groups(messages)).map((g) => ({ ...g, deadline })));
    };
    // idle workers wait for a change: new work, a claim or a send finished
    let waiting: (() => void)[] = [];
    const signal = () => {
      const w = waiting;
      waiting = [];
      for (const wake of w) wake();
    };
    let busy = 0;
    const startClaim = () => {
      claiming ??= claim()
        .catch((err) => {
          failure ??= err;
        })
        .finally(() => {
          claiming = null;
          signal();
        });
      return claiming;
    };
    const worker = async () => {
      for (;;) {
        if (failure !== null) return signal();
        // refill before the queue runs dry, so the workers never wait for a claim
        if (queue.length <= concurrency && mayClaim()) void startClaim();
        const work = queue.shift();
        if (work) {
          busy++;
          try {
            await this.sendGroup(work);
          } catch (err) {
            failure ??= err;
          } finally {
            busy--;
            signal();
          }
          continue;
        }
        if (claiming) await claiming;
        // a batch being sent may still be split into single sends for the queue
        else if (busy > 0) await new Promise<void>((r) => waiting.push(r));
        else if (!mayClaim()) return signal();
      }
    };
    await startClaim();
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (failure !== null) throw failure;
    // stopped at the budget, not because nothing was due
    if (!exhausted && claims > 0 && (this.opts.runMs ?? 0) > 0) this.summary.more = true;
  }

  /** One claim as groups: calls with an unknown outcome first (repeated as they were), then new ones in batches. */
  private async groups(claimed: Message[]): Promise<(Group & { recheck: boolean })[]> {
    const groups: (Group & { recheck: boolean })[] = [];
    // 1. Calls with an unknown outcome are repeated exactly: same messages, same key.
    const uncertain = new Map<string, Message[]>();
    const fresh: Message[] = [];
    for (const m of claimed) {
      if (m.idempotencyKey) uncertain.set(m.idempotencyKey, [...(uncertain.get(m.idempotencyKey) ?? []), m]);
      else fresh.push(m);
    }
    if (uncertain.size) {
      // Rebuild each batch exactly as first sent: members a webhook already marked delivered or
      // bounced are not claimed again, but they belong in the payload, or it would not match.
      const members = await this.db.select().from(s.messages).where(inArray(s.messages.idempotencyKey, [...uncertain.keys()]));
      for (const key of uncertain.keys()) groups.push({ key, messages: byId(members.filter((m) => m.idempotencyKey === key)), recheck: false });
    }
    // 2. New messages: drop those nobody may receive any more, then batch the rest.
    const sendable = await this.dropBlockedRecipients(fresh);
    const unknown = sendable.filter((m) => m.organizationId && !this.senders.has(m.organizationId));
    if (unknown.length) for (const [id, sender] of await sendersOf(this.db, unknown)) this.senders.set(id, sender);
    const size = this.transport.sendBatch ? (this.transport.maxBatchSize ?? 1) : 1;
    // Resend's batch endpoint takes no attachments: those messages (calendar files) go alone.
    for (const m of sendable.filter((m) => m.attachments?.length)) groups.push({ key: m.id, messages: [m], recheck: true });
    const batchable = sendable.filter((m) => !m.attachments?.length);
    for (let i = 0; i < batchable.length; i += size) {
      const chunk = byId(batchable.slice(i, i + size));
      // Fresh groups are re-checked (and get their key) one by one, right before their call.
      groups.push({ key: chunk.length === 1 ? chunk[0].id : batchIdempotencyKey(chunk.map((m) => m.id)), messages: chunk, recheck: true });
    }
    return groups;
  }

  /**
   * Stop means stop, to the last message (invariant 5): in ONE transaction just before the call,
   * each member about a request is re-checked against the rule of stop-kinds.ts — members no
   * longer wanted are cancelled — and the call's idempotency key is stored for the rest. The
   * request rows are locked FOR SHARE first: every change of a request or its invitations (fill,
   * cancel, close, withdraw) locks the request row FOR UPDATE first (load.ts), so each such change
   * commits either before this check (and the message is cancelled) or after it (the message was
   * on its way before the stop). Calls with an unknown outcome are not re-checked: the provider
   * may have the batch already, and changing it would defeat the idempotency key.
   */
  private async recheck(group: Group): Promise<Group | null> {
    await this.opts.beforeRecheck?.(group.messages);
    const now = this.opts.now ?? new Date();
    return this.db.transaction(async (tx) => {
      // A suspended organisation sends nothing: messages claimed before its suspension go back
      // to the queue. The suspension locks the organisation row FOR UPDATE, so it commits either
      // before this check (held here) or after it (the message was on its way before).
      const held = await this.holdSuspended(tx, group.messages);
      const stoppable = group.messages.filter((m) => m.requestId && STOPPABLE_MESSAGE_KINDS.includes(m.kind));
      const cancelled = new Map<string, string>();
      if (stoppable.length) {
        const requestIds = [...new Set(stoppable.map((m) => m.requestId!))].sort();
        await tx.select({ id: s.requests.id }).from(s.requests).where(inArray(s.requests.id, requestIds)).orderBy(s.requests.id).for("share");
        // a new statement after the lock: it reads what the stop committed
        const rows = await tx
          .select({ id: s.messages.id, kind: s.messages.kind, requestStatus: s.requests.status, startsAt: s.requests.startsAt, invitationStatus: s.invitations.status })
          .from(s.messages)
          .innerJoin(s.requests, eq(s.requests.id, s.messages.requestId))
          .leftJoin(s.invitations, eq(s.invitations.id, s.messages.invitationId))
          .where(inArray(s.messages.id, stoppable.map((m) => m.id)));
        for (const row of rows) {
          const reason = stopReason(
            { kind: row.kind, request: { status: row.requestStatus as StopRequestStatus, startsAt: row.startsAt }, invitationStatus: (row.invitationStatus as StopInvitationStatus | null) ?? null },
            now,
          );
          if (reason) cancelled.set(row.id, reason);
        }
        for (const [id, reason] of cancelled) {
          await tx.update(s.messages).set({ status: "cancelled", lastError: `not sent: ${reason}`, lockedUntil: null }).where(and(eq(s.messages.id, id), eq(s.messages.status, "sending")));
        }
      }
      // A shift plan's one message per volunteer (lib/shifts): not after the plan was cancelled
      // (the cancel locks the plan row FOR UPDATE first, as the requests above) nor when every
      // slot is filled, cancelled or has started (read without locking the slots: a slot filling
      // at this moment only means the page says "full").
      const planMessages = group.messages.filter((m) => m.shiftPlanId && m.kind === SHIFT_INVITATION_KIND);
      if (planMessages.length) {
        const planIds = [...new Set(planMessages.map((m) => m.shiftPlanId!))].sort();
        const plans = await tx.select({ id: s.shiftPlans.id, status: s.shiftPlans.status }).from(s.shiftPlans).where(inArray(s.shiftPlans.id, planIds)).orderBy(s.shiftPlans.id).for("share");
        const open = await tx
          .selectDistinct({ planId: s.requests.shiftPlanId })
          .from(s.requests)
          .where(and(inArray(s.requests.shiftPlanId, planIds), eq(s.requests.status, "open"), gt(s.requests.startsAt, now)));
        const asking = new Set(open.map((r) => r.planId));
        const status = new Map(plans.map((p) => [p.id, p.status]));
        for (const m of planMessages) {
          const reason = status.get(m.shiftPlanId!) !== "open" ? "shift plan cancelled" : asking.has(m.shiftPlanId) ? null : "no open slot";
          if (!reason) continue;
          cancelled.set(m.id, reason);
          await tx.update(s.messages).set({ status: "cancelled", lastError: `not sent: ${reason}`, lockedUntil: null }).where(and(eq(s.messages.id, m.id), eq(s.messages.status, "sending")));
        }
      }
      this.summary.cancelled += cancelled.size;
      let keep = group.messages.filter((m) => !cancelled.has(m.id) && !held.has(m.id));
      if (this.channel === "voice" && keep.length) {
        // no calls in the quiet hours, also when a retry or a delay brought the call there (issue 18)
        const holds = await quietCallHolds(tx, keep, now);
        for (const [id, until] of holds) {
          await tx.update(s.messages).set({ status: "queued", nextAttemptAt: until, lockedUntil: null, idempotencyKey: null, attempts: sql`greatest(${s.messages.attempts} - 1, 0)` }).where(and(eq(s.messages.id, id), eq(s.messages.status, "sending")));
        }
        keep = keep.filter((m) => !holds.has(m.id));
      }
      if (keep.length === 0) return null;
      const key = keep.length === 1 ? keep[0].id : batchIdempotencyKey(keep.map((m) => m.id));
      // The key is stored before the call: if the process dies during it, the retry reuses it —
      // and with it each message's sender, so the repeated call is the same request.
      const chosen = keep.map((m) => ({ ...m, idempotencyKey: key, sender: senderFor(m, this.senders) }));
      const bySender = new Map<string, string[]>();
      for (const m of chosen) {
        const k = JSON.stringify(m.sender);
        bySender.set(k, [...(bySender.get(k) ?? []), m.id]);
      }
      for (const [sender, ids] of bySender) {
        await tx.update(s.messages).set({ idempotencyKey: key, sender: JSON.parse(sender) }).where(inArray(s.messages.id, ids));
      }
      return { key, messages: chosen };
    });
  }

  /**
   * Puts the messages of suspended organisations back in the queue (as if never claimed); returns
   * their ids. What a person asked for themselves (ALWAYS_DELIVER_KINDS) still goes out: a
   * volunteer of a suspended organisation can still sign in to see, export or delete their data.
   */
  private async holdSuspended(tx: Tx, all: Message[]): Promise<Set<string>> {
    const messages = all.filter((m) => !ALWAYS_DELIVER_KINDS.includes(m.kind));
    const orgIds = [...new Set(messages.map((m) => m.organizationId).filter((id): id is string => !!id))].sort();
    if (!orgIds.length) return new Set();
    const suspended = await tx
      .select({ id: s.organizations.id })
      .from(s.organizations)
      .where(and(inArray(s.organizations.id, orgIds), isNotNull(s.organizations.suspendedAt)))
      .orderBy(s.organizations.id)
      .for("share");
    if (!suspended.length) return new Set();
    const ids = messages.filter((m) => m.organizationId && suspended.some((o) => o.id === m.organizationId)).map((m) => m.id);
    await tx
      .update(s.messages)
      .set({ status: "queued", attempts: sql`greatest(${s.messages.attempts} - 1, 0)`, lockedUntil: null })
      .where(and(inArray(s.messages.id, ids), eq(s.messages.status, "sending")));
    return new Set(ids);
  }

  /** The key is stored before the call: if the process dies during it, the retry reuses it. */
  private async storeKeys(groups: Group[]) {
    const singles = groups.filter((g) => g.messages.length === 1).map((g) => g.messages[0].id);
    if (singles.length) await this.db.update(s.messages).set({ idempotencyKey: sql`${s.messages.id}::text` }).where(inArray(s.messages.id, singles));
    for (const g of groups.filter((g) => g.messages.length > 1)) {
      await this.db.update(s.messages).set({ idempotencyKey: g.key }).where(inArray(s.messages.id, g.messages.map((m) => m.id)));
    }
  }

  private async dropBlockedRecipients(messages: Message[]): Promise<Message[]> {
    const volunteerIds = [...new Set(messages.map((m) => m.volunteerId).filter((v): v is string => !!v))];
    const flags = volunteerIds.length
      ? await this.db
          .select({ id: s.volunteers.id, bounced: s.volunteers.emailBouncedAt, emailOut: s.volunteers.emailOptedOutAt, smsOut: s.volunteers.smsOptedOutAt, voiceOut: s.volunteers.voiceOptedOutAt, telegramOut: s.volunteers.telegramOptedOutAt, telegramChat: s.volunteers.telegramChatId, whatsappOut: s.volunteers.whatsappOptedOutAt, whatsappPhone: s.volunteers.whatsappPhone })
          .from(s.volunteers)
          .where(inArray(s.volunteers.id, volunteerIds))
      : [];
    const byId = new Map(flags.map((f) => [f.id, f]));
    const keep: Message[] = [];
    const cancel: { id: string; reason: string }[] = [];
    for (const m of messages) {
      const f = m.volunteerId ? byId.get(m.volunteerId) : undefined;
      const reason = !m.recipient
        ? "recipient erased"
        : m.channel === "email" && f?.bounced
          ? "address bounced"
          : m.channel === "email" && f?.emailOut && !ALWAYS_DELIVER_KINDS.includes(m.kind)
            ? "recipient unsubscribed"
            : m.channel === "sms" && f?.smsOut
              ? "recipient opted out of SMS"
              : m.channel === "voice" && f?.voiceOut && m.kind !== "confirm-voice"
                ? "recipient stopped calls"
                : m.channel === "telegram" && (f?.telegramOut || (f && f.telegramChat !== m.recipient))
                  ? "recipient stopped Telegram"
                  : m.channel === "whatsapp" && (f?.whatsappOut || (f && f.whatsappPhone !== m.recipient))
                    ? "recipient stopped WhatsApp"
                    : null;
      if (reason) cancel.push({ id: m.id, reason });
      else keep.push(m);
    }
    for (const c of cancel) {
      await this.db.update(s.messages).set({ status: "cancelled", lastError: c.reason, lockedUntil: null }).where(eq(s.messages.id, c.id));
    }
    this.summary.cancelled += cancel.length;
    return keep;
  }

  private async sendGroup(work: Work) {
    let group: Group = work;
    // Twilio has no idempotency key: if a status callback already told us the provider id of an
    // SMS whose answer was lost, it went out; record it instead of sending it again.
    const [only] = group.messages;
    if (group.messages.length === 1 && only.providerId && only.idempotencyKey) {
      await this.markSent(group.messages, [only.providerId]);
      return;
    }
    // A paced call leaves at a fixed offset after its slot, not whenever the re-check happened
    // to finish: with parallel calls the re-check's database time varies (pool waits) and timers
    // fire late on a busy machine; calls leaving late would bunch with those on time, and the
    // provider's one-second window would see more than the limit. A call that finds itself more
    // than MAX_LATE_MS behind its slot takes a new one (and is re-checked again) instead.
    for (let attempt = 1; ; attempt++) {
      const slot = await this.transport.throttle?.take();
      // A long Retry-After pause can outlast the claim: leave the rest to a later run.
      if (Date.now() > work.deadline) return;
      if (work.recheck) {
        const wanted = await this.recheck(group);
        if (!wanted) return;
        group = wanted;
      }
      if (!slot) break;
      const wait = slot.at + CALL_OFFSET_MS - Date.now();
      if (wait > 0) await sleep(wait);
      if (wait >= -MAX_LATE_MS || attempt >= 3) break;
      this.summary.lateSlots++;
    }
    const { messages } = group;
    // Links are put into the texts only now (they are stored as placeholders); rendering is
    // deterministic, so a repeated batch is the same request.
    const outgoing = messages.map(renderStoredTexts);
    let result: BatchResult;
    try {
      if (outgoing.length > 1 && this.transport.sendBatch) {
        result = await this.transport.sendBatch(outgoing, { idempotencyKey: group.key });
      } else {
        const single: SendResult = await this.transport.send(outgoing[0], { idempotencyKey: group.key });
        result = single.ok ? { ok: true, providerIds: [single.providerId] } : single;
      }
    } catch (err) {
      // A transport that throws has not told us whether the provider got the call.
      result = { ok: false, retryable: true, uncertain: true, error: err instanceof Error ? err.message : String(err) };
    }
    await this.opts.afterProviderCall?.(messages);
    if (result.ok) return this.markSent(messages, result.providerIds);
    if (result.retryAfterMs) await this.transport.throttle?.pause(result.retryAfterMs);
    if ("invalidBatch" in result && result.invalidBatch) {
      // Refused as a whole, so nothing went out: each message gets its own call and its own fate.
      // They go to the front of the queue, for every worker to take (each with its own slot).
      const singles = messages.map((m) => ({ key: m.id, messages: [{ ...m, idempotencyKey: m.id }] }));
      await this.storeKeys(singles);
      this.queue.unshift(...singles.map((g) => ({ ...g, recheck: false, deadline: work.deadline })));
      return;
    }
    const ids = messages.map((m) => m.id);
    // Only rows still in our hands: a batch member a webhook already settled keeps its state.
    const ours = and(inArray(s.messages.id, ids), eq(s.messages.status, "sending"));
    const attempts = Math.max(...messages.map((m) => m.attempts));
    const error = result.error.slice(0, 500);
    if (result.retryable && attempts < MAX_ATTEMPTS) {
      const next = new Date(Date.now() + backoffMs(attempts, result.retryAfterMs));
      if (result.uncertain) {
        // Outcome unknown: keep the key and the batch together, and keep the rows `sending` so a
        // request being filled meanwhile cannot cancel (and thereby change) the batch.
        await this.db.update(s.messages).set({ nextAttemptAt: next, lockedUntil: next, lastError: error, transport: this.transport.name }).where(ours);
      } else {
        await this.db
          .update(s.messages)
          .set({ status: "queued", nextAttemptAt: next, lockedUntil: null, idempotencyKey: null, lastError: error, transport: this.transport.name })
          .where(ours);
      }
      this.summary.retried += ids.length;
      return;
    }
    // one statement per report row (see bySummaryRow): concurrent runs never lock two in opposite order
    for (const group of bySummaryRow(messages)) {
      await this.db
        .update(s.messages)
        .set({ status: "failed", lockedUntil: null, lastError: error, transport: this.transport.name, sealedSecrets: null })
        .where(and(inArray(s.messages.id, group.map((m) => m.id)), eq(s.messages.status, "sending")));
    }
    this.summary.failed += ids.length;
    if (result.recipientOptedOut) {
      // SMS: Twilio 21610 (STOP at the carrier); Telegram: 403, the bot was blocked; WhatsApp: 21610/63024
      for (const m of messages) {
        if (!m.recipient) continue;
        if (this.channel === "telegram") await stopTelegramChat(this.db, m.recipient, "blocked");
        else if (this.channel === "whatsapp") await setWhatsappNumberStopped(this.db, m.recipient, true, "blocked");
        else await markSmsOptedOut(this.db, m.recipient);
      }
    }
  }

  private async markSent(messages: Message[], providerIds: (string | null)[]) {
    // Sent: the link tokens are no longer needed at rest (issue 13). The development transport
    // keeps them, its outbox page shows messages in full.
    const keepSecrets = this.transport.name === "dev";
    const pid = new Map(messages.map((m, i) => [m.id, providerIds[i] ?? null]));
    // one statement per report row (see bySummaryRow): concurrent runs never lock two in opposite order
    for (const group of bySummaryRow(messages)) {
      const values = sql.join(
        group.map((m) => sql`(${m.id}::uuid, ${pid.get(m.id) ?? null}::text)`),
        sql`, `,
      );
      // A status callback may already have said "delivered" or "failed": never step back from it.
      // A recipient erased while the call ran (recipient null) gets no provider id back.
      await this.db.execute(sql`
        update ${s.messages} m set
          status = case when m.status in ('delivered', 'failed') then m.status else 'sent' end,
          sent_at = coalesce(m.sent_at, now()), provider_id = case when m.recipient is null then null else coalesce(v.pid, m.provider_id) end,
          transport = ${this.transport.name}, locked_until = null, last_error = null,
          sealed_secrets = ${keepSecrets ? sql`m.sealed_secrets` : sql`null`}
        from (values ${values}) as v(id, pid)
        where m.id = v.id`);
    }
    this.summary.sent += messages.length;
  }
}

/**
 * Messages grouped by the report row their hand-over counts in (message_day_summaries: organisation,
 * local day of creation, channel, request; migration 0015). Its row trigger updates that row, so an
 * update of messages of several rows holds several row locks, in an order PostgreSQL picks: two
 * runs marking overlapping rows deadlocked (CI, the isolation fixture's parallel sends). One
 * statement per group holds one. The local day is not known here: a quarter of an hour of
 * creation lies within one local day in every time zone (offsets are whole quarter hours).
 */
export function bySummaryRow<M extends Pick<Message, "organizationId" | "channel" | "requestId" | "createdAt">>(messages: M[]): M[][] {
  const groups = new Map<string, M[]>();
  for (const m of messages) {
    const key = `${m.organizationId}|${m.channel}|${m.requestId ?? ""}|${Math.floor(m.createdAt.getTime() / 900_000)}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  return [...groups.values()];
}
