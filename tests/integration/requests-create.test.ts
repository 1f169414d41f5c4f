import { count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import type { Actor } from "@/lib/auth/guard";
import * as outbox from "@/lib/messaging/outbox";
import { createAndSendRequest } from "@/lib/requests/create";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinatorAndActivity, requestInput, secondOrganization, volunteer } from "../helpers/requests";

vi.mock("@/lib/messaging/outbox", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/messaging/outbox")>();
  return { ...original, enqueueMessages: vi.fn(original.enqueueMessages), templatedMessagesStatement: vi.fn(original.templatedMessagesStatement) };
});

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const counts = async () => ({
  requests: (await t.db.select({ n: count() }).from(s.requests))[0].n,
  invitations: (await t.db.select({ n: count() }).from(s.invitations))[0].n,
  messages: (await t.db.select({ n: count() }).from(s.messages))[0].n,
});

describe("creating and sending a request", () => {
  it("writes the request, one invitation per volunteer, a message per channel and marks them asked, in one go", async () => {
    const mailOnly = await volunteer(t.db, { activities: [driving] });
    const both = await volunteer(t.db, { activities: [driving], phone: "+4915200000011", contactPreference: "both", phoneConfirmedAt: new Date() });
    await volunteer(t.db, { activities: [(await activityByKey(t.db, "childcare")).id] });

    const result = await createAndSendRequest(t.db, actor, requestInput(driving));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result).toMatchObject({ invited: 2, messages: 3 });
    expect(result.shortCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/);

    const [request] = await t.db.select().from(s.requests).where(eq(s.requests.id, result.requestId));
    expect(request).toMatchObject({ status: "open", helpersNeeded: 3, acceptedCount: 0, organizationId: actor.organizationId, createdBy: actor.userId });
    const invitations = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, result.requestId));
    expect(invitations.map((i) => i.volunteerId).sort()).toEqual([mailOnly.id, both.id].sort());
    expect(invitations.every((i) => i.status === "pending" && i.askedAt && /^[0-9a-f]{64}$/.test(i.tokenHash))).toBe(true);

    const stored = await t.db.select().from(s.messages).where(eq(s.messages.requestId, result.requestId));
    // at rest, a message holds a placeholder instead of its response link's token (derived again at send time)
    for (const m of stored) expect(m.body).toContain("/r/{{helferruf-response-token}}");
    const messages = stored.map(renderStoredTexts);
    expect(messages.map((m) => `${m.channel}:${m.recipient}`).sort()).toEqual([`email:${mailOnly.email}`, `email:${both.email}`, "sms:+4915200000011"].sort());
    for (const m of messages) {
      expect(m.status).toBe("queued");
      expect(m.kind).toBe("invitation");
      const token = m.body!.match(/\/r\/([A-Za-z0-9_-]{22})\b/)![1];
      // only the hash of the link's token is stored, nowhere the token itself
      const inv = invitations.find((i) => i.id === m.invitationId)!;
      expect(inv.tokenHash).toBe(hashToken(token));
      expect(invitations.some((i) => i.tokenHash === token)).toBe(false);
      expect(JSON.stringify(stored)).not.toContain(token);
    }
    const sms = messages.find((m) => m.channel === "sms")!;
    expect(analyzeSms(sms.body!).segments).toBe(1);
    const mail = messages.find((m) => m.channel === "email" && m.recipient === mailOnly.email)!;
    expect(mail.subject).toContain("Fahrt zur Ausländerbehörde");
    expect(mail.body).toMatch(/Zusagen: http\S+\/r\/[A-Za-z0-9_-]{22}\?answer=accept/);
    expect(mail.body).toMatch(/Absagen: http\S+\/r\/[A-Za-z0-9_-]{22}\?answer=decline/);
    expect(mail.body).toContain("Ausländerbehörde, Hauptstr. 1");
    expect(mail.body).toMatch(/Di\., \d\d\.\d\d\.\d{4}, 09:00/);
    expect(mail.body).toContain("/manage");
    expect(mail.html).toContain("?answer=accept");

    const asked = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, mailOnly.id));
    expect(asked[0].lastAskedAt).not.toBeNull();
    const audit = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "request.create"));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].details)).not.toContain("@");
  });

  it("writes nothing at all when a step fails half way (the outbox insert throws)", async () => {
    await volunteer(t.db, { activities: [driving] });
    // the invitations are written by then; the fan-out's outbox insert fails in the database
    vi.mocked(outbox.templatedMessagesStatement).mockReturnValueOnce(sql`select 1 / 0 as n`);
    await expect(createAndSendRequest(t.db, actor, requestInput(driving))).rejects.toMatchObject({ cause: expect.objectContaining({ message: "division by zero" }) });
    expect(await counts()).toEqual({ requests: 0, invitations: 0, messages: 0 });
    const [v] = await t.db.select().from(s.volunteers);
    expect(v.lastAskedAt).toBeNull();
  });

  it("asks at most the chosen number of volunteers, least recently asked first", async () => {
    const never = await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving], lastAskedAt: new Date(Date.now() - 86400e3) });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { inviteLimit: "1" }));
    expect(r.ok && r.invited).toBe(1);
    const [inv] = await t.db.select().from(s.invitations);
    expect(inv.volunteerId).toBe(never.id);
  });

  it("creates one request and one set of messages when the same form is sent twice (double click, replay)", async () => {
    await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving] });
    const input = requestInput(driving, { submissionKey: "3f2b7c1e-1a2b-4c3d-9e8f-0123456789ab" });
    const first = await createAndSendRequest(t.db, actor, input);
    const again = await createAndSendRequest(t.db, actor, input);
    expect(first).toMatchObject({ ok: true, invited: 2 });
    expect(again).toMatchObject({ ok: true, duplicate: true, invited: 0 });
    expect(again.ok && first.ok && again.requestId === first.requestId).toBe(true);
    expect(await counts()).toMatchObject({ requests: 1, invitations: 2 });
    // a new form (new key) is a new request
    const other = await createAndSendRequest(t.db, actor, requestInput(driving, { submissionKey: "9a8b7c6d-1111-2222-3333-444455556666" }));
    expect(other.ok && !other.duplicate).toBe(true);
    expect((await counts()).requests).toBe(2);
  });

  it("creates one request when the same form arrives five times at once", async () => {
    await volunteer(t.db, { activities: [driving] });
    const input = requestInput(driving, { submissionKey: "parallel-submission-key-0001" });
    const results = await Promise.all(Array.from({ length: 5 }, () => createAndSendRequest(t.db, actor, input)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.requestId : null))).size).toBe(1);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(await counts()).toMatchObject({ requests: 1, invitations: 1 });
  });

  it("gives every request of an organisation its own short code", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 15; i++) {
      const r = await createAndSendRequest(t.db, actor, requestInput(driving));
      if (r.ok) codes.add(r.shortCode);
    }
    expect(codes.size).toBe(15);
  });

  describe("refuses bad input with field errors and stores nothing", () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ["end before start", { endsAt: "2099-01-01T08:00", startsAt: "2099-01-01T09:00" }, "endsAt", "end_before_start"],
      ["start in the past", { startsAt: "2020-01-01T09:00", endsAt: "2020-01-01T10:00" }, "startsAt", "start_in_past"],
      ["an impossible date", { startsAt: "2099-02-30T09:00" }, "startsAt", "invalid_date"],
      ["0 helpers", { helpersNeeded: 0 }, "helpersNeeded", "helpers_range"],
      ["1000 helpers", { helpersNeeded: "1000" }, "helpersNeeded", "helpers_range"],
      ["2.5 helpers", { helpersNeeded: "2.5" }, "helpersNeeded", "helpers_range"],
      ["no title", { title: "   " }, "title", "required"],
      ["an unknown activity", { activityId: "00000000-0000-4000-8000-000000000000" }, "activityId", "activity_unknown"],
      ["an activity id that is no id", { activityId: "driving" }, "activityId", "activity_unknown"],
      ["languages that are not ISO codes", { languageMode: "any", languages: ["arabic"] }, "languages", "invalid_language"],
      ["a language rule without languages", { languageMode: "all", languages: [] }, "languages", "languages_required"],
      ["an unknown channel", { channels: "pigeon" }, "channels", "required"],
    ];
    for (const [name, over, field, code] of cases) {
      it(name, async () => {
        await volunteer(t.db, { activities: [driving] });
        const r = await createAndSendRequest(t.db, actor, requestInput(driving, over));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.fieldErrors).toMatchObject({ [field]: code });
        expect(await counts()).toEqual({ requests: 0, invitations: 0, messages: 0 });
      });
    }

    it("an inactive activity", async () => {
      await t.db.update(s.activities).set({ active: false }).where(eq(s.activities.id, driving));
      const r = await createAndSendRequest(t.db, actor, requestInput(driving));
      expect(!r.ok && r.fieldErrors.activityId).toBe("activity_unknown");
      expect((await counts()).requests).toBe(0);
    });

    it("another organisation's activity", async () => {
      const { activity } = await secondOrganization(t.db);
      const r = await createAndSendRequest(t.db, actor, requestInput(activity.id));
      expect(!r.ok && r.fieldErrors.activityId).toBe("activity_unknown");
      expect((await counts()).requests).toBe(0);
    });
  });

  it("reads start and end as wall-clock times in the organisation's time zone", async () => {
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { startsAt: "2099-07-07T09:00", endsAt: "2099-07-07T11:30" }));
    expect(r.ok).toBe(true);
    const [req] = await t.db.select().from(s.requests);
    expect(req.startsAt.toISOString()).toBe("2099-07-07T07:00:00.000Z");
    expect(req.endsAt.toISOString()).toBe("2099-07-07T09:30:00.000Z");
  });

  it("tells pending helpers about a filled request by default, but not for SMS-only requests", async () => {
    const notifies = async (over: Record<string, unknown>) => {
      const r = await createAndSendRequest(t.db, actor, requestInput(driving, over));
      if (!r.ok) throw new Error("not created");
      return (await t.db.select().from(s.requests).where(eq(s.requests.id, r.requestId)))[0].notifyPendingWhenFilled;
    };
    expect(await notifies({ channels: "email" })).toBe(true);
    expect(await notifies({ channels: "both" })).toBe(true);
    expect(await notifies({ channels: "sms" })).toBe(false);
    expect(await notifies({ channels: "sms", notifyPendingWhenFilled: "on" })).toBe(true);
    expect(await notifies({ channels: "email", notifyPendingWhenFilled: "false" })).toBe(false);
  });
});
