import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { Message } from "@/db/schema";
import { analyzeSms } from "../sms-segments";
import { parseRetryAfter, type Pacer } from "../throttle";
import type { SendContext, SendResult, Transport } from "./types";

export type TwilioTransportOptions = {
  accountSid: string;
  authToken: string;
  messagingServiceSid?: string;
  from?: string;
  /** EU data residency: region "ie1", edge "dublin" */
  region?: string;
  edge?: string;
  /** tests only: a local fake Twilio (the SDK has no base-URL option) */
  baseUrl?: string;
  timeoutMs: number;
  /** absolute URL of the status callback, given the outbox message id */
  statusCallbackUrl: (messageId: string) => string;
  throttle?: Pacer;
  /** provider calls in flight at once per dispatcher (EMAIL_SEND_CONCURRENCY / SMS_SEND_CONCURRENCY) */
  concurrency?: number;
};

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;

/** 429 from Twilio, with the Retry-After the SDK's RestException would drop. */
export class TwilioRateLimited extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super("twilio 429: too many requests");
  }
}

/** Rewrites protocol and host of every Twilio API call (tests) and keeps Retry-After of a 429. */
export class TwilioHttpClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string | undefined, opts: { timeout: number }) {
    super({ timeout: opts.timeout, autoRetry: false });
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    let uri = opts.uri;
    if (this.baseUrl) {
      const target = new URL(uri);
      const base = new URL(this.baseUrl);
      target.protocol = base.protocol;
      target.host = base.host;
      uri = target.toString();
    }
    const response = await super.request<TData>({ ...opts, uri });
    if (response.statusCode === 429) {
      const headers = (response.headers ?? {}) as Record<string, string | undefined>;
      throw new TwilioRateLimited(parseRetryAfter(headers["retry-after"]));
    }
    return response;
  }
}

/**
 * SMS through the Twilio SDK. Twilio has no idempotency key: the dispatcher marks a message sent
 * right after Twilio answers, and the status callback URL carries the outbox message id, so a
 * callback that arrives for a message whose answer was lost (crash between call and update)
 * records it as sent and it is not sent again. See docs/operations.md for the residual window.
 */
/** The SDK client of both Twilio transports: our HTTP client (timeout; the local fake as `baseUrl`), EU region/edge unless faked. */
export function twilioClient(opts: { accountSid: string; authToken: string; baseUrl?: string; timeoutMs: number; region?: string; edge?: string }): twilio.Twilio {
  return twilio(opts.accountSid, opts.authToken, {
    httpClient: new TwilioHttpClient(opts.baseUrl, { timeout: opts.timeoutMs }),
    region: opts.baseUrl ? undefined : opts.region,
    edge: opts.baseUrl ? undefined : opts.edge,
  });
}

export class TwilioTransport implements Transport {
  readonly name = "twilio";
  readonly throttle?: Pacer;
  readonly concurrency: number;
  private readonly client: twilio.Twilio;

  constructor(private readonly opts: TwilioTransportOptions) {
    this.throttle = opts.throttle;
    this.concurrency = opts.concurrency ?? 1;
    this.client = twilioClient(opts);
  }

  /**
   * The organisation's sender where it set one (lib/messaging/sender.ts): its messaging service,
   * or its alphanumeric sender ID on its own (one-way: replies cannot reach it); else the
   * installation's service or number.
   */
  private senderOf(message: Message): { messagingServiceSid: string } | { from: string } {
    if (message.sender?.smsMessagingServiceSid) return { messagingServiceSid: message.sender.smsMessagingServiceSid };
    if (message.sender?.smsFrom) return { from: message.sender.smsFrom };
    return this.opts.messagingServiceSid ? { messagingServiceSid: this.opts.messagingServiceSid } : { from: this.opts.from! };
  }

  async send(message: Message, _ctx?: SendContext): Promise<SendResult> {
    try {
      const sent = await this.client.messages.create({
        to: message.recipient ?? "",
        body: analyzeSms(message.body ?? "").normalizedText,
        ...this.senderOf(message),
        statusCallback: this.opts.statusCallbackUrl(message.id),
      });
      return { ok: true, providerId: sent.sid };
    } catch (err) {
      return classifyTwilioError(err);
    }
  }
}

export function classifyTwilioError(err: unknown): SendResult & { ok: false } {
  if (err instanceof TwilioRateLimited) return { ok: false, retryable: true, error: err.message, retryAfterMs: err.retryAfterMs ?? 1000 };
  const e = err as { status?: number; code?: number | string; message?: string };
  if (typeof e?.status === "number") {
    const error = `twilio ${e.status} ${e.code ?? ""}: ${e.message ?? ""}`.slice(0, 500);
    if (e.code === 21610) return { ok: false, retryable: false, recipientOptedOut: true, error };
    if (e.status >= 500) return { ok: false, retryable: true, uncertain: true, error };
    if (e.status === 401 || e.status === 403) return { ok: false, retryable: true, error };
    return { ok: false, retryable: false, error };
  }
  // No HTTP answer. A refused connection never reached Twilio; a timeout or reset may have.
  const code = (err as { code?: string })?.code;
  const error = `twilio network ${code ?? ""}: ${(err as Error)?.message ?? String(err)}`.slice(0, 500);
  return { ok: false, retryable: true, uncertain: code !== "ECONNREFUSED" && code !== "ENOTFOUND", error };
}
