import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { config } from "@/lib/config";
import { deleteVolunteerTokens, findVolunteerToken, issueVolunteerToken, useVolunteerToken } from "./tokens";

/**
 * Telegram for a volunteer (issue 18). The opt-in is the volunteer's own act twice over: they ask
 * for a link on their profile (a one-time token, stored as its hash, valid for an hour) and open
 * it in Telegram, which sends `/start <token>` from their private chat to our bot; only that binds
 * the chat. From then on the messages of the SMS slot go to Telegram (lib/volunteers/channels.ts
 * instantSlotSql). `/stop`, blocking the bot, or "stop" in the profile stop it (the chat stays
 * bound, so "resume" needs no new link); "disconnect" forgets the chat.
 */

export type TelegramView = { connected: boolean; stopped: boolean; connectedAt: Date | null };

/** Telegram is offered where the installation configured a bot (token, name and webhook secret). */
export function telegramEnabled(): boolean {
  const c = config();
  return !!(c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_BOT_USERNAME && c.TELEGRAM_WEBHOOK_SECRET);
}

export async function loadTelegramView(volunteerId: string, db?: Db): Promise<TelegramView | null> {
  const d = db ?? (await getDb());
  const [v] = await d
    .select({ chat: s.volunteers.telegramChatId, at: s.volunteers.telegramConnectedAt, out: s.volunteers.telegramOptedOutAt })
    .from(s.volunteers)
    .where(eq(s.volunteers.id, volunteerId));
  if (!v) return null;
  return { connected: !!v.chat, stopped: !!v.chat && !!v.out, connectedAt: v.chat ? v.at : null };
}

type Ctx = { ip?: string | null; now?: Date; db?: Db };

/** The t.me deep link that connects this volunteer (an earlier, unused link stops working). */
export async function telegramConnectLink(volunteerId: string, ctx: Ctx = {}): Promise<string | null> {
  if (!telegramEnabled()) return null;
  const db = ctx.db ?? (await getDb());
  const token = await db.transaction(async (tx) => {
    await deleteVolunteerTokens(tx, volunteerId, ["connect_telegram"]);
    return issueVolunteerToken(tx, volunteerId, "connect_telegram", ctx.now);
  });
  return `https://t.me/${config().TELEGRAM_BOT_USERNAME}?start=${token}`;
}

export type BindResult = { ok: true; volunteerId: string; organizationId: string; locale: string } | { ok: false };

/**
 * `/start <token>` from a private chat: binds the chat to the token's volunteer, once (a second
 * use of the token, an expired or unknown one binds nothing).
 */
export async function bindTelegramChat(db: Db, token: string, chatId: string, now = new Date()): Promise<BindResult> {
  const row = await findVolunteerToken(db, token, ["connect_telegram"]);
  if (!row) return { ok: false };
  return db.transaction(async (tx) => {
    const used = await useVolunteerToken(tx, row.id, now);
    if (!used) return { ok: false as const };
    const [v] = await tx
      .update(s.volunteers)
      .set({ telegramChatId: chatId, telegramConnectedAt: now, telegramOptedOutAt: null, updatedAt: now })
      .where(eq(s.volunteers.id, row.volunteerId))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId, locale: s.volunteers.locale });
    if (!v) return { ok: false as const };
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.telegram_connected", objectType: "volunteer", objectId: v.id });
    return { ok: true as const, volunteerId: v.id, organizationId: v.organizationId, locale: v.locale };
  });
}

/** Queued Telegram messages never go out after a stop or a disconnect. */
async function cancelQueuedTelegram(tx: DbOrTx, where: ReturnType<typeof eq>, reason: string) {
  await tx.update(s.messages).set({ status: "cancelled", lastError: reason }).where(and(where, eq(s.messages.channel, "telegram"), eq(s.messages.status, "queued")));
}

/**
 * `/stop` in the chat or the bot blocked (Telegram's my_chat_member "kicked"): every volunteer
 * record bound to the chat (one per organisation) stops. Returns how many records stopped.
 */
export async function stopTelegramChat(db: Db, chatId: string, how: "stop" | "blocked", now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ telegramOptedOutAt: now, updatedAt: now })
      .where(and(eq(s.volunteers.telegramChatId, chatId), sql`${s.volunteers.telegramOptedOutAt} is null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    for (const r of rows) {
      await cancelQueuedTelegram(tx, eq(s.messages.volunteerId, r.id), how === "stop" ? "recipient stopped Telegram" : "recipient blocked the bot");
      await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: "volunteer.telegram_opted_out", objectType: "volunteer", objectId: r.id, details: { by: how } });
    }
    return rows.length;
  });
}

/** The volunteers bound to a chat (one per organisation), for the bot's answers. */
export async function volunteersOfChat(db: DbOrTx, chatId: string) {
  return db
    .select({ id: s.volunteers.id, organizationId: s.volunteers.organizationId, locale: s.volunteers.locale, optedOut: s.volunteers.telegramOptedOutAt })
    .from(s.volunteers)
    .where(eq(s.volunteers.telegramChatId, chatId));
}

/** The profile's "stop" (true) or "resume" (false) for the bound chat. */
export async function setTelegramStopped(volunteerId: string, stopped: boolean, ctx: Ctx = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ telegramOptedOutAt: stopped ? now : null, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.telegramChatId} is not null`, stopped ? sql`${s.volunteers.telegramOptedOutAt} is null` : sql`${s.volunteers.telegramOptedOutAt} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    if (stopped && rows.length) await cancelQueuedTelegram(tx, eq(s.messages.volunteerId, volunteerId), "recipient stopped Telegram");
    for (const r of rows) {
      await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: stopped ? "volunteer.telegram_opted_out" : "volunteer.telegram_resumed", objectType: "volunteer", objectId: r.id, ip: ctx.ip ?? null, details: stopped ? { by: "profile" } : undefined });
    }
    return rows.length > 0;
  });
}

/** Forgets the chat; queued Telegram messages are cancelled and the SMS slot takes over again. */
export async function disconnectTelegram(volunteerId: string, ctx: Ctx = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ telegramChatId: null, telegramConnectedAt: null, telegramOptedOutAt: null, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.telegramChatId} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    await cancelQueuedTelegram(tx, eq(s.messages.volunteerId, volunteerId), "Telegram disconnected");
    await deleteVolunteerTokens(tx, volunteerId, ["connect_telegram"]);
    for (const r of rows) await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: "volunteer.telegram_disconnected", objectType: "volunteer", objectId: r.id, ip: ctx.ip ?? null });
    return rows.length > 0;
  });
}
