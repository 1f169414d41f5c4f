import { spawn } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { POST as webhook } from "@/app/api/webhooks/telegram/route";
import { resetConfigForTests } from "@/lib/config";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { grammyBotApi, resetBotApiForTests } from "@/lib/messaging/telegram/api";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { TelegramTransport } from "@/lib/messaging/transports/telegram";
import { cancelRequest } from "@/lib/requests/manage";
import { createAndSendRequest } from "@/lib/requests/create";
import { createShiftPlan } from "@/lib/shifts/create";
import { respondToInvitation } from "@/lib/requests/respond";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { exportVolunteerData } from "@/lib/volunteers/export";
import { disconnectTelegram, loadTelegramView, setTelegramStopped, telegramConnectLink } from "@/lib/volunteers/telegram";
import { messageFigures, responseFunnel, type ReportScope } from "@/lib/reports/figures";
import { calendarDateIn } from "@/lib/time-zone";
import { FakeTelegram, tgUpdate } from "../fakes/fake-telegram";
import { messageFigures as oracleMessageFigures, rawSummaryRows, responseFunnel as oracleResponseFunnel, storedSummaryRows } from "../helpers/report-oracle";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { serveFake } from "../helpers/messaging";
import { activityByKey, coordinator, quietHoursOff, requestInput, volunteer, type VolunteerSpec } from "../helpers/requests";

/**
 * Telegram (issue 18) through grammY's real Api client against a local fake of the Bot API, and
 * Telegram's side played by webhook POSTs to our route with the secret header, as Telegram sends
 * them: /start with the deep link's token, /stop, button presses, the bot blocked.
 */
const t = setupTestDatabase({ poolSize: 30 });
const fake = serveFake(new FakeTelegram(), t);
const SECRET = "telegram-webhook-secret-for-tests-0123456789";
const dev = new DevTransport(true);
const telegram = () => new TelegramTransport({ api: grammyBotApi({ token: fake.token, apiRoot: fake.apiRoot, timeoutMs: 5000 }) });
const dispatch = (now?: Date) => dispatchDueMessages(t.db, { transports: { email: dev, sms: dev, telegram: telegram() }, now });

beforeAll(() => {
  process.env.TELEGRAM_BOT_TOKEN = fake.token;
  process.env.TELEGRAM_BOT_USERNAME = "HelferrufTestBot";
  process.env.TELEGRAM_WEBHOOK_SECRET = SECRET;
  process.env.TELEGRAM_API_ROOT = fake.apiRoot;
  resetConfigForTests();
  resetBotApiForTests();
});

function spawnAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd: process.cwd() });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const post = (update: unknown, secret: string | null = SECRET) =>
  webhook(
    new Request("http://localhost/api/webhooks/telegram", {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      body: typeof update === "string" ? update : JSON.stringify(update),
    }),
  );

let chats = 7_000_000;
/** A volunteer with a confirmed mobile (SMS) and, unless `connect: false`, Telegram connected through the deep link. */
async function telegramUser(activityId: string, opts: { connect?: boolean; spec?: VolunteerSpec } = {}) {
  const chatId = ++chats;
  const v = await volunteer(t.db, {
    activities: [activityId],
    contactPreference: "both",
    phone: `+49151${String(chatId).slice(-7)}`,
    phoneConfirmedAt: new Date(),
    ...opts.spec,
  });
  if (opts.connect !== false) {
    const link = (await telegramConnectLink(v.id, { db: t.db }))!;
    const res = await post(tgUpdate.text(chatId, `/start ${new URL(link).searchParams.get("start")}`));
    expect(res.status).toBe(200);
  }
  return { ...v, chatId };
}

async function request(over: Record<string, unknown> = {}) {
  await quietHoursOff(t.db);
  const actor = await coordinator(t.db);
  const activity = await activityByKey(t.db);
  return { actor, activity, send: async () => {
    const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { helpersNeeded: 2, ...over }));
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.requestId;
  } };
}

