import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Paces calls to one provider. */
export interface Pacer {
  /** the configured spacing of calls (before any slow-down after a 429) */
  readonly intervalMs: number;
  /**
   * Waits for the next free slot and returns it. Several callers may wait at once (parallel
   * sends): each gets its own slot, so calls stay spaced however many are in flight.
   */
  take(): Promise<Slot>;
  /** the provider said "slow down" (429 + Retry-After): nobody calls it before then, and calls are spaced wider for a while (Slowdown) */
  pause(ms: number): Promise<void> | void;
}

/** A reserved slot: `at` on this process's clock (Date.now()), `clockMs` on the pacer's own clock (the database's for SharedPacer). */
export type Slot = { at: number; clockMs: number };

/**
 * Evenly spaced calls at `rate` per second, with 3 % headroom for network jitter (a fraction of a
 * millisecond is kept: at 100/s a rounded-up 11 ms would give away 9 % of the limit).
 */
export function pacingInterval(ratePerSecond: number): number {
  return (1000 / ratePerSecond) * PACING_HEADROOM;
}
export const PACING_HEADROOM = 1.03;

/** A 429 widens the spacing by this factor (compounding, at most MAX_SLOWDOWN) … */
export const SLOWDOWN_STEP = 1.25;
export const MAX_SLOWDOWN = 4;
/** … and the spacing returns linearly to the configured one over this time without a 429. */
export const SLOWDOWN_RECOVERY_MS = 15_000;
/** A 429 with none in this time before it only pauses (Retry-After): one is network jitter, a second one in a row is a limit set too high. */
export const LONE_429_MS = 30_000;

/**
 * The pacer's reaction to repeated 429s beyond Retry-After: the limit we were given was evidently
 * too high (another sender on the same account, a lower limit than configured), so calls are
 * spaced wider — 1.25× per 429, at most 4× — and the spacing recovers to the configured one over
 * 15 s. A lone 429 (none in the 30 s before) only pauses: calls bunched by network or event-loop
 * jitter on a busy machine cross the provider's one-second window now and then, and widening the
 * spacing for 15 s after each of those cost ~5 % of a 100/s limit (issue 19, docs/benchmarks.md).
 */
export class Slowdown {
  private peak = 1;
  private since = 0;
  private lastHit = Number.NEGATIVE_INFINITY;

  /** the factor at `now` */
  factor(now = Date.now()): number {
    if (this.peak <= 1) return 1;
    const left = 1 - (now - this.since) / SLOWDOWN_RECOVERY_MS;
    return left <= 0 ? 1 : 1 + (this.peak - 1) * left;
  }

  /** a 429 arrived */
  hit(now = Date.now()) {
    const lone = now - this.lastHit > LONE_429_MS;
    this.lastHit = now;
    if (lone) return;
    this.peak = Math.min(MAX_SLOWDOWN, Math.max(1, this.factor(now)) * SLOWDOWN_STEP);
    this.since = now;
  }

  interval(base: number, now = Date.now()): number {
    return base * this.factor(now);
  }
}

/**
 * A pacer in memory (a token bucket of size one): calls 1000/rate ms apart plus 5 % headroom, so
 * that network jitter never lets the provider's own one-second window see one call too many.
 * Holds only for the dispatchers that share the object; production uses SharedPacer.
 */
export class Throttle implements Pacer {
  private nextSlot = 0;
  private pausedUntil = 0;
  readonly intervalMs: number;
  readonly slowdown = new Slowdown();

  constructor(readonly ratePerSecond: number) {
    this.intervalMs = pacingInterval(ratePerSecond);
  }

  /** Reserves the next free slot and waits for it; a pause that began meanwhile sends it to the back of the line. */
  async take(): Promise<Slot> {
    for (;;) {
      const now = Date.now();
      const slot = Math.max(this.nextSlot, now, this.pausedUntil);
      this.nextSlot = slot + this.slowdown.interval(this.intervalMs, now);
      if (slot > now) await sleep(slot - now);
      if (Date.now() >= this.pausedUntil) return { at: slot, clockMs: slot };
    }
  }

  /** The provider said "slow down" (429 + Retry-After): nobody in this process calls it before then. */
  pause(ms: number) {
    const now = Date.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.nextSlot = Math.max(this.nextSlot, this.pausedUntil);
    this.slowdown.hit(now);
  }
}

/**
 * The same pacing shared by every app instance: the next free slot per provider lives in one row
 * of provider_pacing and is reserved with one atomic upsert per call, so N instances together
 * stay within the provider's limit (each waits for its own reserved slot, and parallel sends of
 * one instance each reserve their own).
 */
export class SharedPacer implements Pacer {
  readonly intervalMs: number;
  readonly slowdown = new Slowdown();
  /** a pause seen by this instance (its own 429): callers already waiting for a slot re-reserve after it */
  private pausedUntil = 0;

  constructor(
    private readonly db: () => Promise<DbOrTx>,
    readonly provider: string,
    readonly ratePerSecond: number,
  ) {
    this.intervalMs = pacingInterval(ratePerSecond);
  }

  async take(): Promise<Slot> {
    for (;;) {
      const slot = await this.reserve();
      if (Date.now() >= this.pausedUntil) return slot;
    }
  }

  private offsets: number[] = [];

  /** local clock − database clock: the smallest of the last 64 observations (each is the true offset plus a delay ≥ 0) */
  private clockOffset(observed: number): number {
    this.offsets.push(observed);
    if (this.offsets.length > 64) this.offsets.shift();
    return Math.min(...this.offsets);
  }

  private async reserve(): Promise<Slot> {
    const db = await this.db();
    const interval = this.slowdown.interval(this.intervalMs);
    // Slots are reserved on the database's clock at the moment the row is locked: a slow round
    // trip (pool wait, network) then delays the reservation instead of bunching two calls, and
    // instances with skewed clocks still share one time line. The wait is slot − that moment.
    const result = await db.execute(sql`
      insert into provider_pacing (provider, next_slot_at) values (${this.provider}, clock_timestamp() + ${interval} * interval '1 millisecond')
      on conflict (provider) do update
        set next_slot_at = greatest(provider_pacing.next_slot_at, clock_timestamp()) + ${interval} * interval '1 millisecond'
      returning (extract(epoch from next_slot_at) * 1000)::float8 as next_ms, (extract(epoch from clock_timestamp()) * 1000)::float8 as db_now_ms`);
    const row = result.rows[0] as { next_ms: number | string; db_now_ms: number | string };
    const clockMs = Number(row.next_ms) - interval;
    const dbNow = Number(row.db_now_ms);
    // The slot on this process's clock too (the caller times its call to it): through the
    // offset between the clocks, estimated by the answer that arrived fastest (a late answer —
    // a busy event loop, a slow network — must not make the slot late as well).
    const offset = this.clockOffset(Date.now() - dbNow);
    const at = clockMs + offset;
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
    return { at, clockMs };
  }

  async pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.slowdown.hit();
    const db = await this.db();
    const until = sql`clock_timestamp() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;
    await db.execute(sql`
      insert into provider_pacing (provider, next_slot_at) values (${this.provider}, ${until})
      on conflict (provider) do update set next_slot_at = greatest(provider_pacing.next_slot_at, ${until})`);
  }

}

/** Waits `ms`, rounded up to whole milliseconds (timers would otherwise wake up to 1 ms early). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.ceil(ms)));
}

/** Retry-After as seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
