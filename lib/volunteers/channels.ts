import { sql, type SQL } from "drizzle-orm";
import * as s from "@/db/schema";

/**
 * Who is reachable on which channel — the one rule, in TypeScript (`canUseChannel`) and as the
 * same SQL on the volunteers table (`canUseChannelSql`). A channel may be used when it has an
 * address, the volunteer confirmed it (double opt-in), and it is not stopped: e-mail not bounced
 * and not unsubscribed (RFC 8058), SMS not opted out (STOP). Everything that chooses whom to send
 * to builds on these two: matching, the recipients of follow-up messages, the waves' second
 * channel, and `reachableChannels` for single messages. The dispatcher re-checks the stop flags
 * right before each send (a flag set after the message was queued).
 */
export type Channel = "email" | "sms" | "voice" | "telegram" | "whatsapp";
/**
 * The text channels: single messages (notices, confirmations, reminders) use only these. A voice
 * call (issue 18) carries invitations only: see `voiceOnlySql` for when a request calls.
 */
export type TextChannel = "email" | "sms";
export const CHANNELS: readonly TextChannel[] = ["email", "sms"];
/** What a volunteer prefers, or what a request allows. */
export type ChannelChoice = "sms" | "email" | "both";

export type ReachableInput = {
  email: string | null;
  phone: string | null;
  emailConfirmedAt: Date | null;
  phoneConfirmedAt: Date | null;
  contactPreference: ChannelChoice;
  emailBouncedAt?: Date | null;
  /** one-click unsubscribe (RFC 8058) */
  emailOptedOutAt?: Date | null;
  smsOptedOutAt?: Date | null;
  voicePhone?: string | null;
  voiceConfirmedAt?: Date | null;
  voiceOptedOutAt?: Date | null;
  telegramChatId?: string | null;
  telegramOptedOutAt?: Date | null;
  whatsappPhone?: string | null;
  whatsappOptedOutAt?: Date | null;
};

export function choiceIncludes(choice: ChannelChoice, channel: Channel): boolean {
  return choice === "both" || choice === channel;
}

/** The rule in TypeScript: the channel has an address, is confirmed and not stopped. */
export function canUseChannel(v: Omit<ReachableInput, "contactPreference">, channel: Channel): boolean {
  if (channel === "voice") return !!(v.voicePhone && v.voiceConfirmedAt && !v.voiceOptedOutAt);
  if (channel === "telegram") return !!(v.telegramChatId && !v.telegramOptedOutAt);
  if (channel === "whatsapp") return !!(v.whatsappPhone && !v.whatsappOptedOutAt);
  return channel === "email" ? !!(v.email && v.emailConfirmedAt && !v.emailBouncedAt && !v.emailOptedOutAt) : !!(v.phone && v.phoneConfirmedAt && !v.smsOptedOutAt);
}

/** The same rule as SQL on `volunteers` (the table itself, not an alias). */
export function canUseChannelSql(channel: Channel): SQL {
  const v = s.volunteers;
  if (channel === "voice") return sql`(${v.voicePhone} is not null and ${v.voiceConfirmedAt} is not null and ${v.voiceOptedOutAt} is null)`;
  if (channel === "telegram") return sql`(${v.telegramChatId} is not null and ${v.telegramOptedOutAt} is null)`;
  if (channel === "whatsapp") return sql`(${v.whatsappPhone} is not null and ${v.whatsappOptedOutAt} is null)`;
  return channel === "email"
    ? sql`(${v.email} is not null and ${v.emailConfirmedAt} is not null and ${v.emailBouncedAt} is null and ${v.emailOptedOutAt} is null)`
    : sql`(${v.phone} is not null and ${v.phoneConfirmedAt} is not null and ${v.smsOptedOutAt} is null)`;
}

/** The volunteer prefers this channel (alone or with the other). */
export function prefersSql(channel: Channel): SQL {
  return sql`${s.volunteers.contactPreference} in (${sql.raw(`'${channel}'`)}, 'both')`;
}

/** Preferred and usable: how requests reach a volunteer (no fallback to a channel they did not choose). */
export function reachesByPreferenceSql(channel: Channel): SQL {
  return sql`(${prefersSql(channel)} and ${canUseChannelSql(channel)})`;
}

export function confirmedChannels(v: Omit<ReachableInput, "contactPreference">): Channel[] {
  return CHANNELS.filter((c) => canUseChannel(v, c));
}

/**
 * The channels to use for a single message (notices, reminders of the volunteer's own account):
 * the usable ones the volunteer prefers; if the preferred channel is not (yet) confirmed, another
 * usable one, so a volunteer is never silently lost.
 */
export function reachableChannels(v: ReachableInput): Channel[] {
  const usable = confirmedChannels(v);
  const chosen = usable.filter((c) => choiceIncludes(v.contactPreference, c));
  return chosen.length > 0 ? chosen : usable;
}

