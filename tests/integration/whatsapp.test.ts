import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { POST as inboundRoute } from "@/app/api/webhooks/twilio/whatsapp/route";
import { POST as statusRoute } from "@/app/api/webhooks/twilio/status/route";
import { resetConfigForTests } from "@/lib/config";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { twilioStatusCallbackUrl } from "@/lib/messaging/transports";
import { TwilioWhatsappTransport } from "@/lib/messaging/transports/twilio-whatsapp";
import { parseTemplateList } from "@/lib/messaging/whatsapp/templates";
import { cancelRequest } from "@/lib/requests/manage";
import { createAndSendRequest } from "@/lib/requests/create";
import { respondToInvitation } from "@/lib/requests/respond";
import { responseFunnel, type ReportScope } from "@/lib/reports/figures";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { exportVolunteerData } from "@/lib/volunteers/export";
import { INSTANT_ORDERS, instantChannelOf, instantSlotSql } from "@/lib/volunteers/channels";
import { channelOrderInput, loadChannelOrderView, setChannelOrder } from "@/lib/volunteers/channel-order";
import { disconnectWhatsapp, loadWhatsappView, setWhatsappStopped, whatsappConnectLink } from "@/lib/volunteers/whatsapp";
import { FakeTwilio } from "../fakes/fake-twilio";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { serveFake } from "../helpers/messaging";
import { responseFunnel as oracleResponseFunnel } from "../helpers/report-oracle";
import { activityByKey, coordinator, quietHoursOff, requestInput, volunteer, type VolunteerSpec } from "../helpers/requests";
import { TWILIO_AUTH_TOKEN, twilioRequest, twilioSid } from "../helpers/webhook-signing";

/**
 * WhatsApp (issue 18) through the real Twilio SDK against the local fake of the Messages API
 * (templates by ContentSid with ContentVariables, free text only in the 24-hour session), and
 * WhatsApp's side played by signed webhook POSTs as Twilio sends them: the connect code, button
 * taps (ButtonPayload, OriginalRepliedMessageSid), JA / NEIN, STOP / START, status callbacks.
 */
const t = setupTestDatabase({ poolSize: 30 });
const fake = serveFake(new FakeTwilio("AC" + "0123456789abcdef".repeat(2), TWILIO_AUTH_TOKEN), t);
const SENDER = "+4930555000111";
const hx = (n: number) => "HX" + String(n).repeat(32).slice(0, 32);
const INVITATION_TEMPLATES = `de=${hx(1)},en=${hx(2)},uk=${hx(3)}`;
const MESSAGE_TEMPLATES = `de=${hx(4)},en=${hx(5)}`;
const dev = new DevTransport(true);
const whatsapp = () =>
  new TwilioWhatsappTransport({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: SENDER,
    invitationTemplates: parseTemplateList(INVITATION_TEMPLATES),
    messageTemplates: parseTemplateList(MESSAGE_TEMPLATES),
    baseUrl: fake.url,
    timeoutMs: 5000,
    statusCallbackUrl: twilioStatusCallbackUrl,
    lastInboundAt: async (id) => (await t.db.select({ at: s.volunteers.whatsappLastInboundAt }).from(s.volunteers).where(eq(s.volunteers.id, id)))[0]?.at ?? null,
  });
const dispatch = (now?: Date) => dispatchDueMessages(t.db, { transports: { email: dev, sms: dev, whatsapp: whatsapp() }, now });

beforeAll(() => {
  process.env.TWILIO_ACCOUNT_SID = fake.accountSid;
  process.env.TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN;
  process.env.TWILIO_FROM = "+4915790000000";
  process.env.TWILIO_WHATSAPP_FROM = SENDER;
  process.env.TWILIO_WHATSAPP_INVITATION_TEMPLATES = INVITATION_TEMPLATES;
  process.env.TWILIO_WHATSAPP_MESSAGE_TEMPLATES = MESSAGE_TEMPLATES;
  delete process.env.APP_URL;
  resetConfigForTests();
});

