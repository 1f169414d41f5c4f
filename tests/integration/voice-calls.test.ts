import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { POST as answerRoute } from "@/app/api/webhooks/twilio/voice/answer/route";
import { POST as callRoute } from "@/app/api/webhooks/twilio/voice/call/route";
import { POST as statusRoute } from "@/app/api/webhooks/twilio/voice/status/route";
import { resetConfigForTests } from "@/lib/config";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { TwilioVoiceTransport } from "@/lib/messaging/transports/twilio-voice";
import { VOICE_CODE_KIND, voiceCallUrl, voiceStatusUrl } from "@/lib/messaging/voice/calls";
import { createAndSendRequest } from "@/lib/requests/create";
import { respondToInvitation } from "@/lib/requests/respond";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { confirmVoiceCode, setVoiceNumber } from "@/lib/volunteers/voice";
import { FakeTwilio } from "../fakes/fake-twilio";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { serveFake } from "../helpers/messaging";
import { activityByKey, coordinator, quietHoursOff, requestInput, volunteer, type VolunteerSpec } from "../helpers/requests";
import { TWILIO_AUTH_TOKEN, twilioRequest } from "../helpers/webhook-signing";

/**
 * Voice calls (issue 18) through the real twilio SDK against the local fake (calls.create
 * recorded), and Twilio's side of the call played by signed webhook requests to our routes, as
 * Twilio sends them: the TwiML fetch when answered, the Gather's Digits, the status callbacks.
 */
const t = setupTestDatabase({ poolSize: 30 });
const fake = serveFake(new FakeTwilio("AC" + "0123456789abcdef".repeat(2), TWILIO_AUTH_TOKEN), t);
const dev = new DevTransport(true);
const voice = () =>
  new TwilioVoiceTransport({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: "+493012345678",
    baseUrl: fake.url,
    timeoutMs: 5000,
    callUrl: (id) => voiceCallUrl(id),
    statusCallbackUrl: voiceStatusUrl,
    codeKind: VOICE_CODE_KIND,
  });
const dispatch = (now?: Date) => dispatchDueMessages(t.db, { transports: { email: dev, sms: dev, voice: voice() }, now });

beforeAll(() => {
  process.env.TWILIO_ACCOUNT_SID = fake.accountSid;
  process.env.TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN;
  process.env.TWILIO_FROM = "+4915790000000";
  process.env.TWILIO_VOICE_FROM = "+493012345678";
  process.env.VOICE_RETRY_DELAY_MINUTES = "30";
  delete process.env.APP_URL;
  resetConfigForTests();
});

let n = 0;
/** Reached only by a call: a confirmed landline, the e-mail address never confirmed. */
const caller = (activityId: string, over: VolunteerSpec = {}) =>
  volunteer(t.db, { activities: [activityId], emailConfirmedAt: null, voicePhone: `+49301111${String(++n).padStart(4, "0")}`, voiceConfirmedAt: new Date(), ...over });

/** A request to `callers` volunteers reached only by calls; quiet hours off unless `quietHours` (the suite runs at any hour). */
async function callRequest(opts: { helpersNeeded?: number; callers?: number; over?: Record<string, unknown>; spec?: VolunteerSpec; quietHours?: boolean } = {}) {
  if (!opts.quietHours) await quietHoursOff(t.db);
  const actor = await coordinator(t.db);
  const activity = await activityByKey(t.db);
  const vols = [];
  for (let i = 0; i < (opts.callers ?? 1); i++) vols.push(await caller(activity.id, opts.spec));
  const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { helpersNeeded: opts.helpersNeeded ?? 2, ...opts.over }));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { requestId: r.requestId, volunteers: vols, activityId: activity.id, actor };
}

const callsOf = (requestId: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.channel, "voice")));
const invitationOf = async (requestId: string, volunteerId: string) =>
  (await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.volunteerId, volunteerId))))[0];
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Twilio answering the call: fetches the TwiML (POST, signed) with what the AMD found. */
async function answer(callUrl: string, sid: string, answeredBy = "human") {
  const res = await callRoute(twilioRequest(pathOf(callUrl), { CallSid: sid, AccountSid: fake.accountSid, From: "+493012345678", To: "+4930", CallStatus: "in-progress", AnsweredBy: answeredBy }));
  return { status: res.status, xml: await res.text() };
}

