import type { Message } from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { classifyTelegramError, type BotApi } from "../telegram/api";
import { answerData } from "../telegram/callbacks";
import type { Pacer } from "../throttle";
import type { SendContext, SendResult, Transport } from "./types";

/**
 * Telegram messages through the Bot API (issue 18). An invitation gets two buttons under its text
 * ("Zusagen" / "Absagen" in the volunteer's language) whose callback data name the invitation
 * (lib/messaging/telegram/callbacks.ts); every other message is its text alone. The Bot API has no
 * idempotency key: like Twilio SMS, a message whose answer is lost (timeout, crash between the call
 * and the update) may be sent once more on retry — the window is one provider timeout.
 */
export class TelegramTransport implements Transport {
  readonly name = "telegram";
  readonly throttle?: Pacer;
  readonly concurrency: number;

  constructor(private readonly opts: { api: BotApi; throttle?: Pacer; concurrency?: number }) {
    this.throttle = opts.throttle;
    this.concurrency = opts.concurrency ?? 4;
  }

  async send(message: Message, _ctx?: SendContext): Promise<SendResult> {
    const t = translator(toLocale(message.locale), "sms");
    const keyboard =
      message.kind === "invitation" && message.invitationId
        ? {
            inline_keyboard: [
              [
                { text: t("telegram.accept"), callback_data: answerData("accept", message.invitationId) },
                { text: t("telegram.decline"), callback_data: answerData("decline", message.invitationId) },
              ],
            ],
          }
        : undefined;
    try {
      const sent = await this.opts.api.sendMessage(message.recipient ?? "", message.body ?? "", keyboard);
      return { ok: true, providerId: String(sent.messageId) };
    } catch (err) {
      const f = classifyTelegramError(err);
      return { ok: false, retryable: f.retryable, error: f.error, retryAfterMs: f.retryAfterMs, uncertain: f.uncertain, recipientOptedOut: f.blocked };
    }
  }
}
