import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LONE_429_MS, MAX_SLOWDOWN, SLOWDOWN_RECOVERY_MS, SLOWDOWN_STEP, Slowdown, Throttle } from "@/lib/messaging/throttle";

/** The in-memory pacer under parallel callers, on a controllable clock (the schedule is checked, not this machine's speed). */
describe("pacing with parallel callers", () => {
  beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-12-01T10:00:00Z") }));
  afterEach(() => void vi.useRealTimers());

  it("gives each of many waiting callers its own slot, one interval apart", async () => {
    const throttle = new Throttle(100);
    const started = Date.now();
    const done: number[] = [];
    const all = Promise.all(Array.from({ length: 20 }, () => throttle.take().then(() => done.push(Date.now() - started))));
    await vi.runAllTimersAsync();
    await all;
    expect(done).toHaveLength(20);
    const sorted = [...done].sort((a, b) => a - b);
    // the k-th call at its slot k × interval (fractional), rounded up to the next millisecond
    sorted.forEach((at, k) => {
      expect(at).toBeGreaterThanOrEqual(k * throttle.intervalMs - 1e-6);
      expect(at).toBeLessThanOrEqual(k * throttle.intervalMs + 1);
    });
    // 20 calls at 100/s with 3 % headroom: the 20th starts after 19 intervals, never sooner
    expect(sorted[19]).toBeGreaterThanOrEqual(19 * 10);
  });

  it("holds callers that already reserved a slot when a 429 pauses the provider, until the pause is over", async () => {
    const throttle = new Throttle(10); // 103 ms apart
    const started = Date.now();
    const done: number[] = [];
    const waiting = Array.from({ length: 4 }, () => throttle.take().then(() => done.push(Date.now() - started)));
    await vi.advanceTimersByTimeAsync(1); // the first call went out at once
    expect(done).toEqual([0]);
    throttle.pause(2000); // its answer was 429 with Retry-After: 2
    await vi.runAllTimersAsync();
    await Promise.all(waiting);
    expect(done).toHaveLength(4);
    // the three that were waiting for slots at 103, 206, 309 ms go only after the pause
    for (const at of done.slice(1)) expect(at).toBeGreaterThanOrEqual(2001);
    // a lone 429: the configured spacing after the pause, not a wider one
    const after = done.slice(1);
    for (let i = 1; i < after.length; i++) {
      expect(after[i] - after[i - 1]).toBeGreaterThanOrEqual(Math.floor(throttle.intervalMs));
      expect(after[i] - after[i - 1]).toBeLessThan(throttle.intervalMs * 1.05);
    }
  });

  it("spaces the calls wider after a second 429 in a row", async () => {
    const throttle = new Throttle(10);
    const started = Date.now();
    const done: number[] = [];
    throttle.pause(500);
    await vi.advanceTimersByTimeAsync(100);
    throttle.pause(500); // the second one, 100 ms later
    const waiting = Array.from({ length: 4 }, () => throttle.take().then(() => done.push(Date.now() - started)));
    await vi.runAllTimersAsync();
    await Promise.all(waiting);
    for (let i = 1; i < done.length; i++) expect(done[i] - done[i - 1]).toBeGreaterThan(throttle.intervalMs);
  });

  it("spaces calls wider after each further 429 (at most 4×) and back to the configured spacing after the recovery time", () => {
    const slowdown = new Slowdown();
    const t0 = Date.now();
    expect(slowdown.interval(10, t0)).toBe(10);
    // a lone 429 only pauses (the caller's Retry-After); the spacing stays
    slowdown.hit(t0 - 1000);
    expect(slowdown.factor(t0 - 1000)).toBe(1);
    slowdown.hit(t0);
    expect(slowdown.factor(t0)).toBeCloseTo(SLOWDOWN_STEP);
    slowdown.hit(t0);
    expect(slowdown.factor(t0)).toBeCloseTo(SLOWDOWN_STEP ** 2);
    for (let i = 0; i < 20; i++) slowdown.hit(t0);
    expect(slowdown.factor(t0)).toBe(MAX_SLOWDOWN);
    expect(slowdown.factor(t0 + SLOWDOWN_RECOVERY_MS / 2)).toBeCloseTo(1 + (MAX_SLOWDOWN - 1) / 2);
    expect(slowdown.factor(t0 + SLOWDOWN_RECOVERY_MS)).toBe(1);
    expect(slowdown.interval(10, t0 + SLOWDOWN_RECOVERY_MS + 1)).toBe(10);
  });

  it("treats a 429 as lone again once none came for LONE_429_MS", () => {
    const slowdown = new Slowdown();
    const t0 = Date.now();
    slowdown.hit(t0);
    slowdown.hit(t0 + LONE_429_MS);
    expect(slowdown.factor(t0 + LONE_429_MS)).toBeCloseTo(SLOWDOWN_STEP);
    // recovered, and the next 429 comes more than LONE_429_MS after the last one
    const later = t0 + 2 * LONE_429_MS + 1;
    slowdown.hit(later);
    expect(slowdown.factor(later)).toBe(1);
    slowdown.hit(later + 500);
    expect(slowdown.factor(later + 500)).toBeCloseTo(SLOWDOWN_STEP);
  });
});
