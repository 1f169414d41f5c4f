import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { POST as telegramRoute } from "@/app/api/webhooks/telegram/route";
import { POST as voiceAnswerRoute } from "@/app/api/webhooks/twilio/voice/answer/route";
import { POST as voiceCallRoute } from "@/app/api/webhooks/twilio/voice/call/route";
import { POST as whatsappRoute } from "@/app/api/webhooks/twilio/whatsapp/route";
import { resetConfigForTests } from "@/lib/config";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { grammyBotApi, resetBotApiForTests } from "@/lib/messaging/telegram/api";
import { twilioStatusCallbackUrl } from "@/lib/messaging/transports";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { TelegramTransport } from "@/lib/messaging/transports/telegram";
import { TwilioVoiceTransport } from "@/lib/messaging/transports/twilio-voice";
import { TwilioWhatsappTransport } from "@/lib/messaging/transports/twilio-whatsapp";
import { VOICE_CODE_KIND, voiceCallUrl, voiceStatusUrl } from "@/lib/messaging/voice/calls";
import { parseTemplateList } from "@/lib/messaging/whatsapp/templates";
import { createAndSendRequest } from "@/lib/requests/create";
import { respondToInvitation } from "@/lib/requests/respond";
import { telegramConnectLink } from "@/lib/volunteers/telegram";
import { whatsappConnectLink } from "@/lib/volunteers/whatsapp";
import { FakeTelegram, tgUpdate } from "../fakes/fake-telegram";
import { FakeTwilio } from "../fakes/fake-twilio";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { serveFake } from "../helpers/messaging";
import { activityByKey, coordinator, quietHoursOff, requestInput, volunteer } from "../helpers/requests";
import { TWILIO_AUTH_TOKEN, twilioRequest, twilioSid } from "../helpers/webhook-signing";

/**
 * Issue 18's race: one request, accepts arriving at once over every way of answering — the web
 * link, an SMS reply, the keypad of a call, a WhatsApp button and a Telegram button — each through
 * its real route and provider library against the fakes; never more than N accepted.
 */
const t = setupTestDatabase({ poolSize: 40 });
const twilioFake = serveFake(new FakeTwilio("AC" + "0123456789abcdef".repeat(2), TWILIO_AUTH_TOKEN), t);
const telegramFake = serveFake(new FakeTelegram(), t);
const SECRET = "telegram-webhook-secret-for-race-0123456789";
const WA_FROM = "+4930555000222";
const INVITE_TPL = `de=HX${"1".repeat(32)}`;
const MESSAGE_TPL = `de=HX${"2".repeat(32)}`;
const dev = new DevTransport(true);

beforeAll(() => {
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: twilioFake.accountSid,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM: "+4915790000000",
    TWILIO_VOICE_FROM: "+493012345678",
    TWILIO_WHATSAPP_FROM: WA_FROM,
    TWILIO_WHATSAPP_INVITATION_TEMPLATES: INVITE_TPL,
    TWILIO_WHATSAPP_MESSAGE_TEMPLATES: MESSAGE_TPL,
    TELEGRAM_BOT_TOKEN: telegramFake.token,
    TELEGRAM_BOT_USERNAME: "HelferrufRaceBot",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: telegramFake.apiRoot,
  });
  delete process.env.APP_URL;
  resetConfigForTests();
  resetBotApiForTests();
});

const transports = () => ({
  email: dev,
  sms: dev,
  voice: new TwilioVoiceTransport({ accountSid: twilioFake.accountSid, authToken: twilioFake.authToken, from: "+493012345678", baseUrl: twilioFake.url, timeoutMs: 5000, callUrl: (id) => voiceCallUrl(id), statusCallbackUrl: voiceStatusUrl, codeKind: VOICE_CODE_KIND }),
  whatsapp: new TwilioWhatsappTransport({
    accountSid: twilioFake.accountSid,
    authToken: twilioFake.authToken,
    from: WA_FROM,
    invitationTemplates: parseTemplateList(INVITE_TPL),
    messageTemplates: parseTemplateList(MESSAGE_TPL),
    baseUrl: twilioFake.url,
    timeoutMs: 5000,
    statusCallbackUrl: twilioStatusCallbackUrl,
    lastInboundAt: async () => null,
  }),
  telegram: new TelegramTransport({ api: grammyBotApi({ token: telegramFake.token, apiRoot: telegramFake.apiRoot, timeoutMs: 5000 }) }),
});
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
const postTelegram = (update: unknown) =>
  telegramRoute(new Request("http://localhost/api/webhooks/telegram", { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) }));
