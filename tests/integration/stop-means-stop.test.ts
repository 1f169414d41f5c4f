import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Message } from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { settle, takeSeat } from "@/lib/requests/lifecycle";
import { loadRequest } from "@/lib/requests/load";
import { cancelRequest, closeRequest } from "@/lib/requests/manage";
import { sendDueReminders } from "@/lib/requests/reminders";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import type { Transport } from "@/lib/messaging/transports/types";
import { RecordingTransport } from "../helpers/recording-transport";
import { coordinatorAndActivity, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const accept = (token: string) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "accept", via: "web" });
const withdraw = (token: string) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "withdraw", via: "web" });
const messagesOf = (requestId: string, kind: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)));
const sms = { email: null, emailConfirmedAt: null, phone: "+4915200000077", contactPreference: "sms" as const, phoneConfirmedAt: new Date() };

/** Dispatches only this request's queued messages of `kinds` (the others are set aside as sent); `hook` runs between claim and re-check. */
async function dispatchOnly(requestId: string, kinds: string[], transports: { email: Transport; sms: Transport }, hook?: (claimed: Message[]) => Promise<void>) {
  await t.db.update(s.messages).set({ status: "sent" }).where(and(eq(s.messages.requestId, requestId), sql`${s.messages.kind} not in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})`, eq(s.messages.status, "queued")));
  return dispatchDueMessages(t.db, { transports, beforeRecheck: hook });
}

describe("stop means stop, to the last message (dispatcher re-check)", () => {
  it("does not hand the transport an invitation claimed before its request filled", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    const rec = new RecordingTransport();
    let claimedStatus: string[] = [];
    const summary = await dispatchOnly(requestId, ["invitation"], { email: rec, sms: rec }, async (claimed) => {
      if (claimedStatus.length) return;
      claimedStatus = (await t.db.select().from(s.messages).where(inArray(s.messages.id, claimed.map((m) => m.id)))).map((m) => m.status);
      // between claim and send: the first helper accepts (through the link of an e-mail read elsewhere) and fills it
      expect(await accept(tokens[0])).toMatchObject({ ok: true, outcome: "accepted" });
    });
    expect(claimedStatus.length).toBeGreaterThan(0);
    expect(claimedStatus.every((st) => st === "sending")).toBe(true);
    expect(rec.handed.filter((m) => m.kind === "invitation")).toHaveLength(0);
    expect(summary.sent).toBe(0);
    const invitations = await messagesOf(requestId, "invitation");
    expect(invitations.every((m) => m.status === "cancelled")).toBe(true);
    expect(invitations[0].lastError).toMatch(/^not sent: (request filled|invitation accepted)$/);
  });

  it("sends the rest of an e-mail batch and drops only the members whose request stopped", async () => {
    const a = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1, over: { title: "Fährt weiter" } });
    const b = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1, over: { title: "Wird abgesagt" } });
    const rec = new RecordingTransport();
    await dispatchDueMessages(t.db, {
      transports: { email: rec, sms: rec },
      beforeRecheck: async () => {
        if ((await loadRequest(t.db, b.requestId))!.status === "open") await cancelRequest(t.db, actor, b.requestId, { confirm: "yes", reason: "Termin entfällt" });
      },
    });
    const handed = rec.handed.filter((m) => m.kind === "invitation");
    expect(handed.map((m) => m.requestId).sort()).toEqual([a.requestId, a.requestId]);
    expect((await messagesOf(b.requestId, "invitation")).every((m) => m.status === "cancelled")).toBe(true);
    // the batch's key is the key of what was really sent
    const sentRows = await messagesOf(a.requestId, "invitation");
    expect(sentRows.every((m) => m.status === "sent" && m.idempotencyKey === sentRows[0].idempotencyKey)).toBe(true);
  });

  it("does not send an SMS invitation claimed before the request was cancelled", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1, volunteerSpec: sms });
    const rec = new RecordingTransport();
    // queued in the evening the SMS waits for the end of the quiet hours: dispatch after them (this test is about the re-check, not the clock)
    const [held] = await messagesOf(requestId, "invitation");
    const now = new Date(Math.max(Date.now(), held.nextAttemptAt?.getTime() ?? 0) + 1000);
    await dispatchDueMessages(t.db, { now, transports: { email: rec, sms: rec }, beforeRecheck: async () => void (await cancelRequest(t.db, actor, requestId)) });
    expect(rec.handed).toHaveLength(0);
    expect((await messagesOf(requestId, "invitation"))[0]).toMatchObject({ channel: "sms", status: "cancelled", lastError: "not sent: request cancelled" });
  });

  it.runIf(onPostgres())("waits for a fill that holds the request row and then does not send (PostgreSQL race)", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    const [firstInv] = await t.db.select().from(s.invitations).where(eq(s.invitations.tokenHash, hashToken(tokens[0])));
    const rec = new RecordingTransport();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let fill: Promise<void> | undefined;
    const run = dispatchDueMessages(t.db, {
      transports: { email: rec, sms: rec },
      beforeRecheck: async () => {
        if (fill) return;
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        // another connection fills the request and keeps its row lock until released
        fill = t.db.transaction(async (tx) => {
          const before = (await loadRequest(tx, requestId, { lock: true }))!;
          locked();
          const after = (await takeSeat(tx, before, new Date()))!;
          await tx.update(s.invitations).set({ status: "accepted", respondedAt: new Date() }).where(eq(s.invitations.id, firstInv.id));
          await settle(tx, before, after, new Date());
          await released;
        });
        await isLocked;
      },
    });
    let finished = false;
    void run.finally(() => (finished = true));
    // the dispatcher's re-check must wait for the fill's row lock (or, were it not to, finish first and fail below)
    while (!finished) {
      const res = await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (Number((res.rows[0] as { n: number }).n) > 0) break;
      await new Promise((r) => setImmediate(r));
    }
    release();
    await fill;
    const summary = await run;
    expect(summary.sent).toBe(0);
    expect(rec.handed).toHaveLength(0);
    expect((await messagesOf(requestId, "invitation")).every((m) => m.status === "cancelled")).toBe(true);
  });
});

