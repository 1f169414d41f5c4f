import { Resend } from "resend";
import type { Message } from "@/db/schema";
import { formatFrom } from "../sender";
import { parseRetryAfter, type Pacer } from "../throttle";
import type { BatchResult, SendContext, SendFailure, SendResult, Transport } from "./types";

export type ResendTransportOptions = {
  apiKey: string;
  from: string;
  replyTo?: string;
  /** a local fake in tests; the SDK default (https://api.resend.com) otherwise */
  baseUrl?: string;
  timeoutMs: number;
  throttle?: Pacer;
  /** provider calls in flight at once per dispatcher (EMAIL_SEND_CONCURRENCY / SMS_SEND_CONCURRENCY) */
  concurrency?: number;
  /** e-mails per batch call (Resend allows 100) */
  batchSize?: number;
};

type ResendError = { message: string; statusCode: number | null; name: string };

/**
 * E-mail through the Resend SDK. Every call carries an Idempotency-Key (the message id, or for a
 * batch a key derived from its message ids, chosen by the dispatcher), so a call repeated after
 * a timeout or a crash is answered from Resend's record instead of sending again (24 h window).
 */
export class ResendTransport implements Transport {
  readonly name = "resend";
  /** Resend's batch endpoint takes up to 100 e-mails per call */
  readonly maxBatchSize: number;
  readonly throttle?: Pacer;
  readonly concurrency: number;
  private readonly client: Resend;

  constructor(private readonly opts: ResendTransportOptions) {
    this.client = new Resend(opts.apiKey, opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined);
    this.throttle = opts.throttle;
    this.concurrency = opts.concurrency ?? 1;
    this.maxBatchSize = Math.min(100, opts.batchSize ?? 100);
  }

  private payload(m: Message) {
    return {
      // the organisation's sender where it set one (lib/messaging/sender.ts), else the installation's
      from: formatFrom(this.opts.from, m.sender),
      to: [m.recipient ?? ""],
      subject: m.subject ?? "",
      text: m.body ?? "",
      ...(m.html ? { html: m.html } : {}),
      ...((m.sender?.replyTo ?? this.opts.replyTo) ? { replyTo: m.sender?.replyTo ?? this.opts.replyTo } : {}),
      ...(m.headers && Object.keys(m.headers).length ? { headers: m.headers } : {}),
      ...(m.attachments?.length
        ? { attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, "utf8") })) }
        : {}),
      // lets the delivery webhook find the outbox row even before the provider id is stored
      tags: [{ name: "message_id", value: m.id }],
    };
  }

  async send(message: Message, ctx?: SendContext): Promise<SendResult> {
    const res = await this.client.emails.send(this.payload(message), {
      idempotencyKey: ctx?.idempotencyKey ?? message.id,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    if (res.error) return classifyResendError(res.error as ResendError, res.headers);
    return { ok: true, providerId: res.data.id };
  }

  async sendBatch(messages: Message[], ctx: SendContext): Promise<BatchResult> {
    const res = await this.client.batch.send(messages.map((m) => this.payload(m)), {
      idempotencyKey: ctx.idempotencyKey,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    if (res.error) {
      const failure = classifyResendError(res.error as ResendError, res.headers);
      // strict batch validation refuses the whole call for one bad address: nothing was sent
      return { ...failure, invalidBatch: !failure.retryable && !failure.uncertain && isValidationError(res.error as ResendError) };
    }
    const ids = res.data.data.map((d) => d.id);
    if (ids.length !== messages.length) {
      return { ok: false, retryable: true, uncertain: true, error: `batch answered ${ids.length} ids for ${messages.length} e-mails` };
    }
    return { ok: true, providerIds: ids };
  }
}

function isValidationError(e: ResendError) {
  return e.statusCode === 400 || e.statusCode === 422;
}

export function classifyResendError(e: ResendError, headers: Record<string, string> | null): SendFailure {
  const error = `resend ${e.statusCode ?? "network"} ${e.name}: ${e.message}`.slice(0, 500);
  const status = e.statusCode;
  // No HTTP answer at all (timeout, connection reset): the e-mail may have been accepted.
  if (status === null) return { ok: false, retryable: true, uncertain: true, error };
  if (status === 429) return { ok: false, retryable: true, error, retryAfterMs: parseRetryAfter(headers?.["retry-after"]) ?? 1000 };
  if (status === 409) {
    // Another call with this key is still running: its answer will be replayed to us later.
    if (e.name === "concurrent_idempotent_requests") return { ok: false, retryable: true, uncertain: true, error };
    return { ok: false, retryable: false, error };
  }
  if (status >= 500) return { ok: false, retryable: true, uncertain: true, error, retryAfterMs: parseRetryAfter(headers?.["retry-after"]) };
  // Wrong key or unverified domain: a configuration problem that an operator fixes; keep the mail.
  if (status === 401 || status === 403) return { ok: false, retryable: true, error };
  return { ok: false, retryable: false, error };
}
