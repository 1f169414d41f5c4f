import { and, asc, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { respondToInvitation } from "@/lib/requests/respond";
import { responseToken } from "@/lib/requests/tokens";
import { askDueOccurrences } from "@/lib/series/ask";
import { commitToSeries } from "@/lib/series/commitments";
import { createSeries } from "@/lib/series/create";
import { hashToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { coordinatorAndActivity, volunteer } from "../helpers/requests";

/**
 * Exactly N per occurrence with standing commitments, under real concurrency. PGlite runs one
 * transaction at a time, so these races only mean something on the PostgreSQL server.
 */
const t = setupTestDatabase({ poolSize: 30 });
let actor: Actor;
let driving: string;
const NOW = new Date("2026-03-10T10:00:00Z");
const DAY = 86_400_000;

beforeEach(async () => {
  ({ actor, driving } = await coordinatorAndActivity(t.db));
});

async function series(helpersNeeded: number, count = 3) {
  const r = await createSeries(
    t.db,
    actor,
    { activityId: driving, title: "Kleiderkammer", helpersNeeded: String(helpersNeeded), channels: "email", firstDate: "2026-03-17", startTime: "09:00", endTime: "12:00", frequency: "weekly", ends: "count", count: String(count), leadDays: "7" },
    { now: NOW },
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { seriesId: r.seriesId, occ: await t.db.select().from(s.requests).where(eq(s.requests.seriesId, r.seriesId)).orderBy(asc(s.requests.occurrenceIndex)) };
}
const accepted = async (requestId: string) =>
  (await t.db.select({ n: count() }).from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.status, "accepted"))))[0].n;

describe.runIf(onPostgres())("standing commitments never overbook (PostgreSQL)", () => {
  it("seats exactly 3 of 20 helpers when 8 tap \"every time\" and 12 tap \"accept\" at the same moment", async () => {
    for (let i = 0; i < 20; i++) await volunteer(t.db, { activities: [driving] });
    const { occ } = await series(3);
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, occ[0].id));
    expect(invs).toHaveLength(20);
    const taps = invs.map((inv, i) => {
      const token = responseToken(inv.id);
      return i < 8 ? commitToSeries(t.db, { tokenHash: hashToken(token), token, now: NOW }) : respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "accept", via: "web", token, now: NOW });
    });
    const results = await Promise.all(taps);
    expect(results.filter((r) => r.ok && r.outcome === "accepted")).toHaveLength(3);
    const [row] = await t.db.select().from(s.requests).where(eq(s.requests.id, occ[0].id));
    expect(row).toMatchObject({ acceptedCount: 3, status: "filled" });
    expect(await accepted(occ[0].id)).toBe(3);
    // only those seated hold a commitment
    const commitments = await t.db.select().from(s.seriesCommitments);
    expect(commitments.length).toBeLessThanOrEqual(3);
  }, 60_000);

  it("asks an occurrence once and seats exactly N of 6 regulars when four scheduler runs overlap", async () => {
    const regulars = [];
    for (let i = 0; i < 6; i++) regulars.push(await volunteer(t.db, { activities: [driving] }));
    const { seriesId, occ } = await series(3);
    await t.db.insert(s.seriesCommitments).values(regulars.map((v) => ({ seriesId, volunteerId: v.id })));
    const at = new Date(NOW.getTime() + 7 * DAY);
    const runs = await Promise.all([1, 2, 3, 4].map(() => askDueOccurrences(t.db, at)));
    expect(runs.reduce((n, r) => n + r.asked, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.committed, 0)).toBe(3);
    expect(runs.reduce((n, r) => n + r.unseated, 0)).toBe(3);
    const [row] = await t.db.select().from(s.requests).where(eq(s.requests.id, occ[1].id));
    expect(row).toMatchObject({ acceptedCount: 3, helpersNeeded: 3, status: "filled", askAt: null });
    expect(await accepted(occ[1].id)).toBe(3);
    const asks = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "series.ask_occurrence"), eq(s.auditEvents.objectId, occ[1].id)));
    expect(asks).toHaveLength(1);
  }, 60_000);

  it("keeps exactly N when regulars are seated by the scheduler while invited helpers tap accept on the same occurrence", async () => {
    const regulars = [];
    for (let i = 0; i < 4; i++) regulars.push(await volunteer(t.db, { activities: [driving] }));
    const { seriesId, occ } = await series(3);
    // the first occurrence was asked at creation: its 4 invitations are answerable while the second is asked
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, occ[0].id));
    await t.db.insert(s.seriesCommitments).values(regulars.slice(0, 2).map((v) => ({ seriesId, volunteerId: v.id })));
    const at = new Date(NOW.getTime() + 7 * DAY);
    // the second occurrence is asked (2 regulars seated, the others invited) and, at once, everyone taps on both
    const [asked] = await Promise.all([askDueOccurrences(t.db, at), ...invs.map((inv) => respondToInvitation(t.db, { invitationId: inv.id, answer: "accept", via: "web", now: NOW }))]);
    expect(asked.asked).toBe(1);
    const second = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, occ[1].id));
    await Promise.all(second.map((inv) => respondToInvitation(t.db, { invitationId: inv.id, answer: "accept", via: "web", now: at })));
    for (const o of occ.slice(0, 2)) {
      const [row] = await t.db.select().from(s.requests).where(eq(s.requests.id, o.id));
      expect(row.acceptedCount).toBe(3);
      expect(await accepted(o.id)).toBe(3);
    }
  }, 60_000);
});
