import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { createTransports } from "@/lib/messaging/transports";

const SID = "AC" + "0123456789abcdef".repeat(2);
const MG = "MG" + "0123456789abcdef".repeat(2);

function issues(env: Record<string, string>) {
  try {
    parseConfig({ NODE_ENV: "production", ...env });
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => i.variable);
  }
}

describe("messaging configuration", () => {
  it("uses the development transport for both channels without keys", () => {
    const t = createTransports(parseConfig({ NODE_ENV: "development" }));
    expect([t.email.name, t.sms.name]).toEqual(["dev", "dev"]);
  });

  it("uses Resend and Twilio when their keys are set, with the default limits", () => {
    const c = parseConfig({ RESEND_API_KEY: "re_x", EMAIL_FROM: "Helferruf <helfen@example.org>", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t", TWILIO_MESSAGING_SERVICE_SID: MG });
    const t = createTransports(c);
    expect([t.email.name, t.sms.name]).toEqual(["resend", "twilio"]);
    expect(c).toMatchObject({ EMAIL_RATE_PER_SECOND: 5, SMS_RATE_PER_SECOND: 5, SMS_SEGMENT_PRICE_CENTS: 8, PROVIDER_TIMEOUT_MS: 15000 });
    // parallel provider calls inside the pacing, and the dispatch run's time budget
    expect(c).toMatchObject({ EMAIL_SEND_CONCURRENCY: 4, SMS_SEND_CONCURRENCY: 24, DISPATCH_RUN_MS: 20000 });
    expect([t.email.concurrency, t.sms.concurrency]).toEqual([4, 24]);
  });

  it("takes the send concurrency from the configuration and refuses a nonsense one with the variable named", () => {
    const keys = { RESEND_API_KEY: "re_x", EMAIL_FROM: "Helferruf <helfen@example.org>", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t", TWILIO_MESSAGING_SERVICE_SID: MG };
    const t = createTransports(parseConfig({ ...keys, SMS_SEND_CONCURRENCY: "40", EMAIL_SEND_CONCURRENCY: "2" }));
    expect([t.email.concurrency, t.sms.concurrency]).toEqual([2, 40]);
    expect(() => parseConfig({ ...keys, SMS_SEND_CONCURRENCY: "0" })).toThrow(/SMS_SEND_CONCURRENCY/);
  });

  it("accepts an alphanumeric SMS sender and decimal limits", () => {
    const c = parseConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "Helferruf", SMS_RATE_PER_SECOND: "0.5", SMS_SEGMENT_PRICE_CENTS: "7.5" });
    expect(c).toMatchObject({ TWILIO_FROM: "Helferruf", SMS_RATE_PER_SECOND: 0.5, SMS_SEGMENT_PRICE_CENTS: 7.5 });
  });

  it.each([
    [{ RESEND_API_KEY: "re_x" }, "EMAIL_FROM"],
    [{ TWILIO_ACCOUNT_SID: SID }, "TWILIO_AUTH_TOKEN"],
    [{ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t" }, "TWILIO_FROM"],
    [{ TWILIO_ACCOUNT_SID: "nonsense" }, "TWILIO_ACCOUNT_SID"],
    [{ TWILIO_FROM: "0151 123" }, "TWILIO_FROM"],
    [{ RESEND_WEBHOOK_SECRET: "secret" }, "RESEND_WEBHOOK_SECRET"],
    [{ EMAIL_RATE_PER_SECOND: "fast" }, "EMAIL_RATE_PER_SECOND"],
    [{ SMS_RATE_PER_SECOND: "0" }, "SMS_RATE_PER_SECOND"],
    [{ RESEND_BASE_URL: "ftp://x" }, "RESEND_BASE_URL"],
    [{ EMAIL_REPLY_TO: "nobody" }, "EMAIL_REPLY_TO"],
  ])("refuses a half or wrong provider setup %j and names %s", (env, variable) => {
    expect(issues(env)).toContain(variable);
  });
});
