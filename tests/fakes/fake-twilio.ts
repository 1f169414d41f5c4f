import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeProvider, readBody, send, sleep } from "./http";

export type TwilioCall = { at: number; path: string; status: number };
/** A call placed through the Voice API (calls.create): what the SDK sent, as Twilio reads it. */
export type TwilioVoiceCall = {
  sid: string;
  at: number;
  to: string;
  from: string;
  url?: string;
  method?: string;
  twiml?: string;
  machineDetection?: string;
  statusCallback?: string;
  statusCallbackEvents: string[];
  timeout?: string;
};
export type TwilioSms = { sid: string; at: number; to: string; from?: string; messagingServiceSid?: string; body: string; statusCallback?: string };

/**
 * A local stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json,
 * form-encoded, Basic auth) on 127.0.0.1. Twilio has no idempotency key, so neither has the fake:
 * every accepted call is one SMS. Numbers in `optedOut` answer error 21610 like Twilio does.
 */
export class FakeTwilio extends FakeProvider<TwilioCall> {
  readonly sms: TwilioSms[] = [];
  /** calls placed (POST …/Calls.json); Twilio would now ring the number and fetch `url` */
  readonly voiceCalls: TwilioVoiceCall[] = [];
  readonly optedOut = new Set<string>();

  constructor(
    readonly accountSid = "AC" + "0123456789abcdef".repeat(2),
    readonly authToken = "twilio-test-token",
  ) {
    super();
  }

  static start() {
    return new FakeTwilio().listen();
  }

  reset() {
    super.reset();
    this.sms.length = 0;
    this.voiceCalls.length = 0;
    this.optedOut.clear();
  }

  deliveriesTo(phone: string) {
    return this.sms.filter((m) => m.to === phone).length;
  }

  /** The Voice API: a call needs To, From and exactly one of Url / Twiml (error 21205 / 21201 otherwise, as Twilio). */
  private async placeCall(raw: string, at: number, record: (status: number) => void, res: ServerResponse) {
    const form = new URLSearchParams(raw);
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? "";
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      record(400);
      return send(res, 400, { code: 21211, message: `Invalid 'To' Phone Number: ${to}`, status: 400 });
    }
    const url = form.get("Url") ?? undefined;
    const twiml = form.get("Twiml") ?? undefined;
    if (!url === !twiml) {
      record(400);
      return send(res, 400, { code: 21205, message: "Url or Twiml is required (one of them)", status: 400 });
    }
    const { answered } = await this.nextProgrammed(res, record, (status) => ({ code: status === 429 ? 20429 : 20500, message: `programmed ${status}`, status }));
    if (answered) return;
    const sid = "CA" + randomBytes(16).toString("hex");
    this.voiceCalls.push({
      sid,
      at,
      to,
      from,
      url,
      method: form.get("Method") ?? undefined,
      twiml,
      machineDetection: form.get("MachineDetection") ?? undefined,
      statusCallback: form.get("StatusCallback") ?? undefined,
      statusCallbackEvents: form.getAll("StatusCallbackEvent"),
      timeout: form.get("Timeout") ?? undefined,
    });
    record(201);
    send(res, 201, { sid, account_sid: this.accountSid, to, from, status: "queued", direction: "outbound-api", date_created: new Date(at).toUTCString(), uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json` });
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const path = (req.url ?? "").split("?")[0];
    const raw = await readBody(req);
    const record = (status: number) => this.calls.push({ at, path, status });
    const expectedAuth = "Basic " + Buffer.from(`${this.accountSid}:${this.authToken}`).toString("base64");
    if (req.headers.authorization !== expectedAuth) {
      record(401);
      return send(res, 401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
    }
    if (req.method === "POST" && path === `/2010-04-01/Accounts/${this.accountSid}/Calls.json`) return this.placeCall(raw, at, record, res);
    if (req.method !== "POST" || path !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      record(404);
      return send(res, 404, { code: 20404, message: "not found", status: 404 });
    }
    if (this.rateLimit && !this.rateLimit.admit(at)) {
      record(429);
      return send(res, 429, { code: 20429, message: "Too Many Requests", status: 429 }, { "retry-after": "1" });
    }
    const { answered, reply: programmed } = await this.nextProgrammed(res, record, (status) => ({ code: status === 429 ? 20429 : 20500, message: `programmed ${status}`, status }));
    if (answered) return;
    const form = new URLSearchParams(raw);
    const to = form.get("To") ?? "";
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      record(400);
      return send(res, 400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
    }
    if (this.optedOut.has(to)) {
      record(400);
      return send(res, 400, { code: 21610, message: "Attempt to send to unsubscribed recipient", status: 400 });
    }
    const sid = "SM" + randomBytes(16).toString("hex");
    const sms: TwilioSms = {
      sid,
      at,
      to,
      from: form.get("From") ?? undefined,
      messagingServiceSid: form.get("MessagingServiceSid") ?? undefined,
      body: form.get("Body") ?? "",
      statusCallback: form.get("StatusCallback") ?? undefined,
    };
    this.sms.push(sms);
    await this.latency();
    if (programmed?.delayMs) await sleep(programmed.delayMs);
    const status = programmed?.status ?? 201;
    record(status);
    send(res, status, {
      sid,
      account_sid: this.accountSid,
      to,
      from: sms.from ?? null,
      messaging_service_sid: sms.messagingServiceSid ?? null,
      body: sms.body,
      status: "queued",
      direction: "outbound-api",
      num_segments: "1",
      date_created: new Date(at).toUTCString(),
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    });
  }
}