/** The Gather's action with the digit pressed (the action URL is taken from the TwiML, as Twilio does). */
async function press(xml: string, sid: string, digits: string) {
  const action = xml.match(/<Gather[^>]*action="([^"]+)"/)![1].replace(/&amp;/g, "&");
  const res = await answerRoute(twilioRequest(pathOf(action), { CallSid: sid, AccountSid: fake.accountSid, Digits: digits }));
  return { status: res.status, xml: await res.text() };
}

async function placedCall(opts: Parameters<typeof callRequest>[0] = {}) {
  const req = await callRequest(opts);
  await dispatch();
  const placed = fake.voiceCalls.at(-1)!;
  return { ...req, placed };
}

describe("an invitation by phone call", () => {
  it("calls only volunteers whose only way is a call, through calls.create with answering-machine detection and a status callback", async () => {
    const activity = await activityByKey(t.db);
    const mailer = await volunteer(t.db, { activities: [activity.id], voicePhone: "+493099999999", voiceConfirmedAt: new Date() });
    const { requestId, volunteers } = await callRequest();
    const calls = await callsOf(requestId);
    expect(calls.map((c) => c.volunteerId)).toEqual([volunteers[0].id]);
    expect(calls.find((c) => c.volunteerId === mailer.id)).toBeUndefined();
    // the record of what it says
    expect(calls[0].body).toContain("Fahrt zur Ausländerbehörde");
    expect(calls[0].body).toContain("drücken Sie die 1");

    await dispatch();
    expect(fake.voiceCalls).toHaveLength(1);
    const [placed] = fake.voiceCalls;
    expect(placed).toMatchObject({ to: volunteers[0].voicePhone, from: "+493012345678", machineDetection: "Enable", method: "POST" });
    expect(placed.url).toBe(voiceCallUrl(calls[0].id));
    expect(placed.statusCallback).toBe(voiceStatusUrl(calls[0].id));
    expect(placed.statusCallbackEvents).toEqual(["initiated", "completed"]);
    const [after] = await callsOf(requestId);
    expect(after).toMatchObject({ status: "sent", providerId: placed.sid });
  });

  it("a request limited to e-mail or SMS never calls", async () => {
    const { requestId } = await callRequest({ over: { channels: "sms" } });
    expect(await callsOf(requestId)).toHaveLength(0);
  });

  it("reads the request in the volunteer's language and 1 accepts through the exactly-N path (via voice)", async () => {
    const { requestId, volunteers, placed } = await placedCall({ helpersNeeded: 3 });
    const call = await answer(placed.url!, placed.sid);
    expect(call.status).toBe(200);
    expect(call.xml).toMatch(/<Gather[^>]*input="dtmf"[^>]*numDigits="1"/);
    expect(call.xml).toContain('voice="Polly.Vicki-Neural"');
    expect(call.xml).toContain('language="de-DE"');
    expect(call.xml).toContain("Fahrt zur Ausländerbehörde");
    expect(call.xml).toContain("Es werden noch 3 Personen gebraucht");

    const res = await press(call.xml, placed.sid, "1");
    expect(res.xml).toContain("Sie sind dabei");
    expect(res.xml).toContain("<Hangup/>");
    expect(await invitationOf(requestId, volunteers[0].id)).toMatchObject({ status: "accepted", respondedVia: "voice" });
    expect((await requestRow(requestId)).acceptedCount).toBe(1);
  });

  it("speaks English, Turkish, Russian and Arabic with their Polly voices; Ukrainian falls back to the configured language", async () => {
    for (const [locale, voiceName, text] of [
      ["en", "Polly.Amy-Neural", "press 1"],
      ["tr", "Polly.Filiz", "1&apos;e basın"],
      ["ru", "Polly.Tatyana", "нажмите 1"],
      ["ar", "Polly.Zeina", "اضغط 1"],
      ["uk", "Polly.Vicki-Neural", "drücken Sie die 1"],
    ] as const) {
      fake.reset();
      const { volunteers } = await placedCall({ spec: { locale } });
      const placed = fake.voiceCalls.find((c) => c.to === volunteers[0].voicePhone)!;
      const call = await answer(placed.url!, placed.sid);
      expect(call.xml, locale).toContain(`voice="${voiceName}"`);
      expect(call.xml.replace(/'/g, "&apos;"), locale).toContain(text);
    }
  });

  it("tells a caller who presses 1 after the request filled that enough helpers said yes", async () => {
    const activity = await activityByKey(t.db);
    const web = await volunteer(t.db, { activities: [activity.id] });
    const { requestId, volunteers, placed } = await placedCall({ helpersNeeded: 1, callers: 1 });
    const call = await answer(placed.url!, placed.sid);
    // someone else takes the only seat over the web while the call runs
    const inv = await invitationOf(requestId, web.id);
    expect((await respondToInvitation(t.db, { invitationId: inv.id, answer: "accept", via: "web" })).ok).toBe(true);
    const res = await press(call.xml, placed.sid, "1");
    expect(res.xml).toContain("Es haben schon genug Helferinnen und Helfer zugesagt");
    expect((await requestRow(requestId)).acceptedCount).toBe(1);
    expect((await invitationOf(requestId, volunteers[0].id)).status).not.toBe("accepted");
  });

  it("2 declines, 9 repeats the request, and a replayed Digits callback gives no second answer", async () => {
    const { requestId, volunteers, placed } = await placedCall();
    const call = await answer(placed.url!, placed.sid);
    const again = await press(call.xml, placed.sid, "9");
    expect(again.xml).toContain("Fahrt zur Ausländerbehörde");
    const declined = await press(again.xml, placed.sid, "2");
    expect(declined.xml).toContain("Vielen Dank für Ihre Antwort");
    expect((await invitationOf(requestId, volunteers[0].id)).status).toBe("declined");
    // the same callback again (a replay with a valid signature), now saying 1
    const replay = await press(call.xml, placed.sid, "1");
    expect(replay.xml).toContain("Ihre Antwort ist schon bei uns angekommen");
    expect((await invitationOf(requestId, volunteers[0].id)).status).toBe("declined");
    expect((await requestRow(requestId)).acceptedCount).toBe(0);
  });

  it("0 stops calls: the flag is set, queued calls are cancelled, no further request calls", async () => {
    const { volunteers, placed, activityId, actor } = await placedCall();
    const call = await answer(placed.url!, placed.sid);
    const res = await press(call.xml, placed.sid, "0");
    expect(res.xml).toContain("keine Anrufe mehr");
    const [v] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, volunteers[0].id));
    expect(v.voiceOptedOutAt).not.toBeNull();
    expect(v.reachVoice).toBe(false);
    const next = await createAndSendRequest(t.db, actor, requestInput(activityId, { title: "Zweite Anfrage" }));
    if (!next.ok) throw new Error("not created");
    expect(await callsOf(next.requestId)).toHaveLength(0);
  });

  it("another key gets the menu once more, then a polite goodbye without an answer", async () => {
    const { requestId, volunteers, placed } = await placedCall();
    const call = await answer(placed.url!, placed.sid);
    const menu = await press(call.xml, placed.sid, "5");
    expect(menu.xml).toContain("Diese Taste ist nicht belegt");
    expect(menu.xml).toContain("<Gather");
    expect(menu.xml).not.toContain("Fahrt zur Ausländerbehörde");
    const bye = await press(menu.xml, placed.sid, "7");
    expect(bye.xml).toContain("Auf Wiederhören");
    expect(bye.xml).toContain("<Hangup/>");
    expect(bye.xml).not.toContain("<Gather");
    // no input at all is treated the same way
    const silent = await press(call.xml, placed.sid, "");
    expect(silent.xml).toContain("<Gather");
    expect((await invitationOf(requestId, volunteers[0].id)).status).toBe("pending");
  });

  it("refuses webhooks without a valid signature with 403 and changes nothing", async () => {
    const { requestId, volunteers, placed } = await placedCall();
    const call = await answer(placed.url!, placed.sid);
    const action = call.xml.match(/<Gather[^>]*action="([^"]+)"/)![1].replace(/&amp;/g, "&");
    const forged = await answerRoute(twilioRequest(pathOf(action), { CallSid: placed.sid, Digits: "1" }, { token: "not-the-auth-token" }));
    expect(forged.status).toBe(403);
    const unsigned = await callRoute(twilioRequest(pathOf(placed.url!), { CallSid: placed.sid }, { signature: "" }));
    expect(unsigned.status).toBe(403);
    const status = await statusRoute(twilioRequest(pathOf(placed.statusCallback!), { CallSid: placed.sid, CallStatus: "no-answer" }, { token: "wrong" }));
    expect(status.status).toBe(403);
    expect((await invitationOf(requestId, volunteers[0].id)).status).toBe("pending");
    expect(await callsOf(requestId)).toHaveLength(1);
  });
});

