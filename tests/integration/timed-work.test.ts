import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import type { Actor } from "@/lib/auth/guard";
import { resetConfigForTests } from "@/lib/config";
import { createAndSendRequest } from "@/lib/requests/create";
import { expireStartedRequests } from "@/lib/requests/expiry";
import { cancelRequest } from "@/lib/requests/manage";
import { sendDueReminders } from "@/lib/requests/reminders";
import { getInvitationView, respondToInvitation } from "@/lib/requests/respond";
import { parseRequestInput } from "@/lib/requests/schema";
import { responseToken } from "@/lib/requests/tokens";
import { getWavePlan, runWaves, sendNextWaveNow, stopWaves } from "@/lib/requests/waves";
import { handleInactiveVolunteers, purgeMessageBodies } from "@/lib/retention";
import { runScheduledWork } from "@/lib/scheduler";
import { hashToken } from "@/lib/tokens";
import { redeemSignInLink, requestSignInLink } from "@/lib/volunteers/sign-in";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, requestInput, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
const T0 = new Date();
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const invitationsOf = (requestId: string) => t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId)).orderBy(s.invitations.wave);
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const answer = (invitationId: string, a: "accept" | "decline") => respondToInvitation(t.db, { tokenHash: hashToken(responseToken(invitationId)), answer: a, via: "web" });

async function wavedRequest(opts: { volunteers: number; helpersNeeded?: number; waveSize?: number; interval?: number; spec?: Parameters<typeof volunteer>[1] } = { volunteers: 6 }) {
  for (let i = 0; i < opts.volunteers; i++) await volunteer(t.db, { activities: [driving], ...opts.spec });
  const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: opts.helpersNeeded ?? 1, waves: "on", waveSize: String(opts.waveSize ?? 2), waveIntervalMinutes: String(opts.interval ?? 30) }), { now: T0 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.requestId;
}