/** A message from a WhatsApp number to our sender, signed as Twilio signs it. */
function inbound(from: string, fields: Record<string, string>, opts: { sid?: string; signature?: string } = {}) {
  return inboundRoute(twilioRequest("/api/webhooks/twilio/whatsapp", { MessageSid: opts.sid ?? twilioSid(), AccountSid: fake.accountSid, From: `whatsapp:${from}`, To: `whatsapp:${SENDER}`, Body: "", ...fields }, { signature: opts.signature }));
}
/** The text of the TwiML reply. */
async function replyOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const xml = await res.text();
  return /<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1].replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&apos;/g, "'") ?? "";
}

let numbers = 0;
/** A volunteer with a confirmed mobile (SMS) who connected WhatsApp (unless `connect: false`) by sending the profile's code. */
async function whatsappUser(activityId: string, opts: { connect?: boolean; spec?: VolunteerSpec; waNumber?: string } = {}) {
  const i = String(++numbers).padStart(4, "0");
  const v = await volunteer(t.db, { activities: [activityId], contactPreference: "both", phone: `+4915122${i}00`, phoneConfirmedAt: new Date(), ...opts.spec });
  const wa = opts.waNumber ?? `+4917633${i}00`;
  if (opts.connect !== false) {
    const link = (await whatsappConnectLink(v.id, { db: t.db }))!;
    const text = new URL(link.url).searchParams.get("text")!;
    await replyOf(await inbound(wa, { Body: text }));
  }
  return { ...v, wa };
}

async function request(over: Record<string, unknown> = {}) {
  await quietHoursOff(t.db);
  const actor = await coordinator(t.db);
  const activity = await activityByKey(t.db);
  return {
    actor,
    activity,
    send: async () => {
      const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { helpersNeeded: 2, ...over }));
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.requestId;
    },
  };
}

const volunteerRow = async (id: string) => (await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, id)))[0];
const invitationOf = async (requestId: string, volunteerId: string) =>
  (await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.volunteerId, volunteerId))))[0];
const sentTo = (wa: string) => fake.whatsapp.filter((m) => m.to === wa);

describe("connecting WhatsApp", () => {
  it("binds the number only by the profile's one-time code sent from it; a used or unknown code binds nothing", async () => {
    const { activity } = await request();
    const v = await volunteer(t.db, { activities: [activity.id], locale: "en" });
    const link = (await whatsappConnectLink(v.id, { db: t.db }))!;
    expect(link.url).toMatch(/^https:\/\/wa\.me\/4930555000111\?text=Helferruf%20[A-Za-z0-9_-]{43}$/);
    expect(await loadWhatsappView(v.id, t.db)).toMatchObject({ connected: false, stopped: false });

    // someone who never connected: the instructions, nothing else
    expect(await replyOf(await inbound("+4917600000001", { Body: "Hallo" }))).toContain("Mit WhatsApp verbinden");
    expect(await replyOf(await inbound("+4917600000001", { Body: `Helferruf ${link.code}` }))).toContain("Connected! Requests from Helferkreis Musterstadt");
    expect(await volunteerRow(v.id)).toMatchObject({ whatsappPhone: "+4917600000001", whatsappOptedOutAt: null, reachWhatsapp: true });
    expect((await volunteerRow(v.id)).whatsappLastInboundAt).not.toBeNull();

    // the code is used up: another number cannot take the volunteer over with it
    expect(await replyOf(await inbound("+4917600000002", { Body: `Helferruf ${link.code}` }))).toContain("Dieser Code ist abgelaufen");
    expect(await replyOf(await inbound("+4917600000002", { Body: `Helferruf ${"x".repeat(43)}` }))).toContain("Dieser Code ist abgelaufen");
    expect((await volunteerRow(v.id)).whatsappPhone).toBe("+4917600000001");
    const audit = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.objectId, v.id));
    expect(audit.map((a) => a.action)).toContain("volunteer.whatsapp_connected");
    // we wrote nothing through the API: every answer was the webhook's reply
    expect(fake.whatsapp).toHaveLength(0);
  });

  it("refuses a bad signature (403) and malformed messages (400), answers a replayed one 403, and changes nothing", async () => {
    const { activity } = await request();
    const v = await volunteer(t.db, { activities: [activity.id] });
    const { code } = (await whatsappConnectLink(v.id, { db: t.db }))!;
    expect((await inbound("+4917600000003", { Body: `Helferruf ${code}` }, { signature: "bad" })).status).toBe(403);
    const unsigned = new Request("http://localhost:3000/api/webhooks/twilio/whatsapp", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `From=whatsapp:%2B4917600000003&Body=Helferruf+${code}` });
    expect((await inboundRoute(unsigned)).status).toBe(403);
    const wrongFrom = twilioRequest("/api/webhooks/twilio/whatsapp", { MessageSid: twilioSid(), From: "+4917600000003", Body: `Helferruf ${code}` });
    expect((await inboundRoute(wrongFrom)).status).toBe(400);
    expect((await volunteerRow(v.id)).whatsappPhone).toBeNull();
    const sid = twilioSid();
    await replyOf(await inbound("+4917600000003", { Body: `Helferruf ${code}` }, { sid }));
    expect((await inbound("+4917600000003", { Body: "STOP" }, { sid })).status).toBe(403);
    expect((await volunteerRow(v.id)).whatsappOptedOutAt).toBeNull();
  });
});