describe("no answer, answering machines and quiet hours", () => {
  const status = (placed: { statusCallback?: string; sid: string }, CallStatus: string) =>
    statusRoute(twilioRequest(pathOf(placed.statusCallback!), { CallSid: placed.sid, AccountSid: fake.accountSid, CallStatus }));

  it("tries once more after VOICE_RETRY_DELAY_MINUTES on no answer, never a third time", async () => {
    const { requestId, placed } = await placedCall();
    const before = Date.now();
    expect((await status(placed, "no-answer")).status).toBe(200);
    let calls = await callsOf(requestId);
    expect(calls).toHaveLength(2);
    const retry = calls.find((c) => c.status === "queued")!;
    expect(retry.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000);
    // a replayed callback queues nothing more
    expect((await status(placed, "no-answer")).status).toBe(403);
    expect(await callsOf(requestId)).toHaveLength(2);

    // the retry rings (its time has come) and is busy: no third call
    await dispatch(new Date(retry.nextAttemptAt.getTime() + 1000));
    const second = fake.voiceCalls.at(-1)!;
    expect(second.sid).not.toBe(placed.sid);
    await status(second, "busy");
    calls = await callsOf(requestId);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.status === "failed")).toBe(true);
  });

  it("hangs up on an answering machine without leaving the request, and counts it as no answer (one retry)", async () => {
    const { requestId, volunteers, placed } = await placedCall();
    const call = await answer(placed.url!, placed.sid, "machine_start");
    expect(call.xml).toMatch(/<Response><Hangup\/><\/Response>/);
    expect(call.xml).not.toContain("Fahrt");
    const calls = await callsOf(requestId);
    expect(calls.find((c) => c.providerId === placed.sid)).toMatchObject({ status: "failed" });
    expect(calls.filter((c) => c.status === "queued")).toHaveLength(1);
    // the completed callback after the hang-up does not turn it into "delivered"
    await status(placed, "completed");
    expect((await callsOf(requestId)).find((c) => c.providerId === placed.sid)!.status).toBe("failed");
    expect((await invitationOf(requestId, volunteers[0].id)).status).toBe("pending");
  });

  it("queues no call at night: it waits for the end of the quiet hours", async () => {
    const night = zonedLocalToUtc("2026-12-07T23:30", "Europe/Berlin")!;
    const actor = await coordinator(t.db);
    const activity = await activityByKey(t.db);
    await caller(activity.id);
    const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { startsAt: "2026-12-10T09:00", endsAt: "2026-12-10T11:00" }), { now: night });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const [call] = await callsOf(r.requestId);
    expect(call.nextAttemptAt.getTime()).toBe(zonedLocalToUtc("2026-12-08T07:00", "Europe/Berlin")!.getTime());
  });

  it("does not place a call that falls due in the night (a retry, a delay): it is postponed to the morning", async () => {
    const { requestId } = await callRequest({ quietHours: true, over: { startsAt: "2026-12-20T09:00", endsAt: "2026-12-20T11:00" } });
    const night = zonedLocalToUtc("2026-12-17T23:30", "Europe/Berlin")!;
    const morning = zonedLocalToUtc("2026-12-18T07:00", "Europe/Berlin")!;
    await t.db.update(s.messages).set({ nextAttemptAt: new Date(night.getTime() - 60_000) }).where(eq(s.messages.requestId, requestId));
    await dispatch(night);
    expect(fake.voiceCalls).toHaveLength(0);
    const [call] = await callsOf(requestId);
    expect(call).toMatchObject({ status: "queued" });
    expect(call.nextAttemptAt.getTime()).toBe(morning.getTime());
    // a request that starts within the urgent window is called at night
    const urgent = await callRequest({ quietHours: true, over: { startsAt: "2026-12-18T02:00", endsAt: "2026-12-18T03:00" } });
    await t.db.update(s.messages).set({ nextAttemptAt: new Date(night.getTime() - 60_000) }).where(eq(s.messages.requestId, urgent.requestId));
    await dispatch(night);
    const urgentCalls = await callsOf(urgent.requestId);
    expect(fake.voiceCalls.map((c) => c.sid).sort()).toEqual(urgentCalls.map((c) => c.providerId).sort());
    expect(fake.voiceCalls.map((c) => c.to)).toContain(urgent.volunteers[0].voicePhone);
    expect((await callsOf(requestId))[0]).toMatchObject({ status: "queued", nextAttemptAt: morning });
  });

  it("a request filled before the call is due places no call (stop means stop)", async () => {
    const activity = await activityByKey(t.db);
    const web = await volunteer(t.db, { activities: [activity.id] });
    const { requestId } = await callRequest({ helpersNeeded: 1 });
    const inv = await invitationOf(requestId, web.id);
    await respondToInvitation(t.db, { invitationId: inv.id, answer: "accept", via: "web" });
    await dispatch();
    expect(fake.voiceCalls).toHaveLength(0);
    expect((await callsOf(requestId))[0].status).toBe("cancelled");
  });
});