export function contactOf(v: { email: string | null; phone: string | null; voicePhone?: string | null; telegramChatId?: string | null; whatsappPhone?: string | null }, channel: Channel): string | null {
  if (channel === "voice") return v.voicePhone ?? null;
  if (channel === "telegram") return v.telegramChatId ?? null;
  if (channel === "whatsapp") return v.whatsappPhone ?? null;
  return channel === "email" ? v.email : v.phone;
}

/** The phone channels in the order a volunteer may choose (volunteers.instant_order: t, w, s). */
export type InstantChannel = "telegram" | "whatsapp" | "sms";
export const INSTANT_CHANNELS: readonly InstantChannel[] = ["telegram", "whatsapp", "sms"];
const LETTER: Record<InstantChannel, string> = { telegram: "t", whatsapp: "w", sms: "s" };
export const INSTANT_ORDERS = ["tws", "tsw", "wts", "wst", "stw", "swt"] as const;
export type InstantOrder = (typeof INSTANT_ORDERS)[number];

/** The stored order with `first` first and the others as the default order has them (Telegram, WhatsApp, SMS). */
export function orderWithFirst(first: InstantChannel): InstantOrder {
  return [first, ...INSTANT_CHANNELS.filter((c) => c !== first)].map((c) => LETTER[c]).join("") as InstantOrder;
}



const ORDERED = new Map<string, readonly InstantChannel[]>();
/** The phone channels in a stored order ("stw" → SMS, Telegram, WhatsApp). */
export function orderedChannels(order: string): readonly InstantChannel[] {
  // six possible orders, asked once per matched volunteer (10,000 times in a large send): computed once each
  let known = ORDERED.get(order);
  if (!known) {
    known = Object.freeze([...order].flatMap((letter) => INSTANT_CHANNELS.filter((c) => LETTER[c] === letter)));
    if (ORDERED.size < 64) ORDERED.set(order, known);
  }
  return known;
}

export function firstOf(order: string): InstantChannel {
  return orderedChannels(order)[0] ?? "telegram";
}

/** Which phone channel carries the SMS slot: the first usable one in the volunteer's order. */
export function instantChannelOf(order: string, usable: Partial<Record<InstantChannel, boolean>>): InstantChannel | null {
  return orderedChannels(order).find((c) => usable[c]) ?? null;
}

/**
 * The phone channels as one slot (issue 18's channel model): a volunteer who connected a messenger
 * (the deep link or the code they sent is their opt-in) gets what would otherwise go by SMS — the
 * invitation with its buttons and every follow-up — on exactly one of Telegram, WhatsApp and SMS:
 * the first usable one in their order (`volunteers.instant_order`, by default Telegram, WhatsApp,
 * SMS; chosen on /profile). After a stop or disconnecting, the next one takes over. E-mail goes
 * alongside as contact_preference says. A request's SMS allowance covers the messengers (a request
 * limited to e-mail uses none of them). The arguments are the stored columns (or expressions) of
 * the table read; `order` its instant_order.
 */
export function instantSlotSql(reachSms: SQL, reachTelegram: SQL, reachWhatsapp: SQL, order: SQL = sql`${s.volunteers.instantOrder}`): { smsOk: SQL; telegramOk: SQL; whatsappOk: SQL } {
  const reach: Record<InstantChannel, SQL> = { telegram: reachTelegram, whatsapp: reachWhatsapp, sms: reachSms };
  const ok = (c: InstantChannel) => {
    const before = INSTANT_CHANNELS.filter((d) => d !== c).map((d) => sql`not (${reach[d]} and strpos(${order}, ${sql.raw(`'${LETTER[d]}'`)}) < strpos(${order}, ${sql.raw(`'${LETTER[c]}'`)}))`);
    return sql`(${reach[c]} and ${sql.join(before, sql` and `)})`;
  };
  return { smsOk: ok("sms"), telegramOk: ok("telegram"), whatsappOk: ok("whatsapp") };
}

/**
 * When a request calls (issue 18, until the channel order of issue 18's channel model decides):
 * a request that may use every channel ("both") calls the volunteers whose only way to be reached
 * is a call — usable for calls (reach_voice) and reached by neither e-mail nor SMS as requests
 * reach them. `emailOk` / `smsOk` are the caller's conditions for those two (the request's
 * allowed channels already applied). A request limited to e-mail or to SMS never calls.
 */
export function voiceOnlySql(choice: ChannelChoice, emailOk: SQL, smsOk: SQL): SQL {
  return choice === "both" ? sql`(${s.volunteers.reachVoice} and not (${emailOk}) and not (${smsOk}) and not ${s.volunteers.reachTelegram} and not ${s.volunteers.reachWhatsapp})` : sql`false`;
}
