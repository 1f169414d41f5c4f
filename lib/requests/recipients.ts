import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { canUseChannelSql, instantSlotSql, reachesByPreferenceSql } from "@/lib/volunteers/channels";
import type { MessageRecipient } from "./messages";

export type InvitationRecipient = MessageRecipient & { invitationId: string };

/**
 * The columns that say on which channels a volunteer is reached now (joined as s.volunteers),
 * and `channelsOf` that turns them into the recipient's channels: e-mail as preferred and
 * usable; the messenger slot — Telegram or WhatsApp where connected, else SMS (lib/volunteers/channels.ts).
 */
export function recipientChannelColumns() {
  const instant = instantSlotSql(reachesByPreferenceSql("sms"), canUseChannelSql("telegram"), canUseChannelSql("whatsapp"));
  return {
    telegramChatId: s.volunteers.telegramChatId,
    whatsappPhone: s.volunteers.whatsappPhone,
    whatsappOk: sql<boolean>`${instant.whatsappOk}`,
    emailOk: sql<boolean>`${reachesByPreferenceSql("email")}`,
    smsOk: sql<boolean>`${instant.smsOk}`,
    telegramOk: sql<boolean>`${instant.telegramOk}`,
  };
}

export function channelsOf(r: { emailOk: boolean | null; smsOk: boolean | null; telegramOk: boolean | null; whatsappOk: boolean | null }): MessageRecipient["channels"] {
  return [...(r.emailOk ? (["email"] as const) : []), ...(r.smsOk ? (["sms"] as const) : []), ...(r.telegramOk ? (["telegram"] as const) : []), ...(r.whatsappOk ? (["whatsapp"] as const) : [])];
}

/**
 * Recipients of follow-up messages (confirmation, "filled", cancellation, notes, reminders): the
 * invitations' volunteers with the channels they can be reached on now — preferred and usable
 * (lib/volunteers/channels.ts: confirmed, not bounced, not unsubscribed, not opted out). One query.
 */
export async function recipientsOf(tx: DbOrTx, requestId: string, filter: { statuses?: s.Invitation["status"][]; invitationIds?: string[] }): Promise<InvitationRecipient[]> {
  if (filter.invitationIds && filter.invitationIds.length === 0) return [];
  const v = s.volunteers;
  const i = s.invitations;
  const rows = await tx
    .select({
      invitationId: i.id,
      volunteerId: v.id,
      firstName: v.firstName,
      email: v.email,
      phone: v.phone,
      locale: v.locale,
      ...recipientChannelColumns(),
    })
    .from(i)
    .innerJoin(v, eq(v.id, i.volunteerId))
    .where(
      and(
        eq(i.requestId, requestId),
        filter.statuses ? inArray(i.status, filter.statuses) : undefined,
        filter.invitationIds ? inArray(i.id, filter.invitationIds) : undefined,
      ),
    );
  return rows.map((r) => ({
    invitationId: r.invitationId,
    volunteerId: r.volunteerId,
    firstName: r.firstName,
    email: r.email,
    phone: r.phone,
    telegramChatId: r.telegramChatId,
    whatsappPhone: r.whatsappPhone,
    locale: toLocale(r.locale),
    channels: channelsOf(r),
  }));
}