describe("confirming a number for calls", () => {
  it("a landline gets a call that reads the code twice (TwiML inline), typed on the page it confirms the number", async () => {
    const v = await volunteer(t.db, {});
    const set = await setVoiceNumber(v.id, "030 1234567", { db: t.db });
    expect(set).toEqual({ ok: true, state: "code_sent" });
    const [msg] = await t.db.select().from(s.messages).where(and(eq(s.messages.volunteerId, v.id), eq(s.messages.kind, VOICE_CODE_KIND)));
    const code = renderStoredTexts(msg).body!.match(/(\d, \d, \d, \d, \d, \d)/)![1];
    // sealed at rest: the stored body has a placeholder, not the code
    expect(msg.body).not.toContain(code);
    await dispatch();
    const [placed] = fake.voiceCalls;
    expect(placed.to).toBe("+49301234567");
    expect(placed.url).toBeUndefined();
    expect(placed.twiml!.split(code).length - 1).toBe(2);
    expect((await confirmVoiceCode(v.id, "000000", { db: t.db })).ok).toBe(false);
    expect(await confirmVoiceCode(v.id, code.replace(/, /g, ""), { db: t.db })).toEqual({ ok: true, state: "confirmed" });
    const [row] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, v.id));
    expect(row.reachVoice).toBe(true);
  });

  it("the confirmed mobile number is confirmed for calls at once (call me), without a code call", async () => {
    const v = await volunteer(t.db, { phone: "+4915112345678", phoneConfirmedAt: new Date() });
    expect(await setVoiceNumber(v.id, "0151 12345678", { db: t.db })).toEqual({ ok: true, state: "confirmed" });
    expect(await t.db.select().from(s.messages).where(eq(s.messages.volunteerId, v.id))).toHaveLength(0);
  });

  it("five wrong codes lock the code; a malformed number is refused", async () => {
    const v = await volunteer(t.db, {});
    expect(await setVoiceNumber(v.id, "abc", { db: t.db })).toEqual({ ok: false, error: "phone_invalid" });
    await setVoiceNumber(v.id, "+49 30 7654321", { db: t.db });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await confirmVoiceCode(v.id, String(100000 + i), { db: t.db }));
    expect(results.at(-1)).toEqual({ ok: false, error: "code_too_many" });
  });
});