describe("a request by WhatsApp", () => {
  it("goes as the approved invitation template (per language) instead of SMS, with button ids naming the invitation; delivery comes back by status callback", async () => {
    const { activity, send } = await request({ place: "Rathaus,\nEingang B" });
    const me = await whatsappUser(activity.id, { spec: { locale: "uk" } });
    const smsOnly = await volunteer(t.db, { activities: [activity.id], contactPreference: "sms", email: null, emailConfirmedAt: null, phone: "+4915199990001", phoneConfirmedAt: new Date() });
    const requestId = await send();
    const msgs = await t.db.select().from(s.messages).where(eq(s.messages.requestId, requestId));
    expect(msgs.filter((m) => m.volunteerId === me.id).map((m) => m.channel).sort()).toEqual(["email", "whatsapp"]);
    expect(msgs.filter((m) => m.volunteerId === smsOnly.id).map((m) => m.channel)).toEqual(["sms"]);
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    const [sent] = sentTo(me.wa);
    expect(sent).toMatchObject({ from: SENDER, contentSid: hx(3), body: undefined });
    expect(sent.contentVariables).toEqual({ "1": expect.stringMatching(/\/r\/[A-Za-z0-9_-]{22}/), "2": `a:${inv.id}`, "3": `d:${inv.id}` });
    expect(sent.contentVariables!["1"]).not.toMatch(/\n/);
    const row = (await t.db.select().from(s.messages).where(and(eq(s.messages.invitationId, inv.id), eq(s.messages.channel, "whatsapp"))))[0];
    expect(row).toMatchObject({ status: "sent", providerId: sent.sid, transport: "twilio-whatsapp" });
    expect(sent.statusCallback).toBe(`http://localhost:3000/api/webhooks/twilio/status?m=${row.id}`);
    const res = await statusRoute(twilioRequest(`/api/webhooks/twilio/status?m=${row.id}`, { MessageSid: sent.sid, MessageStatus: "read", To: `whatsapp:${me.wa}` }));
    expect(res.status).toBe(200);
    expect((await t.db.select().from(s.messages).where(eq(s.messages.id, row.id)))[0].status).toBe("delivered");
  });

  it("a button tap accepts through the exactly-N path (via whatsapp); the confirmation comes as free text in the open window, later messages as the message template", async () => {
    const { activity, actor, send } = await request();
    const me = await whatsappUser(activity.id, { spec: { email: null, emailConfirmedAt: null } });
    const requestId = await send();
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    const [invitation] = sentTo(me.wa);
    fake.whatsappSessions.add(me.wa);
    const reply = await replyOf(await inbound(me.wa, { Body: "Zusagen", ButtonText: "Zusagen", ButtonPayload: `a:${inv.id}`, OriginalRepliedMessageSid: invitation.sid }));
    expect(reply).toContain("Sie sind dabei");
    expect(await invitationOf(requestId, me.id)).toMatchObject({ status: "accepted", respondedVia: "whatsapp" });
    await dispatch();
    const confirmation = sentTo(me.wa).at(-1)!;
    expect(confirmation.contentSid).toBeUndefined();
    expect(confirmation.body).toContain("Fahrt zur Ausländerbehörde");
    expect((await t.db.select().from(s.messages).where(and(eq(s.messages.invitationId, inv.id), eq(s.messages.kind, "confirmation"))))[0]).toMatchObject({ channel: "whatsapp", status: "sent" });

    // two days later the window is closed: the cancellation goes as the message template
    fake.whatsappSessions.clear();
    await t.db.update(s.volunteers).set({ whatsappLastInboundAt: new Date(Date.now() - 48 * 3_600_000) }).where(eq(s.volunteers.id, me.id));
    const cancelled = await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: "Termin verschoben" });
    expect(cancelled.ok).toBe(true);
    await dispatch();
    const notice = sentTo(me.wa).at(-1)!;
    expect(notice).toMatchObject({ contentSid: hx(4), body: undefined });
    expect(notice.contentVariables!["1"]).toContain("Termin verschoben");

    // a later tap on the old buttons: calm, nothing changes
    expect(await replyOf(await inbound(me.wa, { ButtonText: "Absagen", ButtonPayload: `d:${inv.id}` }))).toMatch(/abgesagt|nicht mehr|nicht eingeplant/);
    expect((await invitationOf(requestId, me.id)).status).toBe("accepted");
  });

  it("fixed button ids ('accept' / 'decline') answer the invitation of the message replied to; foreign numbers and unknown payloads get 'no longer current'", async () => {
    const { activity, send } = await request();
    const me = await whatsappUser(activity.id);
    const other = await whatsappUser(activity.id, { spec: { activities: [] } });
    const requestId = await send();
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    const [invitation] = sentTo(me.wa);
    expect(await replyOf(await inbound(other.wa, { ButtonPayload: `a:${inv.id}` }))).toBe("Diese Anfrage ist nicht mehr aktuell.");
    expect(await replyOf(await inbound(me.wa, { ButtonPayload: "a:not-a-uuid" }))).toBe("Diese Anfrage ist nicht mehr aktuell.");
    expect(await replyOf(await inbound(me.wa, { ButtonPayload: "accept", OriginalRepliedMessageSid: twilioSid() }))).toBe("Diese Anfrage ist nicht mehr aktuell.");
    expect((await invitationOf(requestId, me.id)).status).toBe("pending");
    expect(await replyOf(await inbound(me.wa, { ButtonPayload: "decline", ButtonText: "Absagen", OriginalRepliedMessageSid: invitation.sid }))).toContain("nicht eingeplant");
    expect(await invitationOf(requestId, me.id)).toMatchObject({ status: "declined", respondedVia: "whatsapp" });
  });

  it("JA typed in WhatsApp answers like an SMS; STOP stops WhatsApp (queued messages cancelled, SMS takes over), START resumes", async () => {
    const { activity, send } = await request();
    const me = await whatsappUser(activity.id);
    const requestId = await send();
    await dispatch();
    expect(await replyOf(await inbound(me.wa, { Body: "ja" }))).toContain("Sie sind dabei");
    expect(await invitationOf(requestId, me.id)).toMatchObject({ status: "accepted", respondedVia: "whatsapp" });

    expect(await replyOf(await inbound(me.wa, { Body: "STOP" }))).toContain("keine Nachrichten mehr");
    expect(await volunteerRow(me.id)).toMatchObject({ reachWhatsapp: false, smsOptedOutAt: null });
    const queuedBefore = await t.db.select().from(s.messages).where(and(eq(s.messages.volunteerId, me.id), eq(s.messages.channel, "whatsapp"), eq(s.messages.status, "queued")));
    expect(queuedBefore).toHaveLength(0);
    // the next request goes by SMS again
    const next = await send();
    const channels = (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, next), eq(s.messages.volunteerId, me.id)))).map((m) => m.channel).sort();
    expect(channels).toEqual(["email", "sms"]);
    expect(await replyOf(await inbound(me.wa, { Body: "START" }))).toContain("wieder eingeschaltet");
    expect((await volunteerRow(me.id)).reachWhatsapp).toBe(true);
  });

  it("the dispatcher re-checks the stop before sending, and a number WhatsApp refuses (63024) stops the channel", async () => {
    const { activity, send } = await request();
    const me = await whatsappUser(activity.id);
    const gone = await whatsappUser(activity.id);
    const requestId = await send();
    // stopped after queueing, before the dispatcher ran
    await t.db.update(s.volunteers).set({ whatsappOptedOutAt: new Date() }).where(eq(s.volunteers.id, me.id));
    fake.notOnWhatsapp.add(gone.wa);
    await dispatch();
    expect(sentTo(me.wa)).toHaveLength(0);
    const mine = (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.volunteerId, me.id), eq(s.messages.channel, "whatsapp"))))[0];
    expect(mine).toMatchObject({ status: "cancelled", lastError: "recipient stopped WhatsApp" });
    const theirs = (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.volunteerId, gone.id), eq(s.messages.channel, "whatsapp"))))[0];
    expect(theirs.status).toBe("failed");
    expect((await volunteerRow(gone.id)).reachWhatsapp).toBe(false);
  });

  it("profile stop, resume and disconnect; export names the number; erasure removes it", async () => {
    const { activity } = await request();
    const me = await whatsappUser(activity.id);
    expect(await setWhatsappStopped(me.id, true, { db: t.db })).toBe(true);
    expect(await loadWhatsappView(me.id, t.db)).toMatchObject({ connected: true, stopped: true, phone: me.wa });
    expect(await setWhatsappStopped(me.id, false, { db: t.db })).toBe(true);
    const data = await exportVolunteerData(me.id, t.db);
    expect(JSON.stringify(data)).toContain(me.wa);
    expect(await disconnectWhatsapp(me.id, { db: t.db })).toBe(true);
    expect(await volunteerRow(me.id)).toMatchObject({ whatsappPhone: null, reachWhatsapp: false });
    // erasure: the connected number goes with the record
    const again = await whatsappUser(activity.id);
    expect(await eraseVolunteer(again.id, { db: t.db })).toEqual({ ok: true });
    expect(await t.db.select().from(s.volunteers).where(eq(s.volunteers.whatsappPhone, again.wa))).toHaveLength(0);
  });

  it("the reports' funnel counts WhatsApp as a channel of its own, as the raw rows say", async () => {
    const { activity, actor, send } = await request();
    const me = await whatsappUser(activity.id);
    const requestId = await send();
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    await replyOf(await inbound(me.wa, { ButtonPayload: `a:${inv.id}` }));
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
    const scope = { organizationId: org.id, timeZone: org.timeZone, now: new Date(), params: { period: { kind: "custom" as const, from: "2000-01-01", to: "2099-12-31" }, activityId: null, minAsked: 1 } } as unknown as ReportScope;
    const funnel = await responseFunnel(t.db, scope);
    const row = funnel.find((r) => r.channel === "whatsapp")!;
    expect(row.asked).toBeGreaterThanOrEqual(1);
    expect(row.yes).toBeGreaterThanOrEqual(1);
    expect(funnel).toEqual(await oracleResponseFunnel(t.db, scope));
  });
});