const postWhatsapp = (from: string, fields: Record<string, string>) =>
  whatsappRoute(twilioRequest("/api/webhooks/twilio/whatsapp", { MessageSid: twilioSid(), From: `whatsapp:${from}`, To: `whatsapp:${WA_FROM}`, Body: "", ...fields }));

describe.runIf(onPostgres())("exactly N across web, SMS, voice, WhatsApp and Telegram (PostgreSQL)", () => {
  it("accepts arriving at once on all five ways never exceed the seats, and every way got an answer", async () => {
    await quietHoursOff(t.db);
    const actor = await coordinator(t.db);
    const activity = await activityByKey(t.db);
    const base = { activities: [activity.id], contactPreference: "sms" as const, email: null, emailConfirmedAt: null };
    const web = [];
    const sms = [];
    const callers = [];
    const wa: { id: string; wa: string }[] = [];
    const tg: { id: string; chat: number }[] = [];
    for (let i = 0; i < 3; i++) {
      web.push(await volunteer(t.db, { activities: [activity.id] }));
      sms.push(await volunteer(t.db, { ...base, phone: `+4915300003${i}0`, phoneConfirmedAt: new Date() }));
      callers.push(await volunteer(t.db, { ...base, email: `anruf.${i}.${Date.now()}@example.org`, phone: null, voicePhone: `+4930222200${i}0`, voiceConfirmedAt: new Date() }));
      const w = await volunteer(t.db, { ...base, phone: `+4915300004${i}0`, phoneConfirmedAt: new Date() });
      const code = (await whatsappConnectLink(w.id, { db: t.db }))!.code;
      await postWhatsapp(`+4917644400${i}0`, { Body: `Helferruf ${code}` });
      wa.push({ id: w.id, wa: `+4917644400${i}0` });
      const g = await volunteer(t.db, { ...base, phone: `+4915300005${i}0`, phoneConfirmedAt: new Date() });
      const chat = 9_100_000 + i;
      await postTelegram(tgUpdate.text(chat, `/start ${new URL((await telegramConnectLink(g.id, { db: t.db }))!).searchParams.get("start")}`));
      tg.push({ id: g.id, chat });
    }
    const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { helpersNeeded: 4 }));
    if (!r.ok) throw new Error(JSON.stringify(r));
    await dispatchDueMessages(t.db, { transports: transports() });
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, r.requestId));
    const invOf = (volunteerId: string) => invs.find((i) => i.volunteerId === volunteerId)!;
    expect(invs).toHaveLength(15);
    // the calls are answered first (the TwiML with the Gather), then everyone presses at once
    expect(twilioFake.voiceCalls).toHaveLength(3);
    const gathers = [];
    for (const placed of twilioFake.voiceCalls) {
      const res = await voiceCallRoute(twilioRequest(pathOf(placed.url!), { CallSid: placed.sid, AccountSid: twilioFake.accountSid, From: "+493012345678", To: placed.to, CallStatus: "in-progress", AnsweredBy: "human" }));
      const action = (await res.text()).match(/<Gather[^>]*action="([^"]+)"/)![1].replace(/&amp;/g, "&");
      gathers.push({ sid: placed.sid, action });
    }
    expect(twilioFake.whatsapp.filter((m) => m.contentSid)).toHaveLength(3);
    const statuses = await Promise.all([
      ...web.map((v) => respondToInvitation(t.db, { tokenHash: invOf(v.id).tokenHash, answer: "accept", via: "web" }).then(() => 200)),
      ...sms.map((v) => handleInboundSms(t.db, { from: v.phone!, body: "JA" }, smsAnswerHandler).then(() => 200)),
      ...gathers.map((g) => voiceAnswerRoute(twilioRequest(pathOf(g.action), { CallSid: g.sid, AccountSid: twilioFake.accountSid, Digits: "1" })).then((x) => x.status)),
      ...wa.map((v) => postWhatsapp(v.wa, { ButtonPayload: `a:${invOf(v.id).id}` }).then((x) => x.status)),
      ...tg.map((v) => postTelegram(tgUpdate.press(v.chat, telegramFake.to(v.chat).find((m) => m.keyboard)!, `a:${invOf(v.id).id}`)).then((x) => x.status)),
    ]);
    expect(statuses.every((x) => x === 200)).toBe(true);
    const after = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, r.requestId));
    const accepted = after.filter((i) => i.status === "accepted");
    expect(accepted).toHaveLength(4);
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, r.requestId)))[0]).toMatchObject({ acceptedCount: 4, status: "filled" });
    // every Telegram press was answered; the declined rest were told "filled" on their own way
    expect(telegramFake.callbackAnswers).toHaveLength(3);
    expect(after.filter((i) => i.respondedVia && i.status !== "accepted").length + accepted.length).toBeLessThanOrEqual(15);
  });
});