describe.runIf(onPostgres())("exactly N across web, SMS and voice (PostgreSQL)", () => {
  it("accepts arriving at once over web, SMS and the keypad never exceed the seats", async () => {
    await quietHoursOff(t.db);
    const actor = await coordinator(t.db);
    const activity = await activityByKey(t.db);
    const web = [];
    const sms = [];
    const phone = [];
    for (let i = 0; i < 4; i++) web.push(await volunteer(t.db, { activities: [activity.id] }));
    for (let i = 0; i < 4; i++) sms.push(await volunteer(t.db, { activities: [activity.id], contactPreference: "sms", email: null, emailConfirmedAt: null, phone: `+4915300000${i}0`, phoneConfirmedAt: new Date() }));
    for (let i = 0; i < 4; i++) phone.push(await caller(activity.id));
    const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { helpersNeeded: 3 }));
    if (!r.ok) throw new Error("not created");
    await dispatch();
    const calls = [];
    for (const placed of fake.voiceCalls) calls.push({ placed, xml: (await answer(placed.url!, placed.sid)).xml });
    expect(calls).toHaveLength(4);
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, r.requestId));
    const tokenHashOf = (volunteerId: string) => invs.find((i) => i.volunteerId === volunteerId)!.tokenHash;
    await Promise.all([
      ...web.map((v) => respondToInvitation(t.db, { tokenHash: tokenHashOf(v.id), answer: "accept", via: "web" })),
      ...sms.map((v) => handleInboundSms(t.db, { from: v.phone!, body: "JA" }, smsAnswerHandler)),
      ...calls.map((c) => press(c.xml, c.placed.sid, "1")),
    ]);
    const after = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, r.requestId));
    expect(after.filter((i) => i.status === "accepted")).toHaveLength(3);
    expect(await requestRow(r.requestId)).toMatchObject({ acceptedCount: 3, status: "filled" });
  });
});