describe("reminders stop with the request or the helper", () => {
  async function acceptedWithReminder(volunteers = 2, helpersNeeded = 2) {
    const r = await sentRequest(t.db, actor, driving, { volunteers, helpersNeeded });
    await accept(r.tokens[0]);
    const start = (await loadRequest(t.db, r.requestId))!.startsAt.getTime();
    const at = (h: number) => new Date(start - h * 3_600_000);
    return { ...r, at };
  }

  it("cancelling a request cancels its queued reminders", async () => {
    const { requestId, at } = await acceptedWithReminder();
    expect(await sendDueReminders(t.db, at(23))).toEqual({ reminders: 1 });
    await cancelRequest(t.db, actor, requestId);
    expect((await messagesOf(requestId, "helper-reminder")).map((m) => m.status)).toEqual(["cancelled"]);
  });

  it("a helper who withdraws gets no queued reminder, and none claimed before the withdrawal", async () => {
    const { requestId, tokens, at } = await acceptedWithReminder();
    expect(await sendDueReminders(t.db, at(23))).toEqual({ reminders: 1 });
    await withdraw(tokens[0]);
    expect((await messagesOf(requestId, "helper-reminder")).map((m) => m.status)).toEqual(["cancelled"]);

    // a second helper's reminder is claimed, then they withdraw before the call
    await accept(tokens[1]);
    expect(await sendDueReminders(t.db, at(1.5))).toEqual({ reminders: 1 });
    const rec = new RecordingTransport();
    await dispatchOnly(requestId, ["helper-reminder"], { email: rec, sms: rec }, async () => void (await withdraw(tokens[1])));
    expect(rec.handed.filter((m) => m.kind === "helper-reminder")).toHaveLength(0);
    const reminders = await messagesOf(requestId, "helper-reminder");
    expect(reminders.map((m) => m.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("reminds the accepted helpers of a request that was closed early, and of a filled one", async () => {
    const closedEarly = await acceptedWithReminder(2, 2);
    await closeRequest(t.db, actor, closedEarly.requestId);
    const filled = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1, over: { title: "Besetzt" } });
    await accept(filled.tokens[0]);
    expect((await loadRequest(t.db, filled.requestId))!.status).toBe("filled");
    expect(await sendDueReminders(t.db, closedEarly.at(23))).toEqual({ reminders: 2 });
    const rec = new RecordingTransport();
    await dispatchDueMessages(t.db, { transports: { email: rec, sms: rec } });
    const handed = rec.handed.filter((m) => m.kind === "helper-reminder").map((m) => m.requestId).sort();
    expect(handed).toEqual([closedEarly.requestId, filled.requestId].sort());
  });
});
