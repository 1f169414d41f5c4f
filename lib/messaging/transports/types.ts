import type { Message } from "@/db/schema";

export type SendResult =
  | { ok: true; providerId: string | null }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface Transport {
  /** "dev", "resend", "twilio" */
  readonly name: string;
  send(message: Message): Promise<SendResult>;
}
