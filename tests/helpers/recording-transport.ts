import type { Message } from "@/db/schema";
import type { BatchResult, SendResult, Transport } from "@/lib/messaging/transports/types";

/** A transport that records what it was handed; e-mails in batches like Resend. */
export class RecordingTransport implements Transport {
  readonly name = "recording";
  readonly maxBatchSize = 100;
  handed: Message[] = [];
  async send(m: Message): Promise<SendResult> {
    this.handed.push(m);
    return { ok: true, providerId: `rec-${m.id}` };
  }
  async sendBatch(ms: Message[]): Promise<BatchResult> {
    this.handed.push(...ms);
    return { ok: true, providerIds: ms.map((m) => `rec-${m.id}`) };
  }
}
