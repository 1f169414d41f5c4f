import type { Message } from "@/db/schema";
import type { SendResult, Transport } from "./types";

/**
 * Development transport: the message already lives in the outbox table (readable at /dev/outbox);
 * sending only prints it, so links can be followed from the terminal too.
 */
export class DevTransport implements Transport {
  readonly name = "dev";
  constructor(private readonly quiet = process.env.NODE_ENV === "test") {}

  async send(message: Message): Promise<SendResult> {
    if (!this.quiet) {
      const head = message.channel === "email" ? `${message.subject ?? ""}` : message.channel === "voice" ? "call (what it says)" : "SMS";
      console.log(`[outbox:dev] ${message.channel} → ${message.recipient} · ${head}\n${message.body ?? ""}\n`);
    }
    return { ok: true, providerId: `dev-${message.id}` };
  }
}
