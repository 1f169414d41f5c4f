import { describe, expect, it, vi } from "vitest";
import { analyzeSms, estimateSmsCost, segmentsAs } from "@/lib/messaging/sms-segments";
import { parseSmsReply } from "@/lib/messaging/sms-replies";
import { batchIdempotencyKey, backoffMs, claimLimit } from "@/lib/messaging/dispatcher";
import { parseRetryAfter, Throttle } from "@/lib/messaging/throttle";
import { classifyResendError } from "@/lib/messaging/transports/resend";
import { classifyTwilioError, TwilioRateLimited } from "@/lib/messaging/transports/twilio";

describe("SMS segment counter", () => {
  it.each([
    // text, encoding, segments, normalised text (when it changes)
    ["Fahrdienst Di 9:00 Ausländerbehörde. Antworte JA oder NEIN.", "GSM-7", 1, undefined],
    ["Grüße aus Köln: Übersetzung gesucht, Straße 5, Öffnungszeiten ändern sich", "GSM-7", 1, undefined],
    ["Bitte „JA“ oder „NEIN“ antworten – danke!", "GSM-7", 1, 'Bitte "JA" oder "NEIN" antworten - danke!'],
    ["Wir brauchen dich’s Auto … morgen", "GSM-7", 1, "Wir brauchen dich's Auto ... morgen"],
    ["Kosten: 5 € Fahrgeld {erstattet}", "GSM-7", 1, undefined],
    ["Dolmetschen Dari/Paschtu 🙏", "UCS-2", 1, undefined],
    ["Arabisch: مرحبا", "UCS-2", 1, undefined],
    ["A".repeat(160), "GSM-7", 1, undefined],
    ["A".repeat(161), "GSM-7", 2, undefined],
    ["€".repeat(80), "GSM-7", 1, undefined],
    ["€".repeat(81), "GSM-7", 2, undefined],
    ["ä".repeat(306), "GSM-7", 2, undefined],
    ["ä".repeat(307), "GSM-7", 3, undefined],
    ["ç" + "a".repeat(69), "UCS-2", 1, undefined],
    ["ç" + "a".repeat(70), "UCS-2", 2, undefined],
  ])("%s → %s, %i segment(s)", (text, encoding, segments, normalized) => {
    const a = analyzeSms(text);
    expect(a.encoding).toBe(encoding);
    expect(a.segments).toBe(segments);
    expect(a.normalizedText).toBe(normalized ?? text);
  });

  it("counts a text as it would be in another encoding (a German SMS as UCS-2, to compare it with an Arabic one)", () => {
    expect(segmentsAs("a".repeat(160), "GSM-7")).toBe(1);
    expect(segmentsAs("a".repeat(160), "UCS-2")).toBe(3);
    expect(segmentsAs("„JA“ – danke", "GSM-7")).toBe(1);
    expect(segmentsAs("", "UCS-2")).toBe(0);
  });

  it("counts GSM-7 extension characters twice and names the characters that force Unicode", () => {
    expect(analyzeSms("5 €").characters).toBe(4);
    expect(analyzeSms("Hallo 🙂").nonGsmCharacters).toEqual(["🙂"]);
    expect(analyzeSms("").segments).toBe(0);
  });

  it("estimates the cost per recipient and for a whole fan-out from the price per segment", () => {
    expect(analyzeSms("A".repeat(200), { priceCentsPerSegment: 7.5 }).costCents).toBe(15);
    expect(estimateSmsCost("A".repeat(200), 40, 7.5)).toMatchObject({ segments: 2, totalCents: 600 });
  });
});

describe("SMS reply parser", () => {
  it.each([
    ["JA", { kind: "answer", answer: "accept" }],
    ["ja", { kind: "answer", answer: "accept" }],
    [" Ja! ", { kind: "answer", answer: "accept" }],
    ["YES", { kind: "answer", answer: "accept" }],
    ["NEIN", { kind: "answer", answer: "decline" }],
    ["No.", { kind: "answer", answer: "decline" }],
    ["JA K7F", { kind: "answer", answer: "accept", code: "K7F" }],
    ["ja, k7f", { kind: "answer", answer: "accept", code: "K7F" }],
    ["K7F nein", { kind: "answer", answer: "decline", code: "K7F" }],
    ["STOP", { kind: "stop" }],
    ["Stopp", { kind: "stop" }],
    ["ENDE", { kind: "stop" }],
    ["start", { kind: "start" }],
    ["", { kind: "help" }],
    ["Hallo, wer ist da?", { kind: "help" }],
    ["JA NEIN", { kind: "help" }],
    ["stop the car please", { kind: "help" }],
  ])("%j → %j", (text, expected) => {
    expect(parseSmsReply(text)).toEqual(expected);
  });
});