describe("the volunteer's order of the phone channels", () => {
  it("sends the SMS slot to the first usable channel of the order the volunteer chose; the next steps in after a stop", async () => {
    const { activity, send } = await request();
    // SMS confirmed, WhatsApp connected by code, Telegram bound (as the bot would); no e-mail, so follow-ups take the phone slot
    const me = await whatsappUser(activity.id, { spec: { email: null, emailConfirmedAt: null } });
    await t.db.update(s.volunteers).set({ telegramChatId: "8800001", telegramConnectedAt: new Date() }).where(eq(s.volunteers.id, me.id));
    const slotOf = async (requestId: string) =>
      (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.volunteerId, me.id)))).map((m) => m.channel).filter((c) => c !== "email");

    expect(await loadChannelOrderView(me.id, t.db)).toEqual({ usable: ["telegram", "whatsapp", "sms"], first: "telegram", current: "telegram" });
    expect(await slotOf(await send())).toEqual(["telegram"]);

    expect(await setChannelOrder(me.id, "sms", { db: t.db })).toBe(true);
    expect((await volunteerRow(me.id)).instantOrder).toBe("stw");
    const bySms = await send();
    expect(await slotOf(bySms)).toEqual(["sms"]);

    await setChannelOrder(me.id, "whatsapp", { db: t.db });
    expect(await loadChannelOrderView(me.id, t.db)).toMatchObject({ usable: ["whatsapp", "telegram", "sms"], current: "whatsapp" });
    const byWhatsapp = await send();
    expect(await slotOf(byWhatsapp)).toEqual(["whatsapp"]);
    // follow-ups take the same way: the confirmation of an accept on the SMS-asked request comes by WhatsApp now
    const inv = await invitationOf(bySms, me.id);
    expect((await respondToInvitation(t.db, { invitationId: inv.id, answer: "accept", via: "web" })).ok).toBe(true);
    const confirmation = (await t.db.select().from(s.messages).where(and(eq(s.messages.invitationId, inv.id), eq(s.messages.kind, "confirmation")))).map((m) => m.channel).sort();
    expect(confirmation).toEqual(["whatsapp"]);

    // WhatsApp stopped: the next in the order (Telegram) takes over
    await setWhatsappStopped(me.id, true, { db: t.db });
    expect(await slotOf(await send())).toEqual(["telegram"]);
    const audit = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.objectId, me.id));
    expect(audit.filter((a) => a.action === "volunteer.channel_order_changed")).toHaveLength(2);
  });

  it("the rule in SQL (instantSlotSql) and in TypeScript (instantChannelOf) agree for every order and every reach", async () => {
    for (const order of INSTANT_ORDERS) {
      for (let bits = 0; bits < 8; bits++) {
        const reach = { telegram: !!(bits & 1), whatsapp: !!(bits & 2), sms: !!(bits & 4) };
        const lit = (b: boolean) => sql.raw(b ? "true" : "false");
        const slot = instantSlotSql(lit(reach.sms), lit(reach.telegram), lit(reach.whatsapp), sql`${order}::text`);
        const [row] = (await t.db.execute(sql`select ${slot.smsOk} as sms, ${slot.telegramOk} as telegram, ${slot.whatsappOk} as whatsapp`)).rows as { sms: boolean; telegram: boolean; whatsapp: boolean }[];
        const expected = instantChannelOf(order, reach);
        expect({ order, reach, chosen: (["telegram", "whatsapp", "sms"] as const).filter((c) => row[c]) }).toEqual({ order, reach, chosen: expected ? [expected] : [] });
      }
    }
  });

  it("refuses an order that is not one of the phone channels", () => {
    expect(channelOrderInput.safeParse({ first: "email" }).success).toBe(false);
    expect(channelOrderInput.safeParse({ first: "sms" }).success).toBe(true);
  });
});

