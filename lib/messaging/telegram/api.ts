import { Api, GrammyError, HttpError } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { config } from "@/lib/config";

/**
 * The Bot API calls Helferruf makes (issue 18), through grammY's `Api` client: the real library
 * in production and in tests, where TELEGRAM_API_ROOT points it at a local fake of the Bot API
 * (tests/helpers/fake-telegram.ts).
 */
export type BotApi = {
  sendMessage(chatId: string, text: string, keyboard?: InlineKeyboardMarkup): Promise<{ messageId: number }>;
  editMessageText(chatId: string, messageId: number, text: string): Promise<void>;
  answerCallbackQuery(id: string, text: string): Promise<void>;
};

export function grammyBotApi(opts: { token: string; apiRoot?: string; timeoutMs: number }): BotApi {
  const api = new Api(opts.token, { apiRoot: opts.apiRoot, timeoutSeconds: Math.max(1, Math.ceil(opts.timeoutMs / 1000)) });
  return {
    async sendMessage(chatId, text, keyboard) {
      const sent = await api.sendMessage(chatId, text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
      return { messageId: sent.message_id };
    },
    async editMessageText(chatId, messageId, text) {
      // an empty keyboard removes the buttons: the answer is given
      await api.editMessageText(chatId, messageId, text, { reply_markup: { inline_keyboard: [] }, link_preview_options: { is_disabled: true } });
    },
    async answerCallbackQuery(id, text) {
      await api.answerCallbackQuery(id, { text: text.slice(0, 200) });
    },
  };
}

const g = globalThis as unknown as { __helferrufBotApi?: BotApi | null };

/** The configured bot, or null where Telegram is not configured. */
export function getBotApi(): BotApi | null {
  if (g.__helferrufBotApi !== undefined) return g.__helferrufBotApi;
  const c = config();
  g.__helferrufBotApi = c.TELEGRAM_BOT_TOKEN ? grammyBotApi({ token: c.TELEGRAM_BOT_TOKEN, apiRoot: c.TELEGRAM_API_ROOT, timeoutMs: c.PROVIDER_TIMEOUT_MS }) : null;
  return g.__helferrufBotApi;
}

/** tests: forget the cached bot (after changing the configuration) */
export function resetBotApiForTests(): void {
  delete g.__helferrufBotApi;
}

export type TelegramFailure = { retryable: boolean; error: string; retryAfterMs?: number; uncertain?: boolean; blocked?: boolean };

/**
 * A failed Bot API call: 429 waits for `retry_after`; 403 (bot blocked, user deactivated) stops
 * the chat; 5xx and network errors may have reached Telegram (uncertain); other 4xx are final.
 */
export function classifyTelegramError(err: unknown): TelegramFailure {
  if (err instanceof GrammyError) {
    const error = `telegram ${err.error_code}: ${err.description}`.slice(0, 500);
    if (err.error_code === 429) return { retryable: true, error, retryAfterMs: Math.max(1, err.parameters?.retry_after ?? 1) * 1000 };
    if (err.error_code === 403) return { retryable: false, blocked: true, error };
    if (err.error_code >= 500) return { retryable: true, uncertain: true, error };
    if (err.error_code === 401) return { retryable: true, error };
    return { retryable: false, error };
  }
  if (err instanceof HttpError) return { retryable: true, uncertain: true, error: `telegram network: ${err.message}`.slice(0, 500) };
  return { retryable: true, uncertain: true, error: `telegram: ${(err as Error)?.message ?? String(err)}`.slice(0, 500) };
}