describe("waves", () => {
  it("asks the first wave only and plans the next after the interval", async () => {
    const id = await wavedRequest({ volunteers: 6 });
    const invs = await invitationsOf(id);
    expect(invs).toHaveLength(2);
    expect(invs.every((i) => i.wave === 1 && i.status === "pending")).toBe(true);
    expect((await requestRow(id)).nextWaveAt?.getTime()).toBe(min(30).getTime());
    const plan = await getWavePlan(t.db, actor.organizationId, id);
    expect(plan).toMatchObject({ enabled: true, waveSize: 2, intervalMinutes: 30, currentWave: 1 });
    expect(plan!.waves[0].names).toHaveLength(2);
  });

  it("sends no wave before it is due and the next wave once it is due", async () => {
    const id = await wavedRequest({ volunteers: 6 });
    expect(await runWaves(t.db, min(29))).toEqual({ waves: 0, invited: 0 });
    expect(await invitationsOf(id)).toHaveLength(2);
    expect(await runWaves(t.db, min(30))).toEqual({ waves: 1, invited: 2 });
    const invs = await invitationsOf(id);
    expect(invs.filter((i) => i.wave === 2)).toHaveLength(2);
    expect(new Set(invs.map((i) => i.volunteerId)).size).toBe(4); // nobody twice
    const r = await requestRow(id);
    expect(r.currentWave).toBe(2);
    expect(r.nextWaveAt?.getTime()).toBe(min(60).getTime());
    const msgs = await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, id), eq(s.messages.kind, "invitation")));
    expect(msgs).toHaveLength(4);
  });

  it("sends the next wave at once when everyone of the waves so far has answered", async () => {
    const id = await wavedRequest({ volunteers: 6 });
    for (const inv of await invitationsOf(id)) await answer(inv.id, "decline");
    expect(await runWaves(t.db, min(1))).toEqual({ waves: 1, invited: 2 });
  });

  it("a filled request sends no further wave", async () => {
    const id = await wavedRequest({ volunteers: 6 });
    const [first] = await invitationsOf(id);
    expect(await answer(first.id, "accept")).toMatchObject({ outcome: "accepted" });
    expect((await requestRow(id)).nextWaveAt).toBeNull();
    expect(await runWaves(t.db, min(31))).toEqual({ waves: 0, invited: 0 });
    expect(await invitationsOf(id)).toHaveLength(2);
  });

  it("a cancelled request sends no further wave", async () => {
    const id = await wavedRequest({ volunteers: 6 });
    await cancelRequest(t.db, actor, id, undefined, { now: min(1) });
    expect(await runWaves(t.db, min(31))).toEqual({ waves: 0, invited: 0 });
    expect(await invitationsOf(id)).toHaveLength(2);
  });

  it("stops when the matching list is exhausted", async () => {
    const id = await wavedRequest({ volunteers: 3 });
    expect(await runWaves(t.db, min(30))).toEqual({ waves: 1, invited: 1 });
    expect((await requestRow(id)).nextWaveAt).toBeNull();
    expect(await runWaves(t.db, min(90))).toEqual({ waves: 0, invited: 0 });
  });

  it("the coordinator can send the next wave now or stop the waves", async () => {
    const id = await wavedRequest({ volunteers: 8 });
    expect(await sendNextWaveNow(t.db, actor, id, { now: min(2) })).toEqual({ ok: true, invited: 2 });
    expect((await invitationsOf(id)).filter((i) => i.wave === 2)).toHaveLength(2);
    expect(await stopWaves(t.db, actor, id, { now: min(3) })).toEqual({ ok: true });
    expect(await runWaves(t.db, min(120))).toEqual({ waves: 0, invited: 0 });
    expect(await sendNextWaveNow(t.db, actor, id, { now: min(4) })).toMatchObject({ ok: false });
    const audit = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.objectId, id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["request.wave_now", "request.stop_waves"]));
  });

  it("refuses wave settings that cannot work with field errors", () => {
    const base = requestInput(driving, { waves: "on" });
    const p = (over: Record<string, unknown>) => parseRequestInput({ ...base, ...over }, { timeZone: "Europe/Berlin" });
    expect(p({ waveSize: "0" })).toMatchObject({ ok: false, fieldErrors: { waveSize: "wave_size_range" } });
    expect(p({ waveIntervalMinutes: "0" })).toMatchObject({ ok: false, fieldErrors: { waveIntervalMinutes: "wave_interval_range" } });
    expect(p({ waveDeadline: base.endsAt })).toMatchObject({ ok: false, fieldErrors: { waveDeadline: "wave_deadline_after_start" } });
    expect(p({ waveSize: "2", waveIntervalMinutes: "1" })).toMatchObject({ ok: true });
  });

  it("asks non-responders of earlier waves once more on their other confirmed channel", async () => {
    const both = { phoneConfirmedAt: new Date(), contactPreference: "email" as const };
    await volunteer(t.db, { activities: [driving], ...both, phone: "+4915200000601" });
    await volunteer(t.db, { activities: [driving], ...both, phone: "+4915200000602" });
    // the others were asked recently, so the two with a phone make up wave 1 (least recently asked first)
    const id = await wavedRequest({ volunteers: 2, spec: { lastAskedAt: new Date(T0.getTime() - 86_400_000) } });
    const sms = () => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, id), eq(s.messages.channel, "sms")));
    expect((await invitationsOf(id)).every((i) => i.wave === 1)).toBe(true);
    expect(await sms()).toHaveLength(0);
    await runWaves(t.db, min(30));
    await runWaves(t.db, min(60));
    const texts = await sms();
    expect(texts.map((m) => m.recipient).sort()).toEqual(["+4915200000601", "+4915200000602"]); // each once
    expect(texts.every((m) => m.kind === "invitation" && /\/r\/[A-Za-z0-9_-]{22}\b/.test(renderStoredTexts(m).body ?? ""))).toBe(true);
  });

  it("holds back wave SMS during quiet hours (request far ahead)", async () => {
    // 23:30 Berlin in winter = 22:30 UTC
    const night = new Date(Date.UTC(2026, 11, 1, 22, 30));
    await volunteer(t.db, { activities: [driving], email: null, emailConfirmedAt: null, phone: "+4915200000501", contactPreference: "sms", phoneConfirmedAt: new Date() });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { startsAt: "2026-12-05T09:00", endsAt: "2026-12-05T11:00", helpersNeeded: 1 }), { now: night });
    expect(r.ok).toBe(true);
    const [sms] = await t.db.select().from(s.messages).where(eq(s.messages.channel, "sms"));
    expect(sms.nextAttemptAt.toISOString()).toBe("2026-12-02T06:00:00.000Z"); // 07:00 Berlin
  });
});

