import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { batchIdempotencyKey, CLAIM_MS, dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { SharedPacer } from "@/lib/messaging/throttle";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { ResendTransport } from "@/lib/messaging/transports/resend";
import { applyResendEvent } from "@/lib/messaging/webhooks";
import { FakeResend } from "../fakes/fake-resend";
import { maxPerSecondWindow } from "../fakes/http";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { drainOutbox, emailTo, inFuture, serveFake } from "../helpers/messaging";
import { insertVolunteer } from "../helpers/volunteers";

const t = setupTestDatabase();
const fake = serveFake(new FakeResend(), t);

function transports(opts: { rate?: number; batchSize?: number; timeoutMs?: number } = {}) {
  const email = new ResendTransport({
    apiKey: fake.apiKey,
    from: "Helferruf <helfen@example.org>",
    replyTo: "koordination@example.org",
    baseUrl: fake.url,
    timeoutMs: opts.timeoutMs ?? 2000,
    // the production pacer: shared by all instances through the database
    throttle: new SharedPacer(async () => t.db, "resend", opts.rate ?? 100),
    batchSize: opts.batchSize,
  });
  return { email, sms: new DevTransport(true) };
}

const addresses = (n: number, prefix = "p") => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.net`);

async function rows(ids: string[]) {
  return t.db.select().from(s.messages).where(inArray(s.messages.id, ids));
}

describe("e-mail through the Resend SDK", () => {
  it("sends a fan-out of 250 in three batch calls, each keyed by its message ids, and stores Resend's ids", async () => {
    const ids = await enqueueMessages(t.db, addresses(250).map((a) => emailTo(a)));
    const summary = await dispatchDueMessages(t.db, { transports: transports() });
    expect(summary).toMatchObject({ claimed: 250, sent: 250, failed: 0 });
    expect(fake.calls.map((c) => [c.path, c.emails])).toEqual([["/emails/batch", 100], ["/emails/batch", 100], ["/emails/batch", 50]]);
    const stored = await rows(ids);
    const byKey = new Map<string, string[]>();
    for (const r of stored) byKey.set(r.idempotencyKey!, [...(byKey.get(r.idempotencyKey!) ?? []), r.id]);
    expect(new Set(fake.calls.map((c) => c.idempotencyKey))).toEqual(new Set(byKey.keys()));
    for (const [key, members] of byKey) expect(key).toBe(batchIdempotencyKey(members));
    const fakeIds = new Set(fake.emails.map((e) => e.id));
    expect(stored.every((r) => r.status === "sent" && r.transport === "resend" && fakeIds.has(r.providerId!))).toBe(true);
    const first = fake.emails.find((e) => e.to[0] === "p0@example.net")!;
    expect(first).toMatchObject({ from: "Helferruf <helfen@example.org>", reply_to: "koordination@example.org", subject: "Anfrage für p0@example.net" });
    expect(first.text).toContain("https://example.org/r/p0@example.net");
    expect(first.html).toContain("<p>");
    expect(first.tags).toEqual([{ name: "message_id", value: stored.find((r) => r.recipient === "p0@example.net")!.id }]);
  });

  it("sends a lone e-mail to /emails with the outbox message id as Idempotency-Key", async () => {
    const [id] = await enqueueMessages(t.db, [emailTo("solo@example.net")]);
    await dispatchDueMessages(t.db, { transports: transports() });
    expect(fake.calls).toMatchObject([{ path: "/emails", idempotencyKey: id, status: 200 }]);
  });

  it("sends an e-mail with a calendar attachment on its own (the batch endpoint takes none) and the rest batched", async () => {
    const ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    await enqueueMessages(t.db, [
      ...addresses(3).map((a) => emailTo(a)),
      { ...emailTo("zusage@example.net"), attachments: [{ filename: "einsatz.ics", contentType: "text/calendar", content: ics }] },
    ]);
    const summary = await dispatchDueMessages(t.db, { transports: transports() });
    expect(summary).toMatchObject({ sent: 4, failed: 0 });
    expect(fake.calls.map((c) => [c.path, c.emails, c.status]).sort()).toEqual([["/emails", 1, 200], ["/emails/batch", 3, 200]]);
    const withIcs = fake.emails.find((e) => e.to[0] === "zusage@example.net")!;
    expect(withIcs.attachments).toHaveLength(1);
    expect(withIcs.attachments![0].filename).toBe("einsatz.ics");
    expect(Buffer.from(withIcs.attachments![0].content, "base64").toString("utf8")).toBe(ics);
  });

  it("gives e-mails to volunteers one-click List-Unsubscribe headers (RFC 8058), but not self-requested sign-in mails", async () => {
    const v = await insertVolunteer(t.db);
    await enqueueMessages(t.db, [emailTo(v.email!, { volunteerId: v.id, kind: "invitation" }), emailTo(v.email!, { volunteerId: v.id, kind: "sign-in" })]);
    await dispatchDueMessages(t.db, { transports: transports({ batchSize: 1 }) });
    const [invitation, signIn] = [...fake.emails].sort((a) => (a.headers ? -1 : 1));
    expect(invitation.headers!["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/api\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(invitation.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(signIn.headers).toBeUndefined();
  });

  it("repeats a batch whose answer was a 500 with the same key, so the provider sends each e-mail once", async () => {
    await enqueueMessages(t.db, addresses(3).map((a) => emailTo(a)));
    fake.program({ status: 500, process: true }); // Resend did the work, then failed to answer
    const first = await dispatchDueMessages(t.db, { transports: transports() });
    expect(first).toMatchObject({ sent: 0, retried: 3 });
    const pending = await t.db.select().from(s.messages);
    expect(pending.every((r) => r.status === "sending" && r.nextAttemptAt.getTime() >= Date.now() + 25_000)).toBe(true);
    expect(await dispatchDueMessages(t.db, { transports: transports(), now: inFuture(40 * 60_000) })).toMatchObject({ sent: 3 });
    expect(fake.calls.map((c) => [c.status, c.replayed])).toEqual([[500, false], [200, true]]);
    expect(fake.calls[0].idempotencyKey).toBe(fake.calls[1].idempotencyKey);
    for (const a of addresses(3)) expect(fake.deliveriesTo(a)).toBe(1);
  });

  it("repeats the identical batch even when a delivery webhook already settled part of it", async () => {
    const ids = await enqueueMessages(t.db, addresses(3, "part").map((a) => emailTo(a)));
    fake.program({ status: 500, process: true });
    await dispatchDueMessages(t.db, { transports: transports() });
    const delivered = fake.emails.find((e) => e.to[0] === "part1@example.net")!;
    expect(await applyResendEvent(t.db, { type: "email.delivered", data: { email_id: delivered.id, tags: { message_id: delivered.tags![0].value } } })).toBe(true);
    expect(await dispatchDueMessages(t.db, { transports: transports(), now: inFuture(40 * 60_000) })).toMatchObject({ claimed: 2 });
    expect(fake.calls.map((c) => [c.status, c.replayed])).toEqual([[500, false], [200, true]]);
    for (const a of addresses(3, "part")) expect(fake.deliveriesTo(a)).toBe(1);
    const statuses = Object.fromEntries((await rows(ids)).map((r) => [r.recipient, r.status]));
    expect(statuses).toEqual({ "part0@example.net": "sent", "part1@example.net": "delivered", "part2@example.net": "sent" });
  });

  it("leaves a batch member a webhook already settled alone when the repeat fails again", async () => {
    const ids = await enqueueMessages(t.db, addresses(2, "keep").map((a) => emailTo(a)));
    fake.program({ status: 500, process: true });
    await dispatchDueMessages(t.db, { transports: transports() });
    const bounced = fake.emails.find((e) => e.to[0] === "keep0@example.net")!;
    await applyResendEvent(t.db, { type: "email.bounced", data: { email_id: bounced.id, tags: { message_id: bounced.tags![0].value }, bounce: { type: "Permanent" } } });
    fake.program({ status: 429, headers: { "retry-after": "1" } });
    await dispatchDueMessages(t.db, { transports: transports(), now: inFuture(40 * 60_000) });
    const statuses = Object.fromEntries((await rows(ids)).map((r) => [r.recipient, r.status]));
    expect(statuses).toEqual({ "keep0@example.net": "failed", "keep1@example.net": "queued" });
  });

  it("treats a timeout as 'maybe sent': the retry carries the same key and nothing is sent twice", async () => {
    const [id] = await enqueueMessages(t.db, [emailTo("slow@example.net")]);
    fake.program({ delayMs: 600, process: true });
    expect(await dispatchDueMessages(t.db, { transports: transports({ timeoutMs: 150 }) })).toMatchObject({ retried: 1 });
    const [row] = await rows([id]);
    expect(row.lastError).toContain("network");
    // while the first call still runs, Resend answers 409 "concurrent": still unknown, retried later
    expect(await dispatchDueMessages(t.db, { transports: transports({ timeoutMs: 150 }), now: inFuture(60 * 60_000) })).toMatchObject({ retried: 1 });
    await new Promise((r) => setTimeout(r, 700));
    expect(await dispatchDueMessages(t.db, { transports: transports(), now: inFuture(3 * 3600_000) })).toMatchObject({ sent: 1 });
    const byArrival = [...fake.calls].sort((a, b) => a.at - b.at);
    expect(byArrival.map((c) => [c.status, c.replayed])).toEqual([[200, false], [409, false], [200, true]]);
    expect(new Set(byArrival.map((c) => c.idempotencyKey))).toEqual(new Set([id]));
    expect(fake.deliveriesTo("slow@example.net")).toBe(1);
  });

  it("honours 429 Retry-After: no call to Resend in that time, and the refused batch waits at least as long", async () => {
    const ids = await enqueueMessages(t.db, addresses(4).map((a) => emailTo(a)));
    fake.program({ status: 429, headers: { "retry-after": "2" } });
    const started = Date.now();
    const summary = await dispatchDueMessages(t.db, { transports: transports({ batchSize: 2 }) });
    expect(summary).toMatchObject({ sent: 2, retried: 2 });
    expect(fake.calls[1].at - fake.calls[0].at).toBeGreaterThanOrEqual(2000);
    const waiting = (await rows(ids)).filter((r) => r.status === "queued");
    expect(waiting).toHaveLength(2);
    // a 429 is a clear "no": the batch may be re-formed, so its key is dropped
    expect(waiting.every((r) => r.idempotencyKey === null && r.nextAttemptAt.getTime() >= started + 2000)).toBe(true);
    await dispatchDueMessages(t.db, { transports: transports({ batchSize: 2 }), now: inFuture(60 * 60_000) });
    for (const a of addresses(4)) expect(fake.deliveriesTo(a)).toBe(1);
  });

  it("backs off exponentially with jitter between attempts and gives up after the maximum", async () => {
    const [id] = await enqueueMessages(t.db, [emailTo("down@example.net")]);
    const delays: number[] = [];
    let now = Date.now();
    for (let attempt = 1; attempt <= 10; attempt++) {
      fake.program({ status: 503 });
      await dispatchDueMessages(t.db, { transports: transports(), now: new Date(now) });
      const [row] = await rows([id]);
      if (row.status === "failed") break;
      delays.push(row.nextAttemptAt.getTime() - Date.now());
      now = row.nextAttemptAt.getTime() + 1;
    }
    const [row] = await rows([id]);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(10);
    expect(delays).toHaveLength(9);
    for (let i = 1; i < 7; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] * 1.5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3600_000 * 1.2 + 1000);
    expect(fake.emails).toHaveLength(0);
  });

  it("sends the valid e-mails of a batch Resend refused for one bad address, and marks only that one failed", async () => {
    const ids = await enqueueMessages(t.db, [emailTo("good1@example.net"), emailTo("not-an-address"), emailTo("good2@example.net")]);
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ sent: 2, failed: 1 });
    const byRecipient = Object.fromEntries((await rows(ids)).map((r) => [r.recipient, r]));
    expect(byRecipient["not-an-address"].status).toBe("failed");
    expect(byRecipient["not-an-address"].lastError).toContain("422");
    expect(fake.deliveriesTo("good1@example.net") + fake.deliveriesTo("good2@example.net")).toBe(2);
  });

  it("holds the configured requests per second (timestamps seen by the fake)", async () => {
    await enqueueMessages(t.db, addresses(12).map((a) => emailTo(a)));
    await dispatchDueMessages(t.db, { transports: transports({ rate: 3, batchSize: 1 }) });
    expect(fake.calls).toHaveLength(12);
    expect(maxPerSecondWindow(fake.calls.map((c) => c.at))).toBeLessThanOrEqual(3);
    expect(fake.calls.at(-1)!.at - fake.calls[0].at).toBeGreaterThanOrEqual(11 * 333);
  });

  it("does not send to a bounced or unsubscribed volunteer, but still sends their own sign-in link", async () => {
    const bounced = await insertVolunteer(t.db, { emailBouncedAt: new Date() });
    const out = await insertVolunteer(t.db, { emailOptedOutAt: new Date() });
    const ids = await enqueueMessages(t.db, [
      emailTo(bounced.email!, { volunteerId: bounced.id, kind: "invitation" }),
      emailTo(out.email!, { volunteerId: out.id, kind: "invitation" }),
      emailTo(out.email!, { volunteerId: out.id, kind: "sign-in" }),
    ]);
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ sent: 1, cancelled: 2 });
    const statuses = (await rows(ids)).map((r) => `${r.kind}:${r.status}`).sort();
    expect(statuses).toEqual(["invitation:cancelled", "invitation:cancelled", "sign-in:sent"]);
    expect(fake.emails.map((e) => e.to[0])).toEqual([out.email]);
  });

  it("delivers each e-mail once when the dispatcher dies after Resend answered and before it stored the outcome", async () => {
    const ids = await enqueueMessages(t.db, addresses(150, "crash").map((a) => emailTo(a)));
    let calls = 0;
    await expect(
      dispatchDueMessages(t.db, {
        transports: transports(),
        afterProviderCall: () => {
          if (++calls === 1) throw new Error("process killed");
        },
      }),
    ).rejects.toThrow("process killed");
    const afterCrash = await rows(ids);
    expect(afterCrash.every((r) => r.status === "sending")).toBe(true);
    expect(fake.emails).toHaveLength(100);
    // nothing happens while the claim is still valid …
    expect(await dispatchDueMessages(t.db, { transports: transports() })).toMatchObject({ claimed: 0 });
    // … then another dispatcher takes the abandoned claim and repeats the batch with its key
    const summary = await dispatchDueMessages(t.db, { transports: transports(), now: new Date(Date.now() + CLAIM_MS + 1000) });
    expect(summary).toMatchObject({ claimed: 150, sent: 150 });
    expect(fake.calls.map((c) => c.replayed)).toEqual([false, true, false]);
    for (const a of addresses(150, "crash")) expect(fake.deliveriesTo(a)).toBe(1);
    const done = await rows(ids);
    const fakeIds = new Set(fake.emails.map((e) => e.id));
    expect(done.every((r) => r.status === "sent" && fakeIds.has(r.providerId!))).toBe(true);
  });

  it.runIf(onPostgres())("never sends an e-mail twice when two dispatchers drain the outbox at once", async () => {
    await enqueueMessages(t.db, addresses(600, "two").map((a) => emailTo(a)));
    const shared = transports({ rate: 50 });
    const drain = () => drainOutbox(t.db, { transports: shared, limit: 150 });
    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a + b).toBe(600);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(fake.emails).toHaveLength(600);
    for (const addr of addresses(600, "two")) expect(fake.deliveriesTo(addr)).toBe(1);
    const keys = fake.calls.map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    const [{ count }] = (await t.db.execute(`select count(*)::int as count from messages where status <> 'sent'`)).rows as { count: number }[];
    expect(count).toBe(0);
    expect(await t.db.select().from(s.messages).where(eq(s.messages.status, "sending"))).toHaveLength(0);
  });
});
