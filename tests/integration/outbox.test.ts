import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { claimDueMessages, dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { enqueueMessages } from "@/lib/messaging/outbox";
import type { Transport } from "@/lib/messaging/transports/types";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { listDevOutbox } from "@/lib/messaging/dev-outbox";
import { onPostgres, setupTestDatabase } from "../helpers/db";

const t = setupTestDatabase();

const mail = (n: number) => ({
  organizationId: null,
  channel: "email" as const,
  recipient: `person${n}@example.net`,
  kind: "test",
  locale: "de" as const,
  subject: `Betreff ${n}`,
  body: `Hallo ${n}, https://example.org/r/abc${n}`,
});

describe("outbox and dispatcher", () => {
  it("writes nothing when the causing transaction rolls back", async () => {
    await t.db
      .transaction(async (tx) => {
        await enqueueMessages(tx, [mail(1)]);
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await t.db.select().from(s.messages)).toHaveLength(0);
  });

  it("sends queued messages through the development transport and lists them newest first", async () => {
    await enqueueMessages(t.db, [mail(1), mail(2)]);
    const summary = await dispatchDueMessages(t.db, { transports: { email: new DevTransport(true), sms: new DevTransport(true) } });
    expect(summary).toMatchObject({ claimed: 2, sent: 2 });
    const rows = await t.db.select().from(s.messages);
    expect(rows.every((r) => r.status === "sent" && r.providerId === `dev-${r.id}`)).toBe(true);
    const listed = await listDevOutbox(t.db, { limit: 10 });
    expect(listed).toHaveLength(2);
    expect((await listDevOutbox(t.db, { to: "person2@example.net", limit: 10 }))[0].body).toContain("https://example.org/r/abc2");
  });

  it("retries a transient failure later and marks a permanent one failed", async () => {
    const [transient, permanent] = await enqueueMessages(t.db, [mail(1), mail(2)]);
    const flaky: Transport = {
      name: "flaky",
      send: async (m) => (m.id === transient ? { ok: false, retryable: true, error: "503" } : { ok: false, retryable: false, error: "invalid address" }),
    };
    await dispatchDueMessages(t.db, { transports: { email: flaky, sms: flaky } });
    const [a] = await t.db.select().from(s.messages).where(eq(s.messages.id, transient));
    const [b] = await t.db.select().from(s.messages).where(eq(s.messages.id, permanent));
    expect(a.status).toBe("queued");
    expect(a.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(b.status).toBe("failed");
    expect(b.lastError).toBe("invalid address");
  });

  it("does not send a message whose time has not come", async () => {
    await enqueueMessages(t.db, [{ ...mail(1), notBefore: new Date(Date.now() + 3600e3) }]);
    expect(await claimDueMessages(t.db, 10)).toHaveLength(0);
  });

  it.runIf(onPostgres())("never hands one message to two dispatchers claiming at once (SKIP LOCKED)", async () => {
    await enqueueMessages(t.db, Array.from({ length: 60 }, (_, i) => mail(i)));
    const batches = await Promise.all(Array.from({ length: 6 }, () => claimDueMessages(t.db, 15)));
    const ids = batches.flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
  });
});