describe("retry policy", () => {
  it("reads Retry-After in seconds or as an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("never waits less than Retry-After and caps the backoff at an hour plus jitter", () => {
    expect(backoffMs(1, 90_000)).toBe(90_000);
    expect(backoffMs(1)).toBeGreaterThanOrEqual(30_000);
    expect(backoffMs(30)).toBeLessThanOrEqual(3600_000 * 1.2);
  });

  it("derives the same batch key from the same message ids in any order", () => {
    expect(batchIdempotencyKey(["b", "a"])).toBe(batchIdempotencyKey(["a", "b"]));
    expect(batchIdempotencyKey(["a", "b"])).not.toBe(batchIdempotencyKey(["a", "c"]));
  });

  it("classifies provider answers: 429 and 401 are clear refusals, 5xx and no answer are 'maybe sent', 422 is final", () => {
    expect(classifyResendError({ statusCode: 429, name: "rate_limit_exceeded", message: "" }, { "retry-after": "3" })).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(classifyResendError({ statusCode: 429, name: "rate_limit_exceeded", message: "" }, null).uncertain).toBeFalsy();
    expect(classifyResendError({ statusCode: 500, name: "internal_server_error", message: "" }, null)).toMatchObject({ retryable: true, uncertain: true });
    expect(classifyResendError({ statusCode: null, name: "application_error", message: "" }, null)).toMatchObject({ retryable: true, uncertain: true });
    expect(classifyResendError({ statusCode: 422, name: "validation_error", message: "" }, null)).toMatchObject({ retryable: false });
    expect(classifyResendError({ statusCode: 401, name: "missing_api_key", message: "" }, null)).toMatchObject({ retryable: true });
    expect(classifyTwilioError(new TwilioRateLimited(4000))).toMatchObject({ retryable: true, retryAfterMs: 4000 });
    expect(classifyTwilioError({ status: 400, code: 21610, message: "unsubscribed" })).toMatchObject({ retryable: false, recipientOptedOut: true });
    expect(classifyTwilioError(Object.assign(new Error("timeout"), { code: "ECONNABORTED" }))).toMatchObject({ retryable: true, uncertain: true });
    expect(classifyTwilioError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toMatchObject({ retryable: true, uncertain: false });
  });

  it("claims no more than the provider limit lets it send before the claim runs out", () => {
    const slowSms = { name: "twilio", send: async () => ({ ok: true as const, providerId: null }), throttle: new Throttle(0.5) };
    expect(claimLimit(slowSms, 100)).toBe(21);
    const email = { ...slowSms, name: "resend", throttle: new Throttle(2), maxBatchSize: 100, sendBatch: async () => ({ ok: true as const, providerIds: [] }) };
    expect(claimLimit(email, 500)).toBe(500);
    expect(claimLimit({ name: "dev", send: slowSms.send }, 100)).toBe(100);
  });

  it("spaces provider calls evenly at the configured rate", async () => {
    // a controllable clock: the test checks the schedule, not how fast this machine is
    vi.useFakeTimers({ now: new Date("2026-11-28T10:00:00Z") });
    try {
      const throttle = new Throttle(20);
      const times: number[] = [];
      const run = (async () => {
        for (let i = 0; i < 5; i++) {
          await throttle.take();
          times.push(Date.now());
        }
      })();
      await vi.runAllTimersAsync();
      await run;
      expect(throttle.intervalMs).toBeGreaterThanOrEqual(50); // 20 per second, with a safety margin
      // slots are fractional milliseconds; a call starts at its slot, rounded up to the next millisecond
      times.forEach((x, k) => {
        expect(x - times[0]).toBeGreaterThanOrEqual(k * throttle.intervalMs - 1e-6);
        expect(x - times[0]).toBeLessThanOrEqual(k * throttle.intervalMs + 1);
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
