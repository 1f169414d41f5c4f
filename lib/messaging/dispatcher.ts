import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { Message } from "@/db/schema";
import { markSmsOptedOut } from "./opt-outs";
import { ALWAYS_DELIVER_KINDS } from "./outbox";
import { renderStoredTexts } from "./secrets";
import { STOPPABLE_MESSAGE_KINDS, stopReason, type StopInvitationStatus, type StopRequestStatus } from "./stop-kinds";
import { getTransports, type Transports } from "./transports";
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
export async function claimDueMessages(db: Db, limit: number, now = new Date(), channel?: "email" | "sms"): Promise<Message[]> {
  const lockedUntil = new Date(now.getTime() + CLAIM_MS);
  const ids = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`);
    const result = await tx.execute(sql`
      with picked as (
        select id, idempotency_key from ${s.messages}
        where ((status = 'queued' and next_attempt_at <= ${now}) or (status = 'sending' and locked_until < ${now}))
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

export type DispatchSummary = { claimed: number; sent: number; retried: number; failed: number; cancelled: number };

export type DispatchOptions = {
  /** messages claimed per channel and run (e-mail default 500 = five batches, SMS 100) */
  limit?: number;
  now?: Date;
  transports?: Transports;
  /** tests: runs after the provider answered and before the outcome is stored ("crash" here) */
  afterProviderCall?: (messages: Message[]) => Promise<void> | void;
  /** tests: runs between the claim and the re-check before the provider call (a request fills here) */
  beforeRecheck?: (messages: Message[]) => Promise<void> | void;
};

/** A run stops calling providers this long before its claim runs out (room for one slow call). */
const CLAIM_MARGIN_MS = 30_000;

/** No more messages than the provider limit lets us send within half the claim time. */
export function claimLimit(transport: Transport, requested: number): number {
  const interval = transport.throttle?.intervalMs;
  if (!interval) return requested;
  const calls = Math.max(1, Math.floor((CLAIM_MS - CLAIM_MARGIN_MS) / 2 / interval));
  return Math.max(1, Math.min(requested, calls * (transport.sendBatch ? (transport.maxBatchSize ?? 1) : 1)));
}

export async function dispatchDueMessages(db: Db, opts: DispatchOptions = {}): Promise<DispatchSummary> {
  const transports = opts.transports ?? getTransports();
  const now = opts.now ?? new Date();
  const summary: DispatchSummary = { claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0 };
  const claimedAt = Date.now();
  const emails = await claimDueMessages(db, claimLimit(transports.email, opts.limit ?? 500), now, "email");
  const sms = await claimDueMessages(db, claimLimit(transports.sms, opts.limit ?? 100), now, "sms");
  summary.claimed = emails.length + sms.length;
  // Past this moment another dispatcher may take our rows: stop before, they continue later
  // with the keys already stored.
  const deadline = claimedAt + CLAIM_MS - CLAIM_MARGIN_MS;
  // The channels have separate provider limits: one must not wait for the other.
  await Promise.all([
    emails.length ? new ChannelRun(db, transports.email, summary, opts, deadline).run(emails) : undefined,
    sms.length ? new ChannelRun(db, transports.sms, summary, opts, deadline).run(sms) : undefined,
  ]);
  return summary;
}

type Group = { key: string; messages: Message[] };

/** A batch's members in a fixed order, so that a repeated batch is byte-for-byte the same request. */
const byId = (messages: Message[]) => [...messages].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

class ChannelRun {
  constructor(
    private readonly db: Db,
    private readonly transport: Transport,
    private readonly summary: DispatchSummary,
    private readonly opts: DispatchOptions,
    private readonly deadline: number,
  ) {}

  async run(claimed: Message[]) {
    const groups: Group[] = [];
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
      for (const key of uncertain.keys()) groups.push({ key, messages: byId(members.filter((m) => m.idempotencyKey === key)) });
    }
    // 2. New messages: drop those nobody may receive any more, then batch the rest.
    const sendable = await this.dropBlockedRecipients(fresh);
    const size = this.transport.sendBatch ? (this.transport.maxBatchSize ?? 1) : 1;
    const freshGroups: Group[] = [];
    // Resend's batch endpoint takes no attachments: those messages (calendar files) go alone.
    for (const m of sendable.filter((m) => m.attachments?.length)) freshGroups.push({ key: m.id, messages: [m] });
    const batchable = sendable.filter((m) => !m.attachments?.length);
    for (let i = 0; i < batchable.length; i += size) {
      const chunk = byId(batchable.slice(i, i + size));
      freshGroups.push({ key: chunk.length === 1 ? chunk[0].id : batchIdempotencyKey(chunk.map((m) => m.id)), messages: chunk });
    }
    for (const group of groups) await this.sendGroup(group);
    // Fresh groups are re-checked (and get their key) one by one, right before their call.
    for (const group of freshGroups) await this.sendGroup(group, { recheck: true });
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
      this.summary.cancelled += cancelled.size;
      const keep = group.messages.filter((m) => !cancelled.has(m.id));
      if (keep.length === 0) return null;
      const key = keep.length === 1 ? keep[0].id : batchIdempotencyKey(keep.map((m) => m.id));
      // The key is stored before the call: if the process dies during it, the retry reuses it.
      await tx.update(s.messages).set({ idempotencyKey: key }).where(inArray(s.messages.id, keep.map((m) => m.id)));
      return { key, messages: keep.map((m) => ({ ...m, idempotencyKey: key })) };
    });
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
          .select({ id: s.volunteers.id, bounced: s.volunteers.emailBouncedAt, emailOut: s.volunteers.emailOptedOutAt, smsOut: s.volunteers.smsOptedOutAt })
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

  private async sendGroup(initial: Group, opts: { recheck?: boolean } = {}) {
    let group = initial;
    // Twilio has no idempotency key: if a status callback already told us the provider id of an
    // SMS whose answer was lost, it went out; record it instead of sending it again.
    const [only] = group.messages;
    if (group.messages.length === 1 && only.providerId && only.idempotencyKey) {
      await this.markSent(group.messages, [only.providerId]);
      return;
    }
    await this.transport.throttle?.take();
    // A long Retry-After pause can outlast the claim: leave the rest to a later run.
    if (Date.now() > this.deadline) return;
    if (opts.recheck) {
      const wanted = await this.recheck(group);
      if (!wanted) return;
      group = wanted;
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
      const singles = messages.map((m) => ({ key: m.id, messages: [{ ...m, idempotencyKey: m.id }] }));
      await this.storeKeys(singles);
      for (const g of singles) await this.sendGroup(g);
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
    await this.db.update(s.messages).set({ status: "failed", lockedUntil: null, lastError: error, transport: this.transport.name, sealedSecrets: null }).where(ours);
    this.summary.failed += ids.length;
    if (result.recipientOptedOut) {
      for (const m of messages) if (m.recipient) await markSmsOptedOut(this.db, m.recipient);
    }
  }

  private async markSent(messages: Message[], providerIds: (string | null)[]) {
    // Sent: the link tokens are no longer needed at rest (issue 13). The development transport
    // keeps them, its outbox page shows messages in full.
    const keepSecrets = this.transport.name === "dev";
    const values = sql.join(
      messages.map((m, i) => sql`(${m.id}::uuid, ${providerIds[i] ?? null}::text)`),
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
    this.summary.sent += messages.length;
  }
}
