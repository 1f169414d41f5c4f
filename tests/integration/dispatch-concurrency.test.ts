import { and, eq, inArray, ne } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Message } from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { SharedPacer, Throttle, type Pacer } from "@/lib/messaging/throttle";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { ResendTransport } from "@/lib/messaging/transports/resend";
import { TwilioTransport } from "@/lib/messaging/transports/twilio";
import { twilioStatusCallbackUrl } from "@/lib/messaging/transports";
import type { BatchResult, SendResult, Transport } from "@/lib/messaging/transports/types";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { FakeResend } from "../fakes/fake-resend";
import { FakeTwilio } from "../fakes/fake-twilio";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { drainOutbox, emailTo, serveFake, smsTo } from "../helpers/messaging";
import { coordinatorAndActivity, sentRequest } from "../helpers/requests";

/**
 * Parallel provider calls inside the pacing (issue 19): never more in flight than the bound, never
 * more calls than pacing slots (counted on the database clock, not measured in time), nothing sent
 * twice by two dispatchers, and the stop re-check still right before each call.
 */
const t = setupTestDatabase();
const twilioFake = serveFake(new FakeTwilio(), t);
const resendFake = serveFake(new FakeResend(), t);
const dev = new DevTransport(true);

const phones = (n: number, base: number) => Array.from({ length: n }, (_, i) => `+49${base + i}`);
const addresses = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.net`);

/**
 * A provider that holds every call until `bound` calls are in flight (or no more can come), so
 * the most calls at once is exactly what the dispatcher allows — no timing involved.
 */
class GatedTransport implements Transport {
  readonly name = "gated";
  inFlight = 0;
  maxInFlight = 0;
  started = 0;
  readonly handed: string[] = [];
  private held: (() => void)[] = [];
  constructor(
    readonly concurrency: number,
    private readonly expectedCalls: number,
    readonly maxBatchSize = 1,
  ) {}
  private async call(ids: string[]) {
    this.inFlight++;
    this.started++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.handed.push(...ids);
    const released = new Promise<void>((r) => this.held.push(r));
    if (this.inFlight >= this.concurrency || this.started >= this.expectedCalls) {
      const all = this.held;
      this.held = [];
      for (const r of all) r();
    }
    await released;
    this.inFlight--;
  }
  async send(m: Message): Promise<SendResult> {
    await this.call([m.id]);
    return { ok: true, providerId: `g-${m.id}` };
  }
  get sendBatch() {
    return this.maxBatchSize > 1
      ? async (ms: Message[]): Promise<BatchResult> => {
          await this.call(ms.map((m) => m.id));
          return { ok: true, providerIds: ms.map((m) => `g-${m.id}`) };
        }
      : undefined;
  }
}

/** Wraps a pacer and counts the slots it handed out, with their times on the pacer's clock. */
class CountingPacer implements Pacer {
  readonly slots: number[] = [];
  constructor(private readonly inner: Pacer) {}
  get intervalMs() {
    return this.inner.intervalMs;
  }
  async take() {
    const slot = await this.inner.take();
    this.slots.push(slot.clockMs);
    return slot;
  }
  pause(ms: number) {
    return this.inner.pause(ms);
  }
}

function twilio(opts: { concurrency: number; throttle: Pacer }) {
  return new TwilioTransport({
    accountSid: twilioFake.accountSid,
    authToken: twilioFake.authToken,
    from: "+4915790000000",
    baseUrl: twilioFake.url,
    timeoutMs: 5000,
    statusCallbackUrl: twilioStatusCallbackUrl,
    throttle: opts.throttle,
    concurrency: opts.concurrency,
  });
}

function resend(opts: { concurrency: number; throttle: Pacer }) {
  return new ResendTransport({ apiKey: resendFake.apiKey, from: "Helferruf <helfen@example.org>", baseUrl: resendFake.url, timeoutMs: 5000, throttle: opts.throttle, concurrency: opts.concurrency });
}

/** Most slots inside any window of `ms` on the pacer's clock. */
function mostSlotsWithin(slots: number[], ms: number): number {
  const ts = [...slots].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i] - ts[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("bounded parallel sends", () => {
  it("never has more SMS calls in flight than the bound, and uses it", async () => {
    const ids = await enqueueMessages(t.db, phones(30, 1540000000).map((p) => smsTo(p)));
    const sms = new GatedTransport(4, 30);
    const summary = await dispatchDueMessages(t.db, { transports: { email: dev, sms } });
    expect(summary).toMatchObject({ claimed: 30, sent: 30 });
    expect(sms.maxInFlight).toBe(4);
    expect([...sms.handed].sort()).toEqual([...ids].sort());
  });

  it("never has more e-mail batch calls in flight than the bound", async () => {
    await enqueueMessages(t.db, addresses(550, "bound").map((a) => emailTo(a)));
    const email = new GatedTransport(3, 6, 100);
    const summary = await dispatchDueMessages(t.db, { transports: { email, sms: dev }, limit: 600 });
    expect(summary.sent).toBe(550);
    expect(email.started).toBe(6); // 5 full batches and one of 50
    expect(email.maxInFlight).toBe(3);
    expect(new Set(email.handed).size).toBe(550);
  });

  it("calls the provider no more often than the shared pacing hands out slots, counted on the database clock", async () => {
    await enqueueMessages(t.db, phones(40, 1550000000).map((p) => smsTo(p)));
    twilioFake.latencyMs = [5, 25];
    try {
      const pacer = new CountingPacer(new SharedPacer(async () => t.db, "twilio", 200));
      const summary = await dispatchDueMessages(t.db, { transports: { email: dev, sms: twilio({ concurrency: 8, throttle: pacer }) } });
      expect(summary.sent).toBe(40);
      // one slot per call (and one more for each call that was too late for its own), spaced by the interval
      expect(pacer.slots).toHaveLength(40 + summary.lateSlots);
      expect(twilioFake.sms).toHaveLength(40);
      const sorted = [...pacer.slots].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(pacer.intervalMs - 0.01);
      expect(mostSlotsWithin(pacer.slots, 100)).toBeLessThanOrEqual(Math.ceil(100 / pacer.intervalMs));
    } finally {
      twilioFake.latencyMs = undefined;
    }
  });

  it("keeps claiming within its time budget, so a backlog larger than one claim goes out in one run", async () => {
    await enqueueMessages(t.db, phones(35, 1560000000).map((p) => smsTo(p)));
    const sms = new GatedTransport(3, 35);
    const summary = await dispatchDueMessages(t.db, { transports: { email: dev, sms }, limit: 10, runMs: 60_000 });
    expect(summary).toMatchObject({ claimed: 35, sent: 35, more: false });
    expect(new Set(sms.handed).size).toBe(35);
  });

  it("reports `more` when its time budget ended with messages still due", async () => {
    await enqueueMessages(t.db, phones(12, 1570000000).map((p) => smsTo(p)));
    // 50 calls/s: the five messages of the first claim take longer than the budget of 1 ms
    const sms: Transport = { name: "paced", concurrency: 1, throttle: new Throttle(50), send: async (m) => ({ ok: true, providerId: m.id }) };
    const summary = await dispatchDueMessages(t.db, { transports: { email: dev, sms }, limit: 5, runMs: 1 });
    expect(summary).toMatchObject({ claimed: 5, sent: 5, more: true });
  });
});

describe("two dispatchers against one database", () => {
  it.runIf(onPostgres())("send every SMS and every e-mail exactly once with parallel calls, and share the pacing", async () => {
    const numbers = phones(60, 1580000000);
    const mails = addresses(450, "two");
    const ids = await enqueueMessages(t.db, [...numbers.map((p) => smsTo(p)), ...mails.map((a) => emailTo(a))]);
    twilioFake.latencyMs = [5, 30];
    resendFake.latencyMs = [10, 40];
    try {
      // each instance: its own pacer objects on the shared provider_pacing rows, 6 SMS and 2 batches in flight
      const instance = () => {
        const smsPacer = new CountingPacer(new SharedPacer(async () => t.db, "twilio", 300));
        const emailPacer = new CountingPacer(new SharedPacer(async () => t.db, "resend", 50));
        const transports = { sms: twilio({ concurrency: 6, throttle: smsPacer }), email: resend({ concurrency: 2, throttle: emailPacer }) };
        return { smsPacer, emailPacer, drain: () => drainOutbox(t.db, { transports, limit: 100 }) };
      };
      const a = instance();
      const b = instance();
      const [sentA, sentB] = await Promise.all([a.drain(), b.drain()]);
      expect(sentA + sentB).toBe(510);
      expect(sentA).toBeGreaterThan(0);
      expect(sentB).toBeGreaterThan(0);
      for (const p of numbers) expect(twilioFake.deliveriesTo(p)).toBe(1);
      for (const m of mails) expect(resendFake.deliveriesTo(m)).toBe(1);
      // the two instances' slots together keep the spacing of one limit
      const smsSlots = [...a.smsPacer.slots, ...b.smsPacer.slots];
      expect(smsSlots.length).toBeGreaterThanOrEqual(60); // one per call, more if a call was late for its slot
      expect(mostSlotsWithin(smsSlots, 1000)).toBeLessThanOrEqual(300);
      const sorted = smsSlots.sort((x, y) => x - y);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(a.smsPacer.intervalMs - 0.01);
      const rows = await t.db.select({ status: s.messages.status }).from(s.messages).where(inArray(s.messages.id, ids));
      expect(rows.every((r) => r.status === "sent")).toBe(true);
    } finally {
      twilioFake.latencyMs = undefined;
      resendFake.latencyMs = undefined;
    }
  });
});

describe("e-mail batches with parallel calls", () => {
  it("sends the valid e-mails of refused batches once each, fails only the bad addresses, and sends attachments alone", async () => {
    const good = addresses(248, "ok");
    const ids = await enqueueMessages(t.db, [
      ...good.slice(0, 100).map((a) => emailTo(a)),
      emailTo("not-an-address"),
      ...good.slice(100).map((a) => emailTo(a)),
      emailTo("also bad@example"),
      emailTo("kalender@example.net", { attachments: [{ filename: "einsatz.ics", contentType: "text/calendar", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" }] }),
    ]);
    const pacer = new CountingPacer(new SharedPacer(async () => t.db, "resend", 1000));
    const summary = await dispatchDueMessages(t.db, { transports: { email: resend({ concurrency: 3, throttle: pacer }), sms: dev } });
    expect(summary).toMatchObject({ sent: 249, failed: 2 });
    for (const a of [...good, "kalender@example.net"]) expect(resendFake.deliveriesTo(a)).toBe(1);
    const rows = await t.db.select().from(s.messages).where(inArray(s.messages.id, ids));
    const failed = rows.filter((r) => r.status === "failed").map((r) => r.recipient).sort();
    expect(failed).toEqual(["also bad@example", "not-an-address"]);
    // the attachment went to /emails, never into a batch
    const withAttachment = resendFake.emails.find((e) => e.to.includes("kalender@example.net"))!;
    expect(withAttachment.attachments).toHaveLength(1);
    expect(resendFake.calls.find((c) => c.idempotencyKey === rows.find((r) => r.recipient === "kalender@example.net")!.id)?.path).toBe("/emails");
    // every call had its own pacing slot (batches refused with 422 included)
    expect(pacer.slots).toHaveLength(resendFake.calls.length + summary.lateSlots);
  });

  it("slows the pacer after a second 429 and sends the refused batches later, once", async () => {
    await enqueueMessages(t.db, addresses(300, "slow").map((a) => emailTo(a)));
    const throttle = new SharedPacer(async () => t.db, "resend", 1000);
    // a lone 429 pauses only; the second one in a row spaces the calls wider
    resendFake.program({ status: 429, headers: { "retry-after": "1" } }, { status: 429, headers: { "retry-after": "1" } });
    const first = await dispatchDueMessages(t.db, { transports: { email: resend({ concurrency: 3, throttle }), sms: dev } });
    expect(first).toMatchObject({ sent: 100, retried: 200 });
    expect(throttle.slowdown.factor()).toBeGreaterThan(1);
    // the refused batches are due again after their backoff
    const later = await dispatchDueMessages(t.db, { transports: { email: resend({ concurrency: 3, throttle }), sms: dev }, now: new Date(Date.now() + 3600_000) });
    expect(later.sent).toBe(200);
    expect(resendFake.emails).toHaveLength(300);
    expect(new Set(resendFake.emails.map((e) => e.to[0])).size).toBe(300);
  });
});

describe("stop means stop with parallel sends", () => {
  let actor: Actor;
  let driving: string;
  beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

  it("sends no invitation claimed before its request filled, however many calls run at once", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 9, helpersNeeded: 1 });
    // everything of the request except its invitations is set aside
    await t.db.update(s.messages).set({ status: "sent" }).where(and(eq(s.messages.requestId, requestId), eq(s.messages.status, "queued"), ne(s.messages.kind, "invitation")));
    const email = new GatedTransport(4, 0); // one e-mail per call, four at once
    let filled: Promise<void> | undefined;
    const summary = await dispatchDueMessages(t.db, {
      transports: { email, sms: dev },
      // between claim and re-check the first helper accepts and fills the request; every other
      // call's re-check waits for that, so each one sees the fill
      beforeRecheck: () =>
        (filled ??= (async () => {
          const r = await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
          expect(r).toMatchObject({ ok: true, outcome: "accepted" });
        })()),
    });
    expect(filled).toBeDefined();
    expect(email.handed).toHaveLength(0);
    expect(summary.sent).toBe(0);
    const invitations = await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, "invitation")));
    expect(invitations).toHaveLength(9);
    expect(invitations.every((m) => m.status === "cancelled" && /^not sent: /.test(m.lastError ?? ""))).toBe(true);
  });
});
