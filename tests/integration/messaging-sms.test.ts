import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { CLAIM_MS, dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { SharedPacer, Throttle, type Pacer } from "@/lib/messaging/throttle";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { twilioStatusCallbackUrl } from "@/lib/messaging/transports";
import { TwilioTransport } from "@/lib/messaging/transports/twilio";
import { applyTwilioStatus } from "@/lib/messaging/webhooks";
import { FakeTwilio } from "../fakes/fake-twilio";
import { maxPerSecondWindow } from "../fakes/http";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { drainOutbox, inFuture, serveFake, smsTo } from "../helpers/messaging";
import { insertVolunteer } from "../helpers/volunteers";

const t = setupTestDatabase();
const fake = serveFake(new FakeTwilio(), t);

const MG = "MG" + "abcdef0123456789".repeat(2);

function transports(opts: { rate?: number; timeoutMs?: number; throttle?: Pacer; from?: string } = {}) {
  const sms = new TwilioTransport({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    messagingServiceSid: opts.from ? undefined : MG,
    from: opts.from,
    baseUrl: fake.url,
    timeoutMs: opts.timeoutMs ?? 2000,
    statusCallbackUrl: twilioStatusCallbackUrl,
    throttle: opts.throttle ?? new Throttle(opts.rate ?? 100),
  });
  return { email: new DevTransport(true), sms };
}

const phones = (n: number, base = 1510000000) => Array.from({ length: n }, (_, i) => `+49${base + i}`);

describe("SMS through the Twilio SDK", () => {
  it("sends through the messaging service with a status callback naming the outbox message, in GSM-7-friendly text", async () => {
    const [id] = await enqueueMessages(t.db, [smsTo("+491511234567")]);
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ sent: 1 });
    expect(fake.sms).toHaveLength(1);
    expect(fake.sms[0]).toMatchObject({ to: "+491511234567", messagingServiceSid: MG, body: 'Fahrdienst Mo 9:00 - "JA" oder "NEIN"?' });
    expect(fake.sms[0].statusCallback).toBe(`http://localhost:3000/api/webhooks/twilio/status?m=${id}`);
    const [row] = await t.db.select().from(s.messages).where(eq(s.messages.id, id));
    expect(row).toMatchObject({ status: "sent", providerId: fake.sms[0].sid, transport: "twilio" });
  });

  it("uses the sender number when no messaging service is configured", async () => {
    await enqueueMessages(t.db, [smsTo("+491511234567")]);
    await dispatchDueMessages(t.db, { transports: transports({ from: "+4915790000000" }) });
    expect(fake.sms[0]).toMatchObject({ from: "+4915790000000", messagingServiceSid: undefined });
  });

  it("marks the number opted out and the message failed on Twilio error 21610, and sends that number nothing more", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491511111111", contactPreference: "sms" });
    fake.optedOut.add("+491511111111");
    const [first] = await enqueueMessages(t.db, [smsTo(v.phone!, { volunteerId: v.id })]);
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ failed: 1 });
    const [row] = await t.db.select().from(s.messages).where(eq(s.messages.id, first));
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("21610");
    const [after] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, v.id));
    expect(after.smsOptedOutAt).not.toBeNull();
    await enqueueMessages(t.db, [smsTo(v.phone!, { volunteerId: v.id })]);
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ cancelled: 1 });
    expect(fake.calls).toHaveLength(1);
  });

  it("marks an invalid number failed at once instead of retrying it", async () => {
    const [id] = await enqueueMessages(t.db, [smsTo("0151-kaputt")]);
    await dispatchDueMessages(t.db, { transports: transports() });
    const [row] = await t.db.select().from(s.messages).where(eq(s.messages.id, id));
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("21211");
  });

  it("honours 429 Retry-After from Twilio before the next call", async () => {
    await enqueueMessages(t.db, [smsTo("+491510000001"), smsTo("+491510000002")]);
    fake.program({ status: 429, headers: { "retry-after": "1" } });
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ sent: 1, retried: 1 });
    const sorted = [...fake.calls].sort((a, b) => a.at - b.at);
    expect(sorted.map((c) => c.status)).toEqual([429, 201]);
    expect(sorted[1].at - sorted[0].at).toBeGreaterThanOrEqual(1000);
    const queued = await t.db.select().from(s.messages).where(eq(s.messages.status, "queued"));
    expect(queued).toHaveLength(1);
    expect(queued[0].nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 1000);
  });

  it("retries a Twilio outage (503) later", async () => {
    const [id] = await enqueueMessages(t.db, [smsTo("+491510000003")]);
    fake.program({ status: 503 });
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ retried: 1 });
    expect(await dispatchDueMessages(t.db, { transports: transports(), now: inFuture(3600_000) })).toMatchObject({ sent: 1 });
    const [row] = await t.db.select().from(s.messages).where(eq(s.messages.id, id));
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(fake.deliveriesTo("+491510000003")).toBe(1);
  });

  it("does not send an SMS again when the process died after Twilio accepted it and the status callback told us", async () => {
    const [id] = await enqueueMessages(t.db, [smsTo("+491510000004")]);
    await expect(
      dispatchDueMessages(t.db, {
        transports: transports(),
        afterProviderCall: () => {
          throw new Error("process killed");
        },
      }),
    ).rejects.toThrow("process killed");
    // Twilio's "sent" callback arrives for the message whose answer we never stored
    const callback = new URL(fake.sms[0].statusCallback!);
    expect(await applyTwilioStatus(t.db, { MessageSid: fake.sms[0].sid, MessageStatus: "sent", To: "+491510000004" }, callback.searchParams.get("m"))).toEqual({ ok: true, applied: true });
    expect(await dispatchDueMessages(t.db, { transports: transports(), now: new Date(Date.now() + CLAIM_MS + 1000) })).toMatchObject({ claimed: 0 });
    const [row] = await t.db.select().from(s.messages).where(eq(s.messages.id, id));
    expect(row).toMatchObject({ status: "sent", providerId: fake.sms[0].sid });
    expect(fake.deliveriesTo("+491510000004")).toBe(1);
  });

  it("holds the SMS rate (timestamps seen by the fake)", async () => {
    await enqueueMessages(t.db, phones(10).map((p) => smsTo(p)));
    await dispatchDueMessages(t.db, { transports: transports({ rate: 4 }) });
    expect(fake.sms).toHaveLength(10);
    expect(maxPerSecondWindow(fake.calls.map((c) => c.at))).toBeLessThanOrEqual(4);
  });

  it("holds the SMS rate across app instances through the shared pacer in the database", async () => {
    await enqueueMessages(t.db, phones(9, 1530000000).map((p) => smsTo(p)));
    // two "instances": separate pacer objects, one provider_pacing row
    const one = new SharedPacer(async () => t.db, "twilio", 4);
    const two = new SharedPacer(async () => t.db, "twilio", 4);
    await Promise.all([
      dispatchDueMessages(t.db, { transports: transports({ throttle: one }), limit: 5 }),
      dispatchDueMessages(t.db, { transports: transports({ throttle: two }), limit: 5 }),
    ]);
    expect(fake.sms).toHaveLength(9);
    expect(maxPerSecondWindow(fake.calls.map((c) => c.at))).toBeLessThanOrEqual(4);
  });

  it.runIf(onPostgres())("two instances dispatching at once send every SMS exactly once and hold the rate limit together", async () => {
    const numbers = phones(24, 1520000000);
    const ids = await enqueueMessages(t.db, numbers.map((p) => smsTo(p)));
    // each instance has its own pacer object; they share one provider_pacing row
    const drain = () => drainOutbox(t.db, { transports: transports({ throttle: new SharedPacer(async () => t.db, "twilio", 8) }), limit: 5 });
    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a + b).toBe(24);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    for (const p of numbers) expect(fake.deliveriesTo(p)).toBe(1);
    expect(maxPerSecondWindow(fake.calls.map((c) => c.at))).toBeLessThanOrEqual(8);
    const rows = await t.db.select().from(s.messages).where(inArray(s.messages.id, ids));
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });
});
