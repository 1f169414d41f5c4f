import { sql } from "drizzle-orm";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { respondToInvitation } from "@/lib/requests/respond";
import { askDueOccurrences } from "@/lib/series/ask";
import { createSeries } from "@/lib/series/create";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { coordinatorAndActivity, sentRequest, volunteer } from "../helpers/requests";

/**
 * The lock order of the answer paths across requests: a volunteer's own row is locked BEFORE an
 * invitation of theirs changes, because that change's triggers update the volunteer's report rows
 * (volunteer_month_asks, shared by every request of one activity and month). A transaction that
 * took the report row first and the volunteer's row second deadlocked in CI against a tap of the
 * same helper on another occurrence (the scheduler seating a regular helper).
 *
 * Deterministic: a test trigger named to run after the report triggers parks the transaction on
 * an advisory lock right after the invitation changed; while it is parked, the test checks from
 * another connection that the volunteer's row is already locked (NOWAIT fails). PostgreSQL only.
 */
const t = setupTestDatabase({ poolSize: 10 });
let actor: Actor;
let driving: string;
const GATE = 424242;

beforeEach(async () => {
  ({ actor, driving } = await coordinatorAndActivity(t.db));
});
afterEach(async () => {
  await t.db.execute(sql`drop trigger if exists zz_test_pause_ins on invitations`);
  await t.db.execute(sql`drop trigger if exists zz_test_pause_upd on invitations`);
  await t.db.execute(sql`drop function if exists hr_test_pause()`);
});

async function installPause(event: "insert" | "update") {
  await t.db.execute(sql`create or replace function hr_test_pause() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock_shared(${sql.raw(String(GATE))}); return null; end $$`);
  // AFTER triggers of one event fire in name order: "zz…" runs after invitations_summaries_*
  await t.db.execute(
    event === "insert"
      ? sql`create trigger zz_test_pause_ins after insert on invitations for each statement execute function hr_test_pause()`
      : sql`create trigger zz_test_pause_upd after update on invitations for each row execute function hr_test_pause()`,
  );
}

/** Holds the gate (an exclusive advisory lock in an open transaction) until `release` is called. */
function closeGate() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const isHeld = new Promise<void>((r) => (held = r));
  const done = t.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${GATE})`);
    held();
    await released;
  });
  return { isHeld, release, done };
}

/** Waits (polling the lock table, no fixed sleep) until some transaction waits at the gate. */
async function parkedAtGate() {
  for (let i = 0; i < 500; i++) {
    const r = await t.db.execute(sql`select 1 from pg_locks where locktype = 'advisory' and objid = ${GATE} and not granted`);
    if (r.rows.length > 0) return;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error("nothing reached the gate");
}

/** Whether another transaction holds a lock on the row: FOR NO KEY UPDATE NOWAIT fails (55P03). */
async function isRowLocked(table: "volunteers" | "volunteer_month_asks", volunteerId: string): Promise<boolean> {
  try {
    await t.db.transaction(async (tx) => {
      const where = table === "volunteers" ? sql`id = ${volunteerId}` : sql`volunteer_id = ${volunteerId}`;
      await tx.execute(sql`select 1 from ${sql.raw(table)} where ${where} for no key update nowait`);
    });
    return false;
  } catch (e) {
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === "55P03") return true;
    throw e;
  }
}

describe.runIf(onPostgres())("lock order: a volunteer's row before their report rows (PostgreSQL)", () => {
  it("seating a regular helper locks the volunteer's row before the new invitation's report rows", async () => {
    const regular = await volunteer(t.db, { activities: [driving] });
    const now = new Date("2026-03-10T10:00:00Z");
    const r = await createSeries(
      t.db,
      actor,
      { activityId: driving, title: "Kleiderkammer", helpersNeeded: "3", channels: "email", firstDate: "2026-03-17", startTime: "09:00", endTime: "12:00", frequency: "weekly", ends: "count", count: "2", leadDays: "7" },
      { now },
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    await t.db.insert(s.seriesCommitments).values({ seriesId: r.seriesId, volunteerId: regular.id });
    await installPause("insert");
    const gate = closeGate();
    await gate.isHeld;
    const asking = askDueOccurrences(t.db, new Date(now.getTime() + 7 * 86_400_000));
    try {
      await parkedAtGate();
      // parked right after the regular's invitation was inserted: the report row is taken …
      expect(await isRowLocked("volunteer_month_asks", regular.id)).toBe(true);
      // … and the volunteer's row was taken before it
      expect(await isRowLocked("volunteers", regular.id)).toBe(true);
    } finally {
      gate.release();
      await gate.done;
    }
    expect((await asking).committed).toBe(1);
    const occ = await t.db.select().from(s.requests).where(eq(s.requests.seriesId, r.seriesId)).orderBy(asc(s.requests.occurrenceIndex));
    const [inv] = await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, occ[1].id), eq(s.invitations.volunteerId, regular.id)));
    expect(inv.status).toBe("accepted");
  }, 30_000);

  it.each([
    ["decline", 3],
    ["accept", 1],
  ] as const)("the locked answer path (%s) locks the volunteer's row before changing the invitation", async (answer, helpersNeeded) => {
    const { requestId, tokens, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded });
    const { hashToken } = await import("@/lib/tokens");
    await installPause("update");
    const gate = closeGate();
    await gate.isHeld;
    // decline always takes the locked path; accept does when it fills the last seat
    const tap = respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), token: tokens[0], answer, via: "web" });
    try {
      await parkedAtGate();
      expect(await isRowLocked("volunteer_month_asks", volunteers[0].id)).toBe(true);
      expect(await isRowLocked("volunteers", volunteers[0].id)).toBe(true);
    } finally {
      gate.release();
      await gate.done;
    }
    const result = await tap;
    expect(result).toMatchObject({ ok: true, outcome: answer === "accept" ? "accepted" : "declined", requestId });
  }, 30_000);
});
