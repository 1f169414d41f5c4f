import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { clearPublicStatsCache, getPublicStats } from "@/lib/organizations/public-stats";
import { setupTestDatabase } from "../helpers/db";
import { volunteer } from "../helpers/requests";

const t = setupTestDatabase();

describe("landing page figures", () => {
  it("count confirmed (active or paused) volunteers only, and are recounted after a minute", async () => {
    clearPublicStatsCache();
    await volunteer(t.db, { status: "active" });
    await volunteer(t.db, { status: "paused" });
    await volunteer(t.db, { status: "pending", emailConfirmedAt: null });
    const first = await getPublicStats(t.db, 1_000_000);
    expect(first).toEqual({ organization: (await t.db.select().from(s.organizations))[0].name, volunteers: 2 });
    await volunteer(t.db, { status: "active" });
    expect((await getPublicStats(t.db, 1_030_000)).volunteers).toBe(2); // within the minute: cached
    expect((await getPublicStats(t.db, 1_061_000)).volunteers).toBe(3);
  });
});
