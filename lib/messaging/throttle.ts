/**
 * Provider rate limits: a per-process pacer (a token bucket of size one) that spaces calls evenly,
 * 1000/rate ms apart plus 5 % headroom, so that network jitter never lets the provider's own
 * one-second window see one call too many. All dispatchers of a process share one pacer per
 * provider (see throttleFor). Several instances each keep their own: divide the configured rate
 * by the number of instances (docs/operations.md).
 */
export class Throttle {
  private nextSlot = 0;
  readonly intervalMs: number;

  constructor(readonly ratePerSecond: number) {
    this.intervalMs = Math.ceil((1000 / ratePerSecond) * 1.05);
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const g = globalThis as unknown as { __helferrufThrottles?: Map<string, Throttle> };

/** One pacer per provider and rate in this process. */
export function throttleFor(provider: string, ratePerSecond: number): Throttle {
  const map = (g.__helferrufThrottles ??= new Map());
  const key = `${provider}:${ratePerSecond}`;
  let t = map.get(key);
  if (!t) map.set(key, (t = new Throttle(ratePerSecond)));
  return t;
}

/** Retry-After as seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