const messagesOf = (requestId: string) => t.db.select().from(s.messages).where(eq(s.messages.requestId, requestId));
const volunteerRow = async (id: string) => (await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, id)))[0];
const invitationOf = async (requestId: string, volunteerId: string) =>
  (await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.volunteerId, volunteerId))))[0];

describe("connecting Telegram", () => {
  it("binds the chat only through the profile's one-time deep link; a second use, an unknown token or /start alone bind nothing", async () => {
    const { activity } = await request();
    const v = await volunteer(t.db, { activities: [activity.id], locale: "uk" });
    const link = (await telegramConnectLink(v.id, { db: t.db }))!;
    expect(link).toMatch(/^https:\/\/t\.me\/HelferrufTestBot\?start=[A-Za-z0-9_-]{43}$/);
    const token = new URL(link).searchParams.get("start")!;
    // nothing is bound before the volunteer taps Start in Telegram
    expect(await loadTelegramView(v.id, t.db)).toEqual({ connected: false, stopped: false, connectedAt: null });

    expect((await post(tgUpdate.text(4242, "/start"))).status).toBe(200);
    expect(fake.to(4242).at(-1)!.text).toContain("Mit Telegram verbinden");
    expect((await post(tgUpdate.text(4242, `/start ${token}`, "uk"))).status).toBe(200);
    expect(fake.to(4242).at(-1)!.text).toContain("З’єднано!");
    expect(fake.to(4242).at(-1)!.text).toContain("Helferkreis Musterstadt");
    expect(await volunteerRow(v.id)).toMatchObject({ telegramChatId: "4242", telegramOptedOutAt: null, reachTelegram: true });

    // the token is used up: another chat cannot take the volunteer over with it
    await post(tgUpdate.text(5151, `/start ${token}`, "en"));
    expect(fake.to(5151).at(-1)!.text).toContain("This link has expired or has already been used");
    await post(tgUpdate.text(5151, `/start ${"x".repeat(43)}`, "en"));
    expect(fake.to(5151)).toHaveLength(2);
    expect((await volunteerRow(v.id)).telegramChatId).toBe("4242");
    const audit = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.objectId, v.id));
    expect(audit.map((a) => a.action)).toContain("volunteer.telegram_connected");
  });

  it("refuses updates without the secret header (403) or that are not updates (400), and changes nothing", async () => {
    const { activity } = await request();
    const v = await volunteer(t.db, { activities: [activity.id] });
    const token = new URL((await telegramConnectLink(v.id, { db: t.db }))!).searchParams.get("start");
    expect((await post(tgUpdate.text(99, `/start ${token}`), null)).status).toBe(403);
    expect((await post(tgUpdate.text(99, `/start ${token}`), "wrong-secret-wrong-secret-wrong")).status).toBe(403);
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ update_id: "x" })).status).toBe(400);
    expect((await volunteerRow(v.id)).telegramChatId).toBeNull();
    expect(fake.sent).toHaveLength(0);
    // the token still works afterwards
    await post(tgUpdate.text(99, `/start ${token}`));
    expect((await volunteerRow(v.id)).telegramChatId).toBe("99");
  });

  it("binds the chat even when Telegram refuses the bot's reply (the update is not failed, the token not lost)", async () => {
    const { activity } = await request();
    const v = await volunteer(t.db, { activities: [activity.id] });
    const token = new URL((await telegramConnectLink(v.id, { db: t.db }))!).searchParams.get("start");
    fake.program({ status: 500 });
    expect((await post(tgUpdate.text(6262, `/start ${token}`))).status).toBe(200);
    expect((await volunteerRow(v.id)).telegramChatId).toBe("6262");
  });

  it("answers a chat nobody bound with the connect instructions only", async () => {
    expect((await post(tgUpdate.text(31337, "JA"))).status).toBe(200);
    expect(fake.to(31337)).toHaveLength(1);
    expect(fake.to(31337)[0].text).toContain("Mit Telegram verbinden");
  });
});

