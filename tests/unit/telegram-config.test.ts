import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { classifyTelegramError } from "@/lib/messaging/telegram/api";
import { answerData, parseAnswerData } from "@/lib/messaging/telegram/callbacks";
import { createTransports } from "@/lib/messaging/transports";
import { TelegramTransport } from "@/lib/messaging/transports/telegram";
import { describePrivacyNotice } from "@/lib/privacy/document";
import { buildProcessingRecord } from "@/lib/privacy/records";

const bot = { TELEGRAM_BOT_TOKEN: "123456789:AAFakeTokenForTestsOnly_0123456789abcdef", TELEGRAM_BOT_USERNAME: "HelferrufMusterstadtBot", TELEGRAM_WEBHOOK_SECRET: "s".repeat(32) };

describe("Telegram configuration (issue 18)", () => {
  it("uses the development transport for Telegram until a bot is configured, then the Bot API", () => {
    expect(createTransports(parseConfig({ NODE_ENV: "test" })).telegram?.name).toBe("dev");
    expect(createTransports(parseConfig({ NODE_ENV: "test", ...bot })).telegram?.name).toBe("telegram");
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: bot.TELEGRAM_BOT_TOKEN }, /TELEGRAM_BOT_USERNAME[\s\S]*TELEGRAM_WEBHOOK_SECRET|TELEGRAM_WEBHOOK_SECRET[\s\S]*TELEGRAM_BOT_USERNAME/],
    [{ ...bot, TELEGRAM_BOT_TOKEN: "not-a-token" }, /TELEGRAM_BOT_TOKEN/],
    [{ ...bot, TELEGRAM_BOT_USERNAME: "@HelferrufBot" }, /TELEGRAM_BOT_USERNAME/],
    [{ ...bot, TELEGRAM_BOT_USERNAME: "Helferruf" }, /TELEGRAM_BOT_USERNAME/],
    [{ ...bot, TELEGRAM_WEBHOOK_SECRET: "short" }, /TELEGRAM_WEBHOOK_SECRET/],
    [{ ...bot, TELEGRAM_WEBHOOK_SECRET: "ä".repeat(30) }, /TELEGRAM_WEBHOOK_SECRET/],
    [{ TELEGRAM_RATE_PER_SECOND: "31" }, /TELEGRAM_RATE_PER_SECOND/],
  ])("refuses %o and names the variable", (env, variable) => {
    expect(() => parseConfig({ NODE_ENV: "test", ...env })).toThrow(variable);
  });
});

describe("the invitation buttons' callback data", () => {
  it("name the answer and the invitation within Telegram's 64 bytes, and nothing else parses", () => {
    const id = "0b8f1a52-6a43-4f55-9d4f-2f1b3c4d5e6f";
    expect(answerData("accept", id)).toBe(`a:${id}`);
    expect(Buffer.byteLength(answerData("decline", id))).toBeLessThanOrEqual(64);
    expect(parseAnswerData(answerData("decline", id))).toEqual({ answer: "decline", invitationId: id });
    for (const bad of [undefined, "", "a:", "a:123", `x:${id}`, `a:${id}x`, `a:${id}\n`, "a:../../etc"]) expect(parseAnswerData(bad)).toBeNull();
  });
});

describe("Bot API errors", () => {
  const grammy = (code: number, description: string, parameters = {}) => new GrammyError("call failed", { ok: false, error_code: code, description, parameters }, "sendMessage", {});
  it("waits for retry_after on 429, stops the chat on 403, retries 5xx and network errors as uncertain, gives up on other 4xx", () => {
    expect(classifyTelegramError(grammy(429, "Too Many Requests: retry after 7", { retry_after: 7 }))).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(classifyTelegramError(grammy(403, "Forbidden: bot was blocked by the user"))).toMatchObject({ retryable: false, blocked: true });
    expect(classifyTelegramError(grammy(502, "Bad Gateway"))).toMatchObject({ retryable: true, uncertain: true });
    expect(classifyTelegramError(grammy(400, "Bad Request: chat not found"))).toMatchObject({ retryable: false });
    expect(classifyTelegramError(new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET")))).toMatchObject({ retryable: true, uncertain: true });
  });
});

describe("the record of processing and the privacy notice", () => {
  const org = { name: "Helferkreis Musterstadt", settings: {} } as Parameters<typeof buildProcessingRecord>[0];
  it("name Telegram (with where it processes) only where a bot is configured", () => {
    expect(buildProcessingRecord(org, parseConfig({ NODE_ENV: "test" })).processors.map((p) => p.key)).not.toContain("telegram");
    const record = buildProcessingRecord(org, parseConfig({ NODE_ENV: "test", ...bot }));
    expect(record.processors.find((p) => p.key === "telegram")).toMatchObject({ state: "configured", name: "Telegram FZ-LLC", location: "telegramUae" });
    expect(describePrivacyNotice(record, "de").recipients).toContain("Versand über Telegram: Telegram FZ-LLC – Vereinigte Arabische Emirate (Telegram FZ-LLC, Dubai); Telegram betreibt Rechenzentren weltweit, außerhalb der EU");
    expect(describePrivacyNotice(record, "uk").recipients.some((r) => r.startsWith("Надсилання через Telegram"))).toBe(true);
  });
});

describe("messages to one chat", () => {
  it("are kept a second apart (Telegram's limit per chat); other chats do not wait", async () => {
    let now = 1_000_000;
    const slept: number[] = [];
    const sent: { chat: string; at: number }[] = [];
    const api = {
      sendMessage: async (chat: string) => {
        sent.push({ chat, at: now });
        return { messageId: sent.length };
      },
      editMessageText: async () => undefined,
      answerCallbackQuery: async () => undefined,
    } as unknown as ConstructorParameters<typeof TelegramTransport>[0]["api"];
    const transport = new TelegramTransport({ api, clock: { now: () => now, sleep: async (ms) => void slept.push(ms) } });
    const msg = (recipient: string) => ({ id: recipient, recipient, body: "x", kind: "reminder", locale: "de", invitationId: null }) as unknown as Parameters<TelegramTransport["send"]>[0];
    await Promise.all([transport.send(msg("1")), transport.send(msg("1")), transport.send(msg("2"))]);
    expect(slept).toEqual([1000]);
    now += 400;
    await transport.send(msg("1"));
    // the third to chat 1 comes 1 s after the second (planned at +1000), i.e. 1.6 s from now
    expect(slept).toEqual([1000, 1600]);
    now += 5000;
    await transport.send(msg("1"));
    expect(slept).toHaveLength(2);
  });
});
