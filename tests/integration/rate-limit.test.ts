import { describe, expect, it } from "vitest";
import { hitRateLimit } from "@/lib/rate-limit";
import { onPostgres, setupTestDatabase } from "../helpers/db";

const t = setupTestDatabase({ seed: false });

describe("rate limits", () => {
  it("allows the limit within a window, refuses beyond it, and opens again in the next window", async () => {
    const rule = { limit: 3, windowMs: 60_000 };
    const now = new Date("2026-11-28T10:00:10Z");
    for (let i = 0; i < 3; i++) expect((await hitRateLimit(t.db, "ip:1", rule, now)).ok).toBe(true);
    const refused = await hitRateLimit(t.db, "ip:1", rule, now);
    expect(refused).toEqual({ ok: false, retryAfterMs: 50_000 });
    expect((await hitRateLimit(t.db, "ip:2", rule, now)).ok).toBe(true);
    expect((await hitRateLimit(t.db, "ip:1", rule, new Date("2026-11-28T10:01:00Z"))).ok).toBe(true);
  });

  it.runIf(onPostgres())("counts every one of 40 parallel hits (atomic upsert)", async () => {
    const rule = { limit: 10, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit(t.db, "burst", rule)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });
});
