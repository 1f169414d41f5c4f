import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { resetConfigForTests } from "@/lib/config";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { POST as resendWebhook } from "@/app/api/webhooks/resend/route";
import { POST as twilioStatus } from "@/app/api/webhooks/twilio/status/route";
import { POST as twilioInbound } from "@/app/api/webhooks/twilio/inbound/route";
import { setupTestDatabase } from "../helpers/db";
import { emailTo, insertRequestWithInvitations, smsTo } from "../helpers/messaging";
import { insertVolunteer } from "../helpers/volunteers";
import { RESEND_WEBHOOK_SECRET, resendRequest, TWILIO_AUTH_TOKEN, twilioRequest, twilioSid } from "../helpers/webhook-signing";

const t = setupTestDatabase();
const dev = { email: new DevTransport(true), sms: new DevTransport(true) };

beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = RESEND_WEBHOOK_SECRET;
  process.env.TWILIO_ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
  process.env.TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN;
  process.env.TWILIO_FROM = "+4915790000000";
  delete process.env.APP_URL;
  resetConfigForTests();
});

async function sentEmail(providerId: string, extra: Parameters<typeof emailTo>[1] = {}) {
  const v = await insertVolunteer(t.db);
  const [id] = await enqueueMessages(t.db, [emailTo(v.email!, { volunteerId: v.id, kind: "invitation", ...extra })]);
  await dispatchDueMessages(t.db, { transports: dev });
  await t.db.update(s.messages).set({ providerId }).where(eq(s.messages.id, id));
  return { id, volunteer: v };
}

const message = async (id: string) => (await t.db.select().from(s.messages).where(eq(s.messages.id, id)))[0];
const volunteer = async (id: string) => (await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, id)))[0];