describe("a request by Telegram", () => {
  it("goes to Telegram instead of SMS, with accept and decline buttons that name the invitation", async () => {
    const { activity, actor, send } = await request();
    const me = await telegramUser(activity.id);
    const smsOnly = await volunteer(t.db, { activities: [activity.id], contactPreference: "sms", email: null, emailConfirmedAt: null, phone: "+4915199990000", phoneConfirmedAt: new Date() });
    const requestId = await send();
    const msgs = await messagesOf(requestId);
    expect(msgs.filter((m) => m.volunteerId === me.id).map((m) => m.channel).sort()).toEqual(["email", "telegram"]);
    expect(msgs.filter((m) => m.volunteerId === smsOnly.id).map((m) => m.channel)).toEqual(["sms"]);
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    const [sent] = fake.to(me.chatId).filter((m) => m.keyboard);
    expect(sent.text).toMatch(/\/r\/[A-Za-z0-9_-]{22}/);
    expect(sent.keyboard).toEqual([[{ text: "✅ Zusagen", callback_data: `a:${inv.id}` }, { text: "Absagen", callback_data: `d:${inv.id}` }]]);
    expect((await t.db.select().from(s.messages).where(eq(s.messages.invitationId, inv.id))).find((m) => m.channel === "telegram")).toMatchObject({ status: "sent", providerId: String(sent.messageId), transport: "telegram" });
    // the reports count Telegram as a channel of its own
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
    const day = calendarDateIn(new Date(), org.timeZone);
    const scope = { organizationId: org.id, timeZone: org.timeZone, now: new Date(), params: { period: { kind: "custom" as const, from: day, to: day }, activityId: null, minAsked: 1 } };
    const rows = await messageFigures(t.db, scope as unknown as ReportScope);
    expect(rows.map((r) => r.channel)).toEqual(["email", "sms", "telegram"]);
    expect(rows.find((r) => r.channel === "telegram")).toMatchObject({ sent: 1, failed: 0, segments: 0 });
    expect(rows).toEqual(await oracleMessageFigures(t.db, scope as unknown as ReportScope));
  });

  it("a button press accepts through the exactly-N path (via telegram), is answered, the message shows the outcome without buttons, and the confirmation comes by Telegram", async () => {
    const { activity, actor, send } = await request();
    // no e-mail: the confirmation comes by Telegram (follow-ups use e-mail where there is one)
    const me = await telegramUser(activity.id, { spec: { email: null, emailConfirmedAt: null } });
    const requestId = await send();
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    const sent = { ...fake.to(me.chatId).find((m) => m.keyboard)! };
    const press = tgUpdate.press(me.chatId, sent, `a:${inv.id}`);
    expect((await post(press)).status).toBe(200);
    expect(await invitationOf(requestId, me.id)).toMatchObject({ status: "accepted", respondedVia: "telegram" });
    expect(fake.callbackAnswers.at(-1)).toEqual({ id: press.callback_query.id, text: expect.stringContaining("Sie sind dabei") });
    const edited = fake.to(me.chatId).find((m) => m.messageId === sent.messageId)!;
    expect(edited.keyboard).toBeNull();
    expect(edited.text).toContain(sent.text);
    expect(edited.text).toContain("Sie sind dabei");
    const confirmation = (await messagesOf(requestId)).filter((m) => m.volunteerId === me.id && m.kind === "confirmation");
    expect(confirmation.map((m) => m.channel)).toEqual(["telegram"]);
    await dispatch();
    expect(fake.to(me.chatId).at(-1)).toMatchObject({ keyboard: null, text: expect.stringContaining("Fahrt zur Ausländerbehörde") });

    // the reports' funnel has a Telegram row (kept by the summary triggers, equal to the raw rows)
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
    const day = calendarDateIn(new Date(), org.timeZone);
    const scope = { organizationId: org.id, timeZone: org.timeZone, now: new Date(), params: { period: { kind: "custom" as const, from: day, to: day }, activityId: null, minAsked: 1 } } as unknown as ReportScope;
    const r = await t.db.select({ startsAt: s.requests.startsAt }).from(s.requests).where(eq(s.requests.id, requestId));
    const startDay = calendarDateIn(r[0].startsAt, org.timeZone);
    const funnelScope = { ...scope, params: { ...scope.params, period: { kind: "custom" as const, from: day, to: startDay } } } as ReportScope;
    const funnel = await responseFunnel(t.db, funnelScope);
    expect(funnel.find((f) => f.channel === "telegram")).toEqual({ channel: "telegram", asked: 1, delivered: 0, answered: 1, yes: 1 });
    expect(funnel).toEqual(await oracleResponseFunnel(t.db, funnelScope));
    expect((await storedSummaryRows(t.db)).requestRows).toEqual((await rawSummaryRows(t.db)).requestRows);

    // Telegram redelivers the same update: no second answer, nothing changes
    const before = await t.db.select().from(s.auditEvents);
    expect((await post(press)).status).toBe(200);
    expect(await t.db.select().from(s.auditEvents)).toHaveLength(before.length);
  });

  it("decline, a full request and a cancelled one are told truthfully", async () => {
    const { activity, actor, send } = await request({ helpersNeeded: 1 });
    const a = await telegramUser(activity.id);
    const b = await telegramUser(activity.id);
    const c = await telegramUser(activity.id);
    const requestId = await send();
    await dispatch();
    const first = new Map([a, b, c].map((v) => [v.chatId, { ...fake.to(v.chatId).find((m) => m.keyboard)! }]));
    const sentTo = (v: { chatId: number }) => first.get(v.chatId)!;
    const invA = await invitationOf(requestId, a.id);
    const invB = await invitationOf(requestId, b.id);
    const invC = await invitationOf(requestId, c.id);
    await post(tgUpdate.press(a.chatId, sentTo(a), `d:${invA.id}`));
    expect(fake.callbackAnswers.at(-1)!.text).toContain("nicht eingeplant");
    await post(tgUpdate.press(b.chatId, sentTo(b), `a:${invB.id}`));
    await post(tgUpdate.press(c.chatId, sentTo(c), `a:${invC.id}`));
    expect(fake.callbackAnswers.at(-1)!.text).toContain("schon vollständig besetzt");
    expect((await invitationOf(requestId, c.id)).status).not.toBe("accepted");
    expect((await cancelRequest(t.db, actor, requestId, { confirm: "yes" })).ok).toBe(true);
    await post(tgUpdate.press(a.chatId, sentTo(a), `a:${invA.id}`));
    expect(fake.callbackAnswers.at(-1)!.text).toContain("nicht mehr offen");
  });

  it("a press from another chat, for an unknown invitation or with malformed data is 'no longer current' and changes nothing", async () => {
    const { activity, send } = await request();
    const me = await telegramUser(activity.id);
    const other = await telegramUser(activity.id);
    const requestId = await send();
    await dispatch();
    const inv = await invitationOf(requestId, me.id);
    const mine = fake.to(me.chatId).find((m) => m.keyboard)!;
    await post(tgUpdate.press(other.chatId, mine, `a:${inv.id}`));
    expect(fake.callbackAnswers.at(-1)!.text).toBe("Diese Anfrage ist nicht mehr aktuell.");
    await post(tgUpdate.press(me.chatId, mine, `a:00000000-0000-4000-8000-000000000000`));
    await post(tgUpdate.press(me.chatId, mine, "a:not-a-uuid"));
    await post(tgUpdate.press(me.chatId, mine, "x"));
    expect(fake.callbackAnswers.slice(-3).map((x) => x.text)).toEqual(Array(3).fill("Diese Anfrage ist nicht mehr aktuell."));
    expect((await invitationOf(requestId, me.id)).status).toBe("pending");
  });
});

