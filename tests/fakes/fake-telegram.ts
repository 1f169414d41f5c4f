import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeProvider, readBody, send } from "./http";

export type TelegramCall = { at: number; method: string; status: number; body: Record<string, unknown> };
export type TelegramSent = { chatId: string; messageId: number; text: string; keyboard: { text: string; callback_data: string }[][] | null };

/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) on 127.0.0.1, as
 * grammY calls it: POST /bot<token>/<method> with a JSON body, answered `{ ok, result }` or
 * `{ ok: false, error_code, description, parameters }`. It knows sendMessage (records the text and
 * the inline keyboard, numbers the messages per chat), editMessageText (replaces the text and the
 * keyboard of a message it sent) and answerCallbackQuery; a wrong token gets 401 as from
 * Telegram; `block(chat)` makes sends to a chat fail with 403 "bot was blocked by the user";
 * `program()` answers 429 with retry_after, 500 or late.
 */
export class FakeTelegram extends FakeProvider<TelegramCall> {
  readonly sent: TelegramSent[] = [];
  readonly callbackAnswers: { id: string; text: string }[] = [];
  /** what setWebhook registered (npm run telegram:webhook) */
  webhook: { url: string; secret_token: unknown; allowed_updates: unknown } | null = null;
  private readonly blocked = new Set<string>();
  private nextId = 1;

  constructor(readonly token = "123456789:AAFakeTokenForTestsOnly_0123456789abcdef") {
    super();
  }

  /** the browser journeys (tests/fakes/serve-fake-telegram.ts): GET /_test/sent?chat=<id> lists what a chat got */
  inspectable = false;

  private inspect(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/_test/health") return send(res, 200, { ok: true });
    if (url.pathname === "/_test/sent") return send(res, 200, { sent: this.to(url.searchParams.get("chat") ?? ""), answers: this.callbackAnswers });
    return send(res, 404, { ok: false });
  }

  /** the Bot API root for grammY's `apiRoot` (TELEGRAM_API_ROOT) */
  get apiRoot() {
    return this.url;
  }

  block(chatId: string) {
    this.blocked.add(chatId);
  }

  reset() {
    super.reset();
    this.sent.length = 0;
    this.callbackAnswers.length = 0;
    this.blocked.clear();
  }

  /** the messages sent to one chat, oldest first */
  to(chatId: string | number) {
    return this.sent.filter((m) => m.chatId === String(chatId));
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    if (this.inspectable && req.url?.startsWith("/_test/")) return this.inspect(req, res);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const record = (status: number) => this.calls.push({ at: Date.now(), method: m?.[2] ?? "?", status, body });
    const fail = (status: number, description: string, parameters?: Record<string, unknown>) => {
      record(status);
      send(res, status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });
    };
    if (!m) return fail(404, "Not Found");
    if (m[1] !== this.token) return fail(401, "Unauthorized");
    const { answered } = await this.nextProgrammed(res, record, (status) =>
      status === 429 ? { ok: false, error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } } : { ok: false, error_code: status, description: "Internal Server Error" },
    );
    if (answered) return;
    await this.latency();
    const chatId = body.chat_id === undefined ? "" : String(body.chat_id);
    switch (m[2]) {
      case "sendMessage": {
        if (!chatId || typeof body.text !== "string" || body.text.length === 0) return fail(400, "Bad Request: message text is empty");
        if (body.text.length > 4096) return fail(400, "Bad Request: message is too long");
        if (this.blocked.has(chatId)) return fail(403, "Forbidden: bot was blocked by the user");
        const markup = body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
        for (const row of markup?.inline_keyboard ?? []) {
          for (const b of row) if (Buffer.byteLength(b.callback_data ?? "") > 64) return fail(400, "Bad Request: BUTTON_DATA_INVALID");
        }
        const messageId = this.nextId++;
        this.sent.push({ chatId, messageId, text: body.text, keyboard: markup?.inline_keyboard ?? null });
        record(200);
        return send(res, 200, { ok: true, result: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: "private" }, text: body.text } });
      }
      case "editMessageText": {
        const msg = this.sent.find((x) => x.chatId === chatId && x.messageId === body.message_id);
        if (!msg) return fail(400, "Bad Request: message to edit not found");
        msg.text = String(body.text ?? "");
        const markup = body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
        msg.keyboard = markup?.inline_keyboard?.length ? markup.inline_keyboard : null;
        record(200);
        return send(res, 200, { ok: true, result: { message_id: msg.messageId, chat: { id: Number(chatId), type: "private" }, text: msg.text } });
      }
      case "answerCallbackQuery": {
        this.callbackAnswers.push({ id: String(body.callback_query_id), text: String(body.text ?? "") });
        record(200);
        return send(res, 200, { ok: true, result: true });
      }
      case "setWebhook": {
        if (typeof body.url !== "string" || !body.url.startsWith("https://")) return fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        this.webhook = { url: body.url, secret_token: body.secret_token, allowed_updates: body.allowed_updates };
        record(200);
        return send(res, 200, { ok: true, result: true, description: "Webhook was set" });
      }
      case "getWebhookInfo": {
        record(200);
        return send(res, 200, { ok: true, result: { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: 0, allowed_updates: this.webhook?.allowed_updates } });
      }
      case "deleteWebhook": {
        this.webhook = null;
        record(200);
        return send(res, 200, { ok: true, result: true });
      }
      default:
        return fail(404, "Not Found: method not found");
    }
  }
}

/** Updates as Telegram posts them to the webhook. */
let updateId = 1000;
export const tgUpdate = {
  text: (chatId: number, text: string, languageCode = "de") => ({
    update_id: ++updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, from: { id: chatId, is_bot: false, first_name: "Test", language_code: languageCode }, text },
  }),
  press: (chatId: number, sent: { messageId: number; text: string }, data: string, languageCode = "de") => ({
    update_id: ++updateId,
    callback_query: {
      id: `cbq-${updateId}`,
      from: { id: chatId, is_bot: false, first_name: "Test", language_code: languageCode },
      message: { message_id: sent.messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, text: sent.text },
      chat_instance: "1",
      data,
    },
  }),
  blocked: (chatId: number) => ({
    update_id: ++updateId,
    my_chat_member: { chat: { id: chatId, type: "private" }, from: { id: chatId, is_bot: false, first_name: "Test" }, date: 0, old_chat_member: { status: "member" }, new_chat_member: { status: "kicked" } },
  }),
};
