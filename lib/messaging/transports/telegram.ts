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

  /** when each chat was last written to by this process (Telegram: about one message per second per chat) */
  private readonly lastByChat = new Map<string, number>();
  private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> };

  constructor(private readonly opts: { api: BotApi; throttle?: Pacer; concurrency?: number; perChatGapMs?: number; clock?: { now: () => number; sleep: (ms: number) => Promise<void> } }) {
    this.throttle = opts.throttle;
    this.concurrency = opts.concurrency ?? 4;
    this.clock = opts.clock ?? { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
  }

  /**
   * Keeps messages to one chat a second apart (Telegram answers 429 above about one per second per
   * chat): the rare second message to the same chat in one run — an invitation and a reminder, two
   * waves — waits for its turn here instead of failing. Per process; across instances the 429's
   * retry_after still applies.
   */
  private async spaceChat(chat: string): Promise<void> {
    const gap = this.opts.perChatGapMs ?? 1000;
    const now = this.clock.now();
    const last = this.lastByChat.get(chat);
    const at = last === undefined ? now : Math.max(now, last + gap);
    this.lastByChat.set(chat, at);
    if (this.lastByChat.size > 10_000) for (const [c, t] of this.lastByChat) if (t < now - gap) this.lastByChat.delete(c);
    if (at > now) await this.clock.sleep(at - now);
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
    await this.spaceChat(message.recipient ?? "");
    try {
      const sent = await this.opts.api.sendMessage(message.recipient ?? "", message.body ?? "", keyboard);
      return { ok: true, providerId: String(sent.messageId) };
    } catch (err) {
      const f = classifyTelegramError(err);
      return { ok: false, retryable: f.retryable, error: f.error, retryAfterMs: f.retryAfterMs, uncertain: f.uncertain, recipientOptedOut: f.blocked };
    }
  }
}