describe("stopping Telegram", () => {
  it("/stop stops it for the chat: queued Telegram messages are cancelled and the next request goes by SMS again", async () => {
    const { activity, send } = await request();
    const me = await telegramUser(activity.id);
    const first = await send();
    expect((await post(tgUpdate.text(me.chatId, "/stop"))).status).toBe(200);
    expect(fake.to(me.chatId).at(-1)!.text).toContain("keine Anfragen mehr");
    expect(await volunteerRow(me.id)).toMatchObject({ reachTelegram: false, telegramChatId: String(me.chatId) });
    expect((await messagesOf(first)).find((m) => m.channel === "telegram")).toMatchObject({ status: "cancelled" });
    const second = await send();
    expect((await messagesOf(second)).filter((m) => m.volunteerId === me.id).map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    // resume from the profile: Telegram again
    expect(await setTelegramStopped(me.id, false, { db: t.db })).toBe(true);
    const third = await send();
    expect((await messagesOf(third)).filter((m) => m.volunteerId === me.id).map((m) => m.channel).sort()).toEqual(["email", "telegram"]);
  });

  it("blocking the bot stops it (my_chat_member kicked), and so does a 403 when sending", async () => {
    const { activity, send } = await request();
    const a = await telegramUser(activity.id);
    const b = await telegramUser(activity.id);
    await post(tgUpdate.blocked(a.chatId));
    expect((await volunteerRow(a.id)).reachTelegram).toBe(false);
    const requestId = await send();
    expect((await messagesOf(requestId)).filter((m) => m.volunteerId === a.id).map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    fake.block(String(b.chatId));
    await dispatch();
    expect((await messagesOf(requestId)).find((m) => m.volunteerId === b.id && m.channel === "telegram")).toMatchObject({ status: "failed" });
    expect((await volunteerRow(b.id)).reachTelegram).toBe(false);
  });

  it("a message queued before the stop is not sent (stop means stop, re-checked at send time)", async () => {
    const { activity, send } = await request();
    const me = await telegramUser(activity.id);
    const requestId = await send();
    // the flag set directly, as by a parallel /stop after the dispatcher read the queue
    await t.db.update(s.volunteers).set({ telegramOptedOutAt: new Date() }).where(eq(s.volunteers.id, me.id));
    await dispatch();
    expect(fake.to(me.chatId).filter((m) => m.keyboard)).toHaveLength(0);
    expect((await messagesOf(requestId)).find((m) => m.channel === "telegram")).toMatchObject({ status: "cancelled", lastError: "recipient stopped Telegram" });
  });

  it("disconnect forgets the chat; export shows the channel and erasure removes it", async () => {
    const { activity } = await request();
    const me = await telegramUser(activity.id);
    expect((await exportVolunteerData(me.id, t.db))!.profile).toMatchObject({ telegramChatId: String(me.chatId) });
    expect(await disconnectTelegram(me.id, { db: t.db })).toBe(true);
    expect(await volunteerRow(me.id)).toMatchObject({ telegramChatId: null, telegramConnectedAt: null, reachTelegram: false });
    const again = await telegramUser(activity.id);
    expect(await eraseVolunteer(again.id, { db: t.db })).toEqual({ ok: true });
    expect(await t.db.select().from(s.volunteers).where(eq(s.volunteers.telegramChatId, String(again.chatId)))).toEqual([]);
  });
});

describe("a shift plan by Telegram", () => {
  it("goes to Telegram instead of SMS, with the link to pick slots (no buttons: the page lets them pick)", async () => {
    const { actor } = await request();
    const clothing = (await activityByKey(t.db, "clothing")).id;
    const me = await telegramUser(clothing);
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const r = await createShiftPlan(t.db, actor, { title: "Kleiderkammer Samstag", day, place: "Gemeindehaus", details: "", slots: [{ start: "09:00", end: "12:00", activityId: clothing, helpersNeeded: "2" }] });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const mine = await t.db.select().from(s.messages).where(and(eq(s.messages.shiftPlanId, r.planId), eq(s.messages.volunteerId, me.id)));
    expect(mine.map((m) => m.channel).sort()).toEqual(["email", "telegram"]);
    await dispatch();
    const [sent] = fake.to(me.chatId).filter((m) => m.text.includes("Kleiderkammer Samstag"));
    expect(sent.text).toMatch(/\/s\/[A-Za-z0-9_-]{22}/);
    expect(sent.keyboard).toBeNull();
  });
});

describe("npm run telegram:webhook", () => {
  it("registers <APP_URL>/api/webhooks/telegram with the secret and the three update kinds; refuses an http APP_URL", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_BOT_USERNAME: "HelferrufTestBot", TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot };
    const run = (appUrl: string, ...args: string[]) => spawnAsync(process.execPath, ["--import", "tsx", "scripts/telegram-webhook.ts", ...args], { ...env, APP_URL: appUrl });
    const set = await run("https://helferruf.example.org");
    expect(set.code, set.output).toBe(0);
    expect(fake.webhook).toEqual({ url: "https://helferruf.example.org/api/webhooks/telegram", secret_token: SECRET, allowed_updates: ["message", "callback_query", "my_chat_member"] });
    expect((await run("https://helferruf.example.org", "--info")).output).toContain('"url": "https://helferruf.example.org/api/webhooks/telegram"');
    const plain = await run("http://helferruf.example.org");
    expect(plain.code).toBe(2);
    expect(plain.output).toContain("only calls https webhooks");
  }, 60_000);
});