describe("Resend delivery webhook", () => {
  it("marks an e-mail delivered on a correctly signed email.delivered", async () => {
    const { id } = await sentEmail("re-1");
    const res = await resendWebhook(resendRequest({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: "re-1", to: ["x@example.net"] } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, applied: true });
    expect((await message(id)).status).toBe("delivered");
  });

  it("finds the outbox row by its message_id tag when the provider id was never stored", async () => {
    const { id } = await sentEmail("re-other");
    await resendWebhook(resendRequest({ type: "email.delivered", data: { email_id: "re-unknown-yet", tags: { message_id: id } } }));
    expect(await message(id)).toMatchObject({ status: "delivered", providerId: "re-unknown-yet" });
  });

  it("on a hard bounce marks the message failed and the address bounced, so it is not used again", async () => {
    const { id, volunteer: v } = await sentEmail("re-2");
    const res = await resendWebhook(
      resendRequest({ type: "email.bounced", data: { email_id: "re-2", bounce: { type: "Permanent", subType: "General", message: "mailbox does not exist" } } }),
    );
    expect(res.status).toBe(200);
    expect(await message(id)).toMatchObject({ status: "failed", lastError: "bounced: mailbox does not exist" });
    expect((await volunteer(v.id)).emailBouncedAt).not.toBeNull();
    const [next] = await enqueueMessages(t.db, [emailTo(v.email!, { volunteerId: v.id, kind: "invitation" })]);
    await dispatchDueMessages(t.db, { transports: dev });
    expect(await message(next)).toMatchObject({ status: "cancelled", lastError: "address bounced" });
    const audit = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.email_bounced"));
    expect(audit.map((a) => a.objectId)).toEqual([v.id]);
  });

  it("treats a spam complaint as an unsubscribe", async () => {
    const { volunteer: v } = await sentEmail("re-3");
    await resendWebhook(resendRequest({ type: "email.complained", data: { email_id: "re-3" } }));
    expect((await volunteer(v.id)).emailOptedOutAt).not.toBeNull();
  });

  it("refuses a forged signature with 403 and changes nothing", async () => {
    const { id } = await sentEmail("re-4");
    const res = await resendWebhook(resendRequest({ type: "email.bounced", data: { email_id: "re-4" } }, { secret: "whsec_" + Buffer.from("someone-else").toString("base64") }));
    expect(res.status).toBe(403);
    expect((await message(id)).status).toBe("sent");
  });

  it("refuses a replayed (ten minutes old) webhook with 403 and changes nothing", async () => {
    const { id } = await sentEmail("re-5");
    const res = await resendWebhook(resendRequest({ type: "email.bounced", data: { email_id: "re-5" } }, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(res.status).toBe(403);
    expect((await message(id)).status).toBe("sent");
  });

  it("refuses the same signed event delivered a second time (replay within five minutes) with 403", async () => {
    const { id, volunteer: v } = await sentEmail("re-6");
    const body = JSON.stringify({ type: "email.bounced", data: { email_id: "re-6", bounce: { type: "Permanent" } } });
    const signed = resendRequest(null, { raw: body, id: "msg_replayed_once" });
    const replay = new Request(signed.url, { method: "POST", headers: signed.headers, body });
    expect((await resendWebhook(signed)).status).toBe(200);
    await t.db.update(s.volunteers).set({ emailBouncedAt: null }).where(eq(s.volunteers.id, v.id));
    expect((await resendWebhook(replay)).status).toBe(403);
    expect((await volunteer(v.id)).emailBouncedAt).toBeNull();
    expect((await message(id)).status).toBe("failed");
  });

  it("refuses an unsigned request with 403", async () => {
    const res = await resendWebhook(new Request("http://localhost:3000/api/webhooks/resend", { method: "POST", body: "{}" }));
    expect(res.status).toBe(403);
  });

  it("answers 400 to a correctly signed but malformed payload", async () => {
    expect((await resendWebhook(resendRequest({ type: "email.delivered", data: {} }))).status).toBe(400);
    expect((await resendWebhook(resendRequest(null, { raw: "not json" }))).status).toBe(403);
  });

  it("acknowledges an unknown e-mail id with 200 and ignores it", async () => {
    const res = await resendWebhook(resendRequest({ type: "email.delivered", data: { email_id: "re-never-sent" } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, applied: false });
  });
});

describe("Twilio status callback", () => {
  async function sentSms(phone = "+491512222222") {
    const v = await insertVolunteer(t.db, { phone, email: null, contactPreference: "sms" });
    const [id] = await enqueueMessages(t.db, [smsTo(phone, { volunteerId: v.id })]);
    await dispatchDueMessages(t.db, { transports: dev });
    const sid = twilioSid();
    await t.db.update(s.messages).set({ providerId: sid }).where(eq(s.messages.id, id));
    return { id, sid, volunteer: v };
  }

  it("marks an SMS delivered on a correctly signed callback", async () => {
    const { id, sid } = await sentSms();
    const res = await twilioStatus(twilioRequest(`/api/webhooks/twilio/status?m=${id}`, { MessageSid: sid, MessageStatus: "delivered", To: "+491512222222" }));
    expect(res.status).toBe(200);
    expect(await message(id)).toMatchObject({ status: "delivered" });
  });

  it("marks an undelivered SMS failed, and the number opted out on error 21610", async () => {
    const { id, sid, volunteer: v } = await sentSms("+491513333333");
    await twilioStatus(twilioRequest(`/api/webhooks/twilio/status?m=${id}`, { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "21610", To: v.phone! }));
    expect(await message(id)).toMatchObject({ status: "failed", lastError: "twilio undelivered 21610" });
    expect((await volunteer(v.id)).smsOptedOutAt).not.toBeNull();
  });

  it("refuses a wrong signature with 403 and changes nothing", async () => {
    const { id, sid } = await sentSms();
    const res = await twilioStatus(twilioRequest(`/api/webhooks/twilio/status?m=${id}`, { MessageSid: sid, MessageStatus: "failed" }, { token: "wrong-token" }));
    expect(res.status).toBe(403);
    expect((await message(id)).status).toBe("sent");
  });

  it("refuses a signature made for another message id (tampered URL) with 403", async () => {
    const { id, sid } = await sentSms();
    const good = twilioRequest(`/api/webhooks/twilio/status?m=${crypto.randomUUID()}`, { MessageSid: sid, MessageStatus: "failed" });
    const tampered = new Request(`http://localhost:3000/api/webhooks/twilio/status?m=${id}`, { method: "POST", headers: good.headers, body: await good.text() });
    expect((await twilioStatus(tampered)).status).toBe(403);
    expect((await message(id)).status).toBe("sent");
  });

  it("applies each callback once: the same signed callback again gets 403", async () => {
    const { id, sid } = await sentSms("+491512222223");
    const params = { MessageSid: sid, MessageStatus: "failed", ErrorCode: "30003" };
    expect((await twilioStatus(twilioRequest(`/api/webhooks/twilio/status?m=${id}`, params))).status).toBe(200);
    await t.db.update(s.messages).set({ status: "delivered" }).where(eq(s.messages.id, id));
    expect((await twilioStatus(twilioRequest(`/api/webhooks/twilio/status?m=${id}`, params))).status).toBe(403);
    expect((await message(id)).status).toBe("delivered");
  });

  it("answers 400 to a malformed callback and 200 to an unknown message", async () => {
    expect((await twilioStatus(twilioRequest(`/api/webhooks/twilio/status`, { MessageSid: "nonsense", MessageStatus: "delivered" }))).status).toBe(400);
    const unknown = await twilioStatus(twilioRequest(`/api/webhooks/twilio/status?m=${crypto.randomUUID()}`, { MessageSid: twilioSid(), MessageStatus: "delivered" }));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ ok: true, applied: false });
  });
});

describe("Twilio inbound SMS", () => {
  const inbound = (from: string, body: string, opts: { token?: string } = {}) =>
    twilioInbound(twilioRequest("/api/webhooks/twilio/inbound", { MessageSid: twilioSid(), From: from, To: "+4915790000000", Body: body }, opts));

  it.each(["STOP", "stopp", "Ende", "ENDE."])("stops SMS for the sender on %s and confirms in TwiML", async (word) => {
    const v = await insertVolunteer(t.db, { phone: "+491514444444" });
    const res = await inbound(v.phone!, word);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    expect(await res.text()).toContain("Sie bekommen keine SMS mehr");
    expect((await volunteer(v.id)).smsOptedOutAt).not.toBeNull();
  });

  it("turns SMS back on with START", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491514444445", smsOptedOutAt: new Date() });
    const res = await inbound(v.phone!, "Start");
    expect(await res.text()).toContain("SMS sind wieder eingeschaltet");
    expect((await volunteer(v.id)).smsOptedOutAt).toBeNull();
    const audit = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.sms_opted_in"));
    expect(audit).toHaveLength(1);
  });

  it("answers anything else with the short help text in the volunteer's language", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491514444446", locale: "en" });
    const res = await inbound(v.phone!, "what is this?");
    expect(await res.text()).toContain("Reply YES or NO");
  });

  it("answers JA through the signed webhook by accepting the sender's open invitation (requests module)", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491514444447" });
    const { invitations } = await insertRequestWithInvitations(t.db, { shortCode: "K7F", volunteerIds: [v.id] });
    const res = await inbound(v.phone!, "JA");
    expect(await res.text()).toContain("Danke! Sie sind dabei");
    expect((await t.db.select().from(s.invitations).where(eq(s.invitations.id, invitations[0].id)))[0].status).toBe("accepted");
  });

  it("refuses a replayed START (same MessageSid) with 403, so a later STOP stays in force", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491514444449", smsOptedOutAt: new Date() });
    const params = { MessageSid: twilioSid(), From: v.phone!, To: "+4915790000000", Body: "START" };
    expect((await twilioInbound(twilioRequest("/api/webhooks/twilio/inbound", params))).status).toBe(200);
    expect((await twilioInbound(twilioRequest("/api/webhooks/twilio/inbound", { ...params, MessageSid: twilioSid(), Body: "STOP" }))).status).toBe(200);
    const replay = await twilioInbound(twilioRequest("/api/webhooks/twilio/inbound", params));
    expect(replay.status).toBe(403);
    expect((await volunteer(v.id)).smsOptedOutAt).not.toBeNull();
  });

  it("refuses a forged inbound SMS with 403 and does not opt anyone out", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491514444448" });
    const res = await inbound(v.phone!, "STOP", { token: "forged" });
    expect(res.status).toBe(403);
    expect((await volunteer(v.id)).smsOptedOutAt).toBeNull();
  });

  it("answers 400 to an inbound SMS without a valid sender", async () => {
    const res = await twilioInbound(twilioRequest("/api/webhooks/twilio/inbound", { MessageSid: twilioSid(), From: "not-a-number", Body: "JA" }));
    expect(res.status).toBe(400);
  });
});

describe("webhook receipts", () => {
  it("forgets handled webhook ids after 90 days (scheduler job purge-webhook-receipts)", async () => {
    await t.db.insert(s.webhookReceipts).values([
      { provider: "purge-test", eventId: "old", receivedAt: new Date(Date.now() - 91 * 86400_000) },
      { provider: "purge-test", eventId: "recent", receivedAt: new Date(Date.now() - 89 * 86400_000) },
    ]);
    const { jobs } = await import("@/lib/scheduler");
    await jobs.find((j) => j.name === "purge-webhook-receipts")!.run(t.db, new Date());
    const left = await t.db.select().from(s.webhookReceipts).where(eq(s.webhookReceipts.provider, "purge-test"));
    expect(left.map((r) => r.eventId)).toEqual(["recent"]);
  });
});