describe.runIf(onPostgres())("exactly N across web, SMS and WhatsApp (PostgreSQL)", () => {
  it("accepts arriving at once over web links, SMS replies, WhatsApp buttons and typed JA never exceed the seats", async () => {
    const { activity, send } = await request({ helpersNeeded: 3 });
    const web = [];
    const sms = [];
    const wa = [];
    for (let i = 0; i < 3; i++) web.push(await volunteer(t.db, { activities: [activity.id] }));
    for (let i = 0; i < 3; i++) sms.push(await volunteer(t.db, { activities: [activity.id], contactPreference: "sms", email: null, emailConfirmedAt: null, phone: `+4915300002${i}0`, phoneConfirmedAt: new Date() }));
    for (let i = 0; i < 6; i++) wa.push(await whatsappUser(activity.id));
    const requestId = await send();
    await dispatch();
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    const invOf = (id: string) => invs.find((i) => i.volunteerId === id)!;
    const results = await Promise.all([
      ...web.map((v) => respondToInvitation(t.db, { tokenHash: invOf(v.id).tokenHash, answer: "accept", via: "web" })),
      ...sms.map((v) => handleInboundSms(t.db, { from: v.phone!, body: "JA" }, smsAnswerHandler)),
      ...wa.map((v, i) => (i % 2 ? inbound(v.wa, { ButtonPayload: `a:${invOf(v.id).id}` }) : inbound(v.wa, { Body: "JA" })).then((r) => r.status)),
    ]);
    expect(results.filter((r) => r === 500)).toHaveLength(0);
    const after = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(after.filter((i) => i.status === "accepted")).toHaveLength(3);
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, requestId)))[0]).toMatchObject({ acceptedCount: 3, status: "filled" });
  });
});
