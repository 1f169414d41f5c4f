import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { config } from "@/lib/config";
import { TOKEN_RE } from "@/lib/tokens";
import { deleteVolunteerTokens, findVolunteerToken, issueVolunteerToken, useVolunteerToken } from "./tokens";

/**
 * WhatsApp for a volunteer (issue 18). WhatsApp allows a business to write first only to people
 * who opted in, and only with approved templates. The opt-in here is the volunteer's own message:
 * the profile shows a wa.me link whose prefilled text carries a one-time code (stored as its hash,
 * valid for an hour); sending it from WhatsApp to our sender binds the number it came from —
 * WhatsApp vouches for that number, so no further confirmation is needed. From then on the
 * messages of the SMS slot go to WhatsApp where Telegram is not connected (lib/volunteers/channels.ts
 * instantSlotSql). STOP in the chat or "stop" in the profile stop it (the number stays, so
 * "resume" needs no new code); "disconnect" forgets the number.
 */

export type WhatsappView = { connected: boolean; stopped: boolean; connectedAt: Date | null; phone: string | null };

/** WhatsApp is offered where the installation configured a sender and its templates. */
export function whatsappEnabled(): boolean {
  const c = config();
  return !!(c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN && c.TWILIO_WHATSAPP_FROM && c.TWILIO_WHATSAPP_INVITATION_TEMPLATES && c.TWILIO_WHATSAPP_MESSAGE_TEMPLATES);
}

export async function loadWhatsappView(volunteerId: string, db?: Db): Promise<WhatsappView | null> {
  const d = db ?? (await getDb());
  const [v] = await d
    .select({ phone: s.volunteers.whatsappPhone, at: s.volunteers.whatsappConnectedAt, out: s.volunteers.whatsappOptedOutAt })
    .from(s.volunteers)
    .where(eq(s.volunteers.id, volunteerId));
  if (!v) return null;
  return { connected: !!v.phone, stopped: !!v.phone && !!v.out, connectedAt: v.phone ? v.at : null, phone: v.phone };
}

type Ctx = { ip?: string | null; now?: Date; db?: Db };

/** The words before the code in the prefilled message (the code is what counts; the words say what it is). */
export const CONNECT_WORD = "Helferruf";

/**
 * The wa.me link that connects this volunteer: it opens a chat with our sender with
 * "Helferruf <code>" typed in; the volunteer sends it. An earlier, unused code stops working.
 */
export async function whatsappConnectLink(volunteerId: string, ctx: Ctx = {}): Promise<{ url: string; code: string; message: string } | null> {
  if (!whatsappEnabled()) return null;
  const db = ctx.db ?? (await getDb());
  const code = await db.transaction(async (tx) => {
    await deleteVolunteerTokens(tx, volunteerId, ["connect_whatsapp"]);
    return issueVolunteerToken(tx, volunteerId, "connect_whatsapp", ctx.now);
  });
  const number = config().TWILIO_WHATSAPP_FROM!.replace(/^\+/, "");
  const message = `${CONNECT_WORD} ${code}`;
  return { url: `https://wa.me/${number}?text=${encodeURIComponent(message)}`, code, message };
}

/** The connect code in an inbound text ("Helferruf <code>", or the code alone), if there is one. */
export function connectCodeIn(text: string): string | null {
  for (const word of text.trim().split(/\s+/)) if (TOKEN_RE.test(word)) return word;
  return null;
}

export type BindResult = { ok: true; volunteerId: string; organizationId: string; locale: string } | { ok: false };

/** The code sent from a WhatsApp number: binds that number to the code's volunteer, once. */
export async function bindWhatsappNumber(db: Db, code: string, phone: string, now = new Date()): Promise<BindResult> {
  const row = await findVolunteerToken(db, code, ["connect_whatsapp"]);
  if (!row) return { ok: false };
  return db.transaction(async (tx) => {
    const used = await useVolunteerToken(tx, row.id, now);
    if (!used) return { ok: false as const };
    const [v] = await tx
      .update(s.volunteers)
      .set({ whatsappPhone: phone, whatsappConnectedAt: now, whatsappOptedOutAt: null, whatsappLastInboundAt: now, updatedAt: now })
      .where(eq(s.volunteers.id, row.volunteerId))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId, locale: s.volunteers.locale });
    if (!v) return { ok: false as const };
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.whatsapp_connected", objectType: "volunteer", objectId: v.id });
    return { ok: true as const, volunteerId: v.id, organizationId: v.organizationId, locale: v.locale };
  });
}