describe("the profile's voice actions", () => {
  it("refuse without a volunteer session (redirect to /manage) and work with one: number, code, stop, resume, remove", async () => {
    const actions = await import("@/app/(public)/profile/voice-actions");
    const { cookieJar, formData, redirectOf } = await import("../helpers/next");
    const { VOLUNTEER_SESSION_COOKIE } = await import("@/lib/volunteers/session");
    const { issueVolunteerToken } = await import("@/lib/volunteers/tokens");
    expect(await redirectOf(actions.setVoiceNumberAction({}, formData({ voiceNumber: "030 1234567" })))).toBe("/manage");
    expect(await redirectOf(actions.stopVoiceCallsAction({}, formData({})))).toBe("/manage");

    const v = await volunteer(t.db, {});
    cookieJar.set(VOLUNTEER_SESSION_COOKIE, await issueVolunteerToken(t.db, v.id, "volunteer_session"));
    const bad = await actions.setVoiceNumberAction({}, formData({ voiceNumber: "12" }));
    expect(bad).toMatchObject({ ok: false, error: "phone_invalid", values: { voiceNumber: "12" } });
    expect((await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, v.id)))[0].voicePhone).toBeNull();
    expect(await actions.setVoiceNumberAction({}, formData({ voiceNumber: "030 1234567" }))).toMatchObject({ ok: true, state: "code_sent" });
    expect(await actions.confirmVoiceCodeAction({}, formData({ voiceCode: "12" }))).toMatchObject({ ok: false, error: "code_invalid", values: { voiceCode: "12" } });
    expect(await actions.stopVoiceCallsAction({}, formData({}))).toMatchObject({ ok: true, state: "stopped" });
    expect((await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, v.id)))[0].voiceOptedOutAt).not.toBeNull();
    expect(await actions.resumeVoiceCallsAction({}, formData({}))).toMatchObject({ ok: true, state: "resumed" });
    expect(await actions.removeVoiceNumberAction({}, formData({}))).toMatchObject({ ok: true, state: "removed" });
    const [row] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, v.id));
    expect(row).toMatchObject({ voicePhone: null, voiceConfirmedAt: null, voiceCodeHash: null });
    // the queued code call went with the number
    const [code] = await t.db.select().from(s.messages).where(and(eq(s.messages.volunteerId, v.id), eq(s.messages.kind, VOICE_CODE_KIND)));
    expect(code.status).toBe("cancelled");
  });
});
