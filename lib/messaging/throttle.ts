import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Paces calls to one provider. */
export interface Pacer {
  readonly intervalMs: number;
  /** waits for the next free slot */
  take(): Promise<void>;
  /** the provider said "slow down" (429 + Retry-After): nobody calls it before then */
  pause(ms: number): Promise<void> | void;
}

/** Evenly spaced calls at `rate` per second, with 5 % headroom for network jitter. */
export function pacingInterval(ratePerSecond: number): number {
  return Math.ceil((1000 / ratePerSecond) * 1.05);
}

/**
 * A pacer in memory (a token bucket of size one): calls 1000/rate ms apart plus 5 % headroom, so
 * that network jitter never lets the provider's own one-second window see one call too many.
 * Holds only for the dispatchers that share the object; production uses SharedPacer.
 */
export class Throttle implements Pacer {
  private nextSlot = 0;
  readonly intervalMs: number;

  constructor(readonly ratePerSecond: number) {
    this.intervalMs = pacingInterval(ratePerSecond);
  }

  /** Reserves the next free slot and waits for it. */
  async take(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(this.nextSlot, now);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now);
  }

  /** The provider said "slow down" (429 + Retry-After): nobody in this process calls it before then. */
  pause(ms: number) {
    this.nextSlot = Math.max(this.nextSlot, Date.now() + ms);
  }
}

/**
 * The same pacing shared by every app instance: the next free slot per provider lives in one row
 * of provider_pacing and is reserved with one atomic upsert per call, so N instances together
 * stay within the provider's limit (each waits for its own reserved slot).
 */
export class SharedPacer implements Pacer {
  readonly intervalMs: number;

  constructor(
    private readonly db: () => Promise<DbOrTx>,
    readonly provider: string,
    readonly ratePerSecond: number,
  ) {
    this.intervalMs = pacingInterval(ratePerSecond);
  }

  async take(): Promise<void> {
    const db = await this.db();
    // Slots are reserved on the database's clock at the moment the row is locked: a slow round
    // trip (pool wait, network) then delays the reservation instead of bunching two calls, and
    // instances with skewed clocks still share one time line. The wait is slot − that moment.
    const result = await db.execute(sql`
      insert into provider_pacing (provider, next_slot_at) values (${this.provider}, clock_timestamp() + ${this.intervalMs} * interval '1 millisecond')
      on conflict (provider) do update
        set next_slot_at = greatest(provider_pacing.next_slot_at, clock_timestamp()) + ${this.intervalMs} * interval '1 millisecond'
      returning (extract(epoch from next_slot_at) * 1000)::float8 as next_ms, (extract(epoch from clock_timestamp()) * 1000)::float8 as db_now_ms`);
    const row = result.rows[0] as { next_ms: number | string; db_now_ms: number | string };
    const wait = Number(row.next_ms) - this.intervalMs - Number(row.db_now_ms);
    if (wait > 0) await sleep(wait);
  }

  async pause(ms: number): Promise<void> {
    const db = await this.db();
    const until = sql`clock_timestamp() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;
    await db.execute(sql`
      insert into provider_pacing (provider, next_slot_at) values (${this.provider}, ${until})
      on conflict (provider) do update set next_slot_at = greatest(provider_pacing.next_slot_at, ${until})`);
  }

}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retry-After as seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