describe("Telegram at night", () => {
  it("holds invitations during the quiet hours like SMS (e-mail goes at once)", async () => {
    const { activity, actor, send } = await request();
    const me = await telegramUser(activity.id);
    // quiet hours from this hour for two hours, whatever time the suite runs
    const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(new Date()));
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
    await t.db.update(s.organizations).set({ settings: { ...(org.settings ?? {}), quietHours: { start: hour, end: (hour + 2) % 24, urgentWithinHours: 1 } } }).where(eq(s.organizations.id, org.id));
    const requestId = await send();
    const mine = (await messagesOf(requestId)).filter((m) => m.volunteerId === me.id);
    expect(mine.find((m) => m.channel === "telegram")!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(mine.find((m) => m.channel === "email")!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    await dispatch();
    expect(fake.to(me.chatId).filter((m) => m.keyboard)).toHaveLength(0);
  });
});

describe("Telegram's limits", () => {
  it("waits for retry_after on 429 and sends the message on the next run after it", async () => {
    const { activity, send } = await request();
    const me = await telegramUser(activity.id);
    const requestId = await send();
    fake.program({ status: 429 });
    const now = new Date();
    const first = await dispatch(now);
    expect(first.retried).toBeGreaterThanOrEqual(1);
    const queued = (await messagesOf(requestId)).find((m) => m.channel === "telegram")!;
    expect(queued.status).toBe("queued");
    expect(queued.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 3000);
    await dispatch(new Date(queued.nextAttemptAt.getTime() + 1000));
    expect(fake.to(me.chatId).filter((m) => m.keyboard)).toHaveLength(1);
  });
});

describe.runIf(onPostgres())("exactly N across web, SMS and Telegram (PostgreSQL)", () => {
  it("accepts arriving at once over web, SMS and Telegram buttons never exceed the seats", async () => {
    const { activity, send } = await request({ helpersNeeded: 3 });
    const web = [];
    const sms = [];
    const tg = [];
    for (let i = 0; i < 4; i++) web.push(await volunteer(t.db, { activities: [activity.id] }));
    for (let i = 0; i < 4; i++) sms.push(await volunteer(t.db, { activities: [activity.id], contactPreference: "sms", email: null, emailConfirmedAt: null, phone: `+4915300001${i}0`, phoneConfirmedAt: new Date() }));
    for (let i = 0; i < 4; i++) tg.push(await telegramUser(activity.id));
    const requestId = await send();
    await dispatch();
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    const invOf = (id: string) => invs.find((i) => i.volunteerId === id)!;
    await Promise.all([
      ...web.map((v) => respondToInvitation(t.db, { tokenHash: invOf(v.id).tokenHash, answer: "accept", via: "web" })),
      ...sms.map((v) => handleInboundSms(t.db, { from: v.phone!, body: "JA" }, smsAnswerHandler)),
      ...tg.map((v) => post(tgUpdate.press(v.chatId, fake.to(v.chatId).find((m) => m.keyboard)!, `a:${invOf(v.id).id}`))),
    ]);
    const after = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(after.filter((i) => i.status === "accepted")).toHaveLength(3);
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, requestId)))[0]).toMatchObject({ acceptedCount: 3, status: "filled" });
    // every press got an answer
    expect(fake.callbackAnswers).toHaveLength(4);
  });
});
