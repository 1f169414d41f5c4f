import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { respondToInvitation } from "@/lib/requests/respond";
import { replyKeyOf } from "../sms-answer-handler";
import { bindTelegramChat, stopTelegramChat, volunteersOfChat } from "@/lib/volunteers/telegram";
import { applyOnce } from "../webhook-receipts";
import type { BotApi } from "./api";
import { parseAnswerData } from "./callbacks";

/**
 * The bot's webhook (issue 18): Telegram POSTs each update with our secret in
 * X-Telegram-Bot-Api-Secret-Token. Every update is applied once (webhook receipt on update_id:
 * a redelivered update changes nothing). Only private chats count; groups are ignored.
 *
 * - `/start <token>`: binds the chat to the volunteer who asked for the link (the opt-in); a used,
 *   expired or unknown token, or `/start` alone in a chat nobody bound, gets the connect
 *   instructions.
 * - `/stop`, or the bot blocked (my_chat_member "kicked"): Telegram stops for every volunteer
 *   record bound to the chat.
 * - a button under an invitation: the answer through respondToInvitation (via "telegram", the
 *   same exactly-N rule as every other channel) — only from the chat the invitation's volunteer
 *   bound; every press is answered (answerCallbackQuery) and the message is edited to show the
 *   outcome without its buttons. Unknown, foreign or expired invitations: "no longer current".
 */

const chat = z.object({ id: z.number().int(), type: z.string().max(20) });
const update = z.object({
  update_id: z.number().int().nonnegative(),
  message: z
    .object({
      message_id: z.number().int(),
      chat,
      from: z.object({ id: z.number().int(), language_code: z.string().max(35).optional() }).optional(),
      text: z.string().max(4096).optional(),
    })
    .optional(),
  callback_query: z
    .object({
      id: z.string().min(1).max(100),
      from: z.object({ id: z.number().int(), language_code: z.string().max(35).optional() }),
      message: z.object({ message_id: z.number().int(), chat, text: z.string().max(4096).optional() }).optional(),
      data: z.string().max(64).optional(),
    })
    .optional(),
  my_chat_member: z.object({ chat, new_chat_member: z.object({ status: z.string().max(20) }) }).optional(),
});
export type TelegramUpdate = z.infer<typeof update>;

export type TelegramWebhookResult = { status: 200 | 400 | 403; applied: boolean };

/** The secret header, compared in constant time; a missing secret (Telegram not configured) refuses all. */
export function telegramSecretOk(expected: string | undefined, got: string | null): boolean {
  if (!expected || !got) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A Telegram client language → a volunteer language ("uk", "pt-br" → German). */
const localeOf = (code: string | undefined): Locale => toLocale(code?.toLowerCase().split("-")[0]);

/**
 * The bot's replies do not decide the update: what changed stays changed when Telegram is slow or
 * refuses a reply (the receipt is kept, so a redelivery does not, e.g., use the token twice).
 */
function replying(api: BotApi): BotApi {
  const quiet = <T>(p: Promise<T>) =>
    p.catch((err) => {
      console.warn(`[telegram] reply failed: ${(err as Error)?.message ?? String(err)}`);
      return undefined as T;
    });
  return {
    sendMessage: (chatId, text, keyboard) => quiet(api.sendMessage(chatId, text, keyboard)),
    editMessageText: (chatId, messageId, text) => quiet(api.editMessageText(chatId, messageId, text)),
    answerCallbackQuery: (id, text) => quiet(api.answerCallbackQuery(id, text)),
  };
}

export async function handleTelegramWebhook(db: Db, botApi: BotApi, opts: { secret: string | undefined; header: string | null; body: unknown; now?: Date }): Promise<TelegramWebhookResult> {
  if (!telegramSecretOk(opts.secret, opts.header)) return { status: 403, applied: false };
  const parsed = update.safeParse(opts.body);
  if (!parsed.success) return { status: 400, applied: false };
  const u = parsed.data;
  const now = opts.now ?? new Date();
  const api = replying(botApi);
  const once = await applyOnce(db, "telegram", String(u.update_id), () => applyUpdate(db, api, u, now));
  return { status: 200, applied: !once.replayed && once.value };
}

async function applyUpdate(db: Db, api: BotApi, u: TelegramUpdate, now: Date): Promise<boolean> {
  if (u.callback_query) return answerButton(db, api, u.callback_query, now);
  if (u.my_chat_member) {
    if (u.my_chat_member.chat.type !== "private" || u.my_chat_member.new_chat_member.status !== "kicked") return false;
    return (await stopTelegramChat(db, String(u.my_chat_member.chat.id), "blocked", now)) > 0;
  }
  const m = u.message;
  if (!m || m.chat.type !== "private" || m.text === undefined) return false;
  const chatId = String(m.chat.id);
  const text = m.text.trim();
  const command = /^\/(\w+)(?:@\w+)?(?:\s+(\S+))?/.exec(text);
  const bound = await volunteersOfChat(db, chatId);
  const locale = bound[0] ? toLocale(bound[0].locale) : localeOf(m.from?.language_code);
  const t = translator(locale, "sms");
  if (command?.[1] === "start" && command[2]) {
    const result = await bindTelegramChat(db, command[2], chatId, now);
    if (!result.ok) {
      await api.sendMessage(chatId, t("telegram.linkInvalid"));
      return false;
    }
    const [org] = await db.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, result.organizationId));
    await api.sendMessage(chatId, translator(toLocale(result.locale), "sms")("telegram.connected", { org: org?.name ?? "" }));
    return true;
  }
  if (command?.[1] === "stop") {
    const stopped = await stopTelegramChat(db, chatId, "stop", now);
    await api.sendMessage(chatId, bound.length ? t("telegram.stopped") : t("telegram.connectFirst"));
    return stopped > 0;
  }
  // anything else: what the bot does, or how to connect it
  await api.sendMessage(chatId, bound.length ? t("telegram.help") : t("telegram.connectFirst"));
  return false;
}

async function answerButton(db: Db, api: BotApi, q: NonNullable<TelegramUpdate["callback_query"]>, now: Date): Promise<boolean> {
  const chatId = String(q.message?.chat.id ?? q.from.id);
  const data = parseAnswerData(q.data);
  const [inv] = data
    ? await db
        .select({ id: s.invitations.id, chat: s.volunteers.telegramChatId, locale: s.volunteers.locale, title: s.requests.title })
        .from(s.invitations)
        .innerJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
        .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
        .where(eq(s.invitations.id, data.invitationId))
    : [];
  // only the chat the invitation's volunteer bound may answer it (the data carry no secret)
  if (!data || !inv || inv.chat !== chatId || (q.message && q.message.chat.type !== "private")) {
    await api.answerCallbackQuery(q.id, translator(localeOf(q.from.language_code), "sms")("telegram.notCurrent"));
    return false;
  }
  const t = translator(toLocale(inv.locale), "sms");
  const result = await respondToInvitation(db, { invitationId: inv.id, answer: data.answer, via: "telegram", now });
  const key = result.ok ? replyKeyOf(result.outcome) : undefined;
  const line = key ? t(key, { title: inv.title }) : t("telegram.notCurrent");
  await api.answerCallbackQuery(q.id, line);
  if (q.message) {
    // the request's text stays, the buttons go, the outcome is added below
    const text = q.message.text ? `${q.message.text}\n\n${line}` : line;
    await api.editMessageText(chatId, q.message.message_id, text.slice(0, 4096));
  }
  return result.ok && result.changed;
}
