import type { Message } from "@/db/schema";
import type { Pacer } from "../throttle";

export type SendFailure = {
  ok: false;
  /** worth trying again later (429, 5xx, timeout, network, provider misconfiguration) */
  retryable: boolean;
  error: string;
  /** the provider asked us to wait this long (Retry-After) */
  retryAfterMs?: number;
  /**
   * The provider may have accepted the call (timeout, 5xx, connection lost after sending): the
   * retry must reuse the same idempotency key and the same batch, or it could send twice.
   */
  uncertain?: boolean;
  /** Twilio 21610: the recipient has opted out at the carrier/Twilio level */
  recipientOptedOut?: boolean;
};

export type SendResult = { ok: true; providerId: string | null } | SendFailure;

export type BatchResult =
  | { ok: true; providerIds: (string | null)[] }
  | (SendFailure & {
      /** the provider refused the whole batch because one message in it is invalid: send them one by one */
      invalidBatch?: boolean;
    });

export type SendContext = { idempotencyKey: string };

export interface Transport {
  /** "dev", "resend", "twilio" */
  readonly name: string;
  send(message: Message, ctx?: SendContext): Promise<SendResult>;
  /** several messages in one provider call (Resend batch); all or none are accepted */
  sendBatch?(messages: Message[], ctx: SendContext): Promise<BatchResult>;
  /** the largest batch sendBatch accepts */
  readonly maxBatchSize?: number;
  /** paces provider calls (provider rate limit) */
  readonly throttle?: Pacer;
  /**
   * Provider calls of this transport in flight at once per dispatcher (default 1). They still
   * start no closer than the pacing allows: concurrency only overlaps the providers' latency.
   */
  readonly concurrency?: number;
}