describe("fairness", () => {
  it("respects a volunteer's weekly limit", async () => {
    const capped = await volunteer(t.db, { activities: [driving], maxRequestsPerWeek: 1 });
    const other = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 1, title: "Erste" }), { now: T0 });
    expect(other.ok).toBe(true);
    const free = await volunteer(t.db, { activities: [driving] });
    const second = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 1, title: "Zweite" }), { now: min(60) });
    if (!second.ok) throw new Error();
    const invited = (await invitationsOf(second.requestId)).map((i) => i.volunteerId);
    expect(invited).toContain(free.id);
    expect(invited).not.toContain(capped.id);
  });
});

describe("reminders", () => {
  it("reminds accepted helpers 24 h and 2 h before the start, each once, with the withdraw link", async () => {
    const v = await volunteer(t.db, { activities: [driving] });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 2 }), { now: T0 });
    if (!r.ok) throw new Error();
    const [inv] = await invitationsOf(r.requestId);
    await answer(inv.id, "accept");
    const start = (await requestRow(r.requestId)).startsAt.getTime();
    const at = (h: number) => new Date(start - h * 3_600_000);
    expect(await sendDueReminders(t.db, at(25))).toEqual({ reminders: 0 });
    expect(await sendDueReminders(t.db, at(23))).toEqual({ reminders: 1 });
    expect(await sendDueReminders(t.db, at(22))).toEqual({ reminders: 0 });
    expect(await sendDueReminders(t.db, at(1.5))).toEqual({ reminders: 1 });
    expect(await sendDueReminders(t.db, at(1))).toEqual({ reminders: 0 });
    const msgs = await t.db.select().from(s.messages).where(and(eq(s.messages.volunteerId, v.id), eq(s.messages.kind, "helper-reminder")));
    expect(msgs).toHaveLength(2);
    expect(renderStoredTexts(msgs[0]).body).toContain(`/r/${responseToken(inv.id)}`);
  });
});

describe("expiry", () => {
  it("closes a request at its start and expires unanswered invitations; their link says so", async () => {
    await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving] });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 2 }), { now: T0 });
    if (!r.ok) throw new Error();
    const [a, b] = await invitationsOf(r.requestId);
    await answer(a.id, "accept");
    const start = (await requestRow(r.requestId)).startsAt;
    expect(await expireStartedRequests(t.db, new Date(start.getTime() - 1000))).toEqual({ closed: 0, expired: 0 });
    expect(await expireStartedRequests(t.db, start)).toEqual({ closed: 1, expired: 1 });
    expect(await requestRow(r.requestId)).toMatchObject({ status: "closed", closedAt: start });
    const view = await getInvitationView(t.db, hashToken(responseToken(b.id)), start);
    expect(view).toMatchObject({ status: "expired" });
    expect((await invitationsOf(r.requestId)).find((i) => i.id === a.id)!.status).toBe("accepted");
  });
});

