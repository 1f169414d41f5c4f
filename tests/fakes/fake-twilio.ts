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
/** A WhatsApp message (issue 18): a template by ContentSid with its variables, or free text in the 24-hour window. */
export type TwilioWhatsapp = { sid: string; at: number; to: string; from: string; contentSid?: string; contentVariables?: Record<string, string>; body?: string; statusCallback?: string };
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
  /** WhatsApp (issue 18): messages sent to "whatsapp:" addresses */
  readonly whatsapp: TwilioWhatsapp[] = [];
  /** numbers that wrote to the WhatsApp sender within 24 hours: only they take free text (else 63016, as WhatsApp) */
  readonly whatsappSessions = new Set<string>();
  /** numbers without WhatsApp (error 63024) */
  readonly notOnWhatsapp = new Set<string>();

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
    this.whatsapp.length = 0;
    this.whatsappSessions.clear();
    this.notOnWhatsapp.clear();
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
    if (to.startsWith("whatsapp:")) return this.sendWhatsapp(form, at, record, res);
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

  /**
   * WhatsApp through the Messages API as Twilio checks it: From must be a "whatsapp:" sender too
   * (63007), ContentSid an HX SID with JSON ContentVariables (21656), or a Body — free text only
   * to a number in its 24-hour session (63016); numbers without WhatsApp answer 63024.
   */
  private async sendWhatsapp(form: URLSearchParams, at: number, record: (status: number) => void, res: ServerResponse) {
    const to = (form.get("To") ?? "").slice("whatsapp:".length);
    const from = form.get("From") ?? "";
    const fail = (code: number, message: string) => {
      record(400);
      send(res, 400, { code, message, status: 400 });
    };
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return fail(21211, `Invalid 'To' WhatsApp number: ${to}`);
    if (!/^whatsapp:\+[1-9]\d{6,14}$/.test(from)) return fail(63007, "Twilio could not find a Channel with the specified From address");
    if (this.notOnWhatsapp.has(to)) return fail(63024, "Invalid message recipient");
    if (this.optedOut.has(to)) return fail(21610, "Attempt to send to unsubscribed recipient");
    const contentSid = form.get("ContentSid") ?? undefined;
    let contentVariables: Record<string, string> | undefined;
    if (contentSid) {
      if (!/^HX[0-9a-fA-F]{32}$/.test(contentSid)) return fail(21655, "The ContentSid is invalid");
      try {
        contentVariables = JSON.parse(form.get("ContentVariables") ?? "{}") as Record<string, string>;
      } catch {
        return fail(21656, "The ContentVariables parameter is invalid");
      }
      for (const v of Object.values(contentVariables)) if (/[\n\t]| {5,}/.test(v)) return fail(21656, "Content variables may not contain new lines, tabs or more than 4 spaces");
    } else {
      if (!form.get("Body")) return fail(21619, "A text message body or media url must be specified");
      if (!this.whatsappSessions.has(to)) return fail(63016, "Failed to send freeform message because you are outside the allowed window");
    }
    const { answered } = await this.nextProgrammed(res, record, (status) => ({ code: status === 429 ? 20429 : 20500, message: `programmed ${status}`, status }));
    if (answered) return;
    const sid = "SM" + randomBytes(16).toString("hex");
    this.whatsapp.push({ sid, at, to, from: from.slice("whatsapp:".length), contentSid, contentVariables, body: form.get("Body") ?? undefined, statusCallback: form.get("StatusCallback") ?? undefined });
    record(201);
    send(res, 201, { sid, account_sid: this.accountSid, to: `whatsapp:${to}`, from, body: form.get("Body") ?? "", status: "queued", direction: "outbound-api", num_segments: "1", date_created: new Date(at).toUTCString(), uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json` });
  }
}
