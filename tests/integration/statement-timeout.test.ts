import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { isDatabaseBusy } from "@/lib/http/busy";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { answerPost } from "../helpers/next";
import { coordinatorAndActivity, sentRequest } from "../helpers/requests";

vi.mock("next-intl/server", () => ({ getLocale: async () => "de" }));

// DATABASE_STATEMENT_TIMEOUT_MS: the server cancels a statement that runs (or waits for a lock) longer.
const t = setupTestDatabase({ statementTimeoutMs: 1500 });
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const tap = (token: string, answer = "accept") => answerPost(token, answer);

describe("a statement that takes too long (issue 19)", () => {
  it("recognises the server's statement timeout as 'busy'", () => {
    expect(isDatabaseBusy(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }))).toBe(true);
    expect(isDatabaseBusy(new Error("Failed query", { cause: Object.assign(new Error("x"), { code: "57014" }) }))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
  });

  it.runIf(onPostgres())("cancels a statement running longer than the timeout", async () => {
    const err = await t.db.execute(sql`select pg_sleep(3)`).then(() => null, (e: unknown) => e);
    expect(isDatabaseBusy(err)).toBe(true);
  });

  it.runIf(onPostgres())("sends a tap that waits too long for the request row to the busy page, saves nothing, and the next tap works", async () => {
    const { tokens, requestId } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // a long coordinator transaction holds the request row (each of its statements is quick)
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from requests where id = ${requestId} for update`);
      locked();
      await held;
    });
    await isLocked;
    try {
      // the accept that fills the last seat needs the row lock: it waits, is cancelled, and the helper sees the busy page
      expect(await tap(tokens[0])).toBe("busy");
    } finally {
      release();
      await holder;
    }
    const [inv] = await t.db.select().from(s.invitations).where(eq(s.invitations.tokenHash, (await import("@/lib/tokens")).hashToken(tokens[0])));
    expect(inv.status).toBe("pending");
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, requestId)))[0].acceptedCount).toBe(0);
    expect(await tap(tokens[0])).toBe(`/r/${tokens[0]}`);
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, requestId)))[0]).toMatchObject({ acceptedCount: 1, status: "filled" });
  });
});