describe("retention", () => {
  it("removes message bodies after 90 days and keeps the metadata", async () => {
    const [org] = await t.db.select().from(s.organizations);
    const old = new Date(T0.getTime() - 91 * 86_400_000);
    const recent = new Date(T0.getTime() - 89 * 86_400_000);
    await t.db.insert(s.messages).values([
      { organizationId: org.id, channel: "email", recipient: "a@example.net", kind: "invitation", subject: "S", body: "B", html: "<p>B</p>", status: "sent", createdAt: old },
      { organizationId: org.id, channel: "email", recipient: "b@example.net", kind: "invitation", subject: "S", body: "B", status: "sent", createdAt: recent },
    ]);
    expect(await purgeMessageBodies(t.db, T0)).toEqual({ purged: 1 });
    const rows = await t.db.select().from(s.messages).orderBy(s.messages.createdAt);
    expect(rows[0]).toMatchObject({ subject: null, body: null, html: null, kind: "invitation", status: "sent", bodyPurgedAt: T0 });
    expect(rows[1]).toMatchObject({ body: "B", bodyPurgedAt: null });
  });

  it("sends inactive volunteers a notice, erases them after 30 days unless they signed in", async () => {
    const longAgo = new Date(T0.getTime() - 25 * 30 * 86_400_000);
    const quiet = await volunteer(t.db, { activities: [driving], createdAt: longAgo, email: "still-quiet@example.net" });
    const back = await volunteer(t.db, { activities: [driving], createdAt: longAgo, email: "comes-back@example.net" });
    const active = await volunteer(t.db, { activities: [driving], createdAt: longAgo, lastActiveAt: new Date(T0.getTime() - 30 * 86_400_000) });
    expect(await handleInactiveVolunteers(t.db, T0)).toEqual({ notified: 2, erased: 0 });
    expect(await handleInactiveVolunteers(t.db, min(5))).toEqual({ notified: 0, erased: 0 });
    const notices = await t.db.select().from(s.messages).where(eq(s.messages.kind, "inactivity-notice"));
    expect(notices.map((m) => m.recipient).sort()).toEqual(["comes-back@example.net", "still-quiet@example.net"]);
    // the one who comes back signs in through /manage
    await requestSignInLink("comes-back@example.net", { ip: null, db: t.db, now: min(10) });
    const [link] = await t.db.select().from(s.messages).where(and(eq(s.messages.recipient, "comes-back@example.net"), eq(s.messages.kind, "sign-in")));
    const token = renderStoredTexts(link).body!.match(/\/manage\/([A-Za-z0-9_-]{43})/)![1];
    expect(await redeemSignInLink(token, { db: t.db, now: min(11) })).toMatchObject({ ok: true });
    const later = new Date(T0.getTime() + 31 * 86_400_000);
    expect(await handleInactiveVolunteers(t.db, later)).toEqual({ notified: 0, erased: 1 });
    const left = (await t.db.select({ id: s.volunteers.id }).from(s.volunteers)).map((v) => v.id);
    expect(left).not.toContain(quiet.id);
    expect(left).toEqual(expect.arrayContaining([back.id, active.id]));
  });
});

describe("cron route", () => {
  it("answers 401 without or with a wrong secret and runs nothing; 200 with the secret; 404 when unset", async () => {
    const { GET, POST } = await import("@/app/api/cron/route");
    const prev = process.env.CRON_SECRET;
    try {
      delete process.env.CRON_SECRET;
      resetConfigForTests();
      expect((await GET(new Request("http://x/api/cron"))).status).toBe(404);
      process.env.CRON_SECRET = "cron-secret-for-the-tests-0123";
      resetConfigForTests();
      const id = await wavedRequest({ volunteers: 4 });
      await t.db.update(s.requests).set({ nextWaveAt: new Date(Date.now() - 1000) }).where(eq(s.requests.id, id));
      expect((await GET(new Request("http://x/api/cron"))).status).toBe(401);
      expect((await POST(new Request("http://x/api/cron", { method: "POST", headers: { authorization: "Bearer wrong" } }))).status).toBe(401);
      expect(await invitationsOf(id)).toHaveLength(2);
      const ok = await POST(new Request("http://x/api/cron", { method: "POST", headers: { authorization: "Bearer cron-secret-for-the-tests-0123" } }));
      expect(ok.status).toBe(200);
      expect(await invitationsOf(id)).toHaveLength(4);
    } finally {
      if (prev === undefined) delete process.env.CRON_SECRET;
      else process.env.CRON_SECRET = prev;
      resetConfigForTests();
    }
  });
});

describe("two scheduler runs at the same moment", () => {
  it.runIf(onPostgres())("send each wave and each reminder once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await wavedRequest({ volunteers: 4 }));
    // an accepted helper of another request, due for reminder 1
    await volunteer(t.db, { activities: [driving] });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: 3, title: "Erinnern" }), { now: T0 });
    if (!r.ok) throw new Error();
    const accepted = (await invitationsOf(r.requestId)).slice(0, 2);
    for (const inv of accepted) await answer(inv.id, "accept");
    const start = (await requestRow(r.requestId)).startsAt.getTime();
    const at = new Date(start - 23 * 3_600_000);
    // every waved request is due at `at` (more than 30 minutes after T0)
    await Promise.all([runScheduledWork(t.db, at), runScheduledWork(t.db, at), runScheduledWork(t.db, at)]);
    for (const id of ids) {
      expect((await invitationsOf(id)).filter((i) => i.wave === 2)).toHaveLength(2);
      expect((await requestRow(id)).currentWave).toBe(2);
    }
    const reminders = await t.db.select().from(s.messages).where(eq(s.messages.kind, "helper-reminder"));
    expect(reminders).toHaveLength(2);
  });
});