/** Queued WhatsApp messages never go out after a stop or a disconnect. */
async function cancelQueuedWhatsapp(tx: DbOrTx, where: ReturnType<typeof eq>, reason: string) {
  await tx.update(s.messages).set({ status: "cancelled", lastError: reason }).where(and(where, eq(s.messages.channel, "whatsapp"), eq(s.messages.status, "queued")));
}

/** The volunteers connected with a WhatsApp number (one per organisation), for the replies. */
export async function volunteersOfWhatsapp(db: DbOrTx, phone: string) {
  return db
    .select({ id: s.volunteers.id, organizationId: s.volunteers.organizationId, locale: s.volunteers.locale, optedOut: s.volunteers.whatsappOptedOutAt })
    .from(s.volunteers)
    .where(eq(s.volunteers.whatsappPhone, phone));
}

/** Each message from the number opens WhatsApp's 24-hour window for free-text messages to it. */
export async function touchWhatsappInbound(db: DbOrTx, phone: string, now = new Date()): Promise<void> {
  await db.update(s.volunteers).set({ whatsappLastInboundAt: now }).where(eq(s.volunteers.whatsappPhone, phone));
}

/**
 * STOP in the chat (or Twilio error 63024/21610 on send: the number does not take our messages):
 * every volunteer record connected with the number stops. "start": on again. Returns how many changed.
 */
export async function setWhatsappNumberStopped(db: Db, phone: string, stopped: boolean, how: "stop" | "start" | "blocked", now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ whatsappOptedOutAt: stopped ? now : null, updatedAt: now })
      .where(and(eq(s.volunteers.whatsappPhone, phone), stopped ? sql`${s.volunteers.whatsappOptedOutAt} is null` : sql`${s.volunteers.whatsappOptedOutAt} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    for (const r of rows) {
      if (stopped) await cancelQueuedWhatsapp(tx, eq(s.messages.volunteerId, r.id), how === "blocked" ? "WhatsApp refused the recipient" : "recipient stopped WhatsApp");
      await recordAudit(tx, { organizationId: r.organizationId, actorType: how === "blocked" ? "system" : "volunteer", action: stopped ? "volunteer.whatsapp_opted_out" : "volunteer.whatsapp_resumed", objectType: "volunteer", objectId: r.id, details: { by: how } });
    }
    return rows.length;
  });
}

/** The profile's "stop" (true) or "resume" (false) for the connected number. */
export async function setWhatsappStopped(volunteerId: string, stopped: boolean, ctx: Ctx = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ whatsappOptedOutAt: stopped ? now : null, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.whatsappPhone} is not null`, stopped ? sql`${s.volunteers.whatsappOptedOutAt} is null` : sql`${s.volunteers.whatsappOptedOutAt} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    if (stopped && rows.length) await cancelQueuedWhatsapp(tx, eq(s.messages.volunteerId, volunteerId), "recipient stopped WhatsApp");
    for (const r of rows) {
      await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: stopped ? "volunteer.whatsapp_opted_out" : "volunteer.whatsapp_resumed", objectType: "volunteer", objectId: r.id, ip: ctx.ip ?? null, details: { by: "profile" } });
    }
    return rows.length > 0;
  });
}

/** Forgets the number; queued WhatsApp messages are cancelled and the SMS slot takes over again. */
export async function disconnectWhatsapp(volunteerId: string, ctx: Ctx = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ whatsappPhone: null, whatsappConnectedAt: null, whatsappOptedOutAt: null, whatsappLastInboundAt: null, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.whatsappPhone} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    await cancelQueuedWhatsapp(tx, eq(s.messages.volunteerId, volunteerId), "WhatsApp disconnected");
    await deleteVolunteerTokens(tx, volunteerId, ["connect_whatsapp"]);
    for (const r of rows) await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: "volunteer.whatsapp_disconnected", objectType: "volunteer", objectId: r.id, ip: ctx.ip ?? null });
    return rows.length > 0;
  });
}
