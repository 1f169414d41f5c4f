import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { canUseChannel, choiceIncludes, firstOf, orderedChannels, orderWithFirst, type InstantChannel } from "./channels";

/**
 * The volunteer's choice which phone channel comes first (issue 18's channel model; the rule is
 * lib/volunteers/channels.ts instantSlotSql). Offered on /profile when at least two of Telegram,
 * WhatsApp and SMS are usable; the others follow in the default order.
 */
export type ChannelOrderView = {
  /** the usable phone channels, in the volunteer's order */
  usable: InstantChannel[];
  first: InstantChannel;
  /** the channel that carries the SMS slot now */
  current: InstantChannel | null;
};

export async function loadChannelOrderView(volunteerId: string, db?: Db): Promise<ChannelOrderView | null> {
  const d = db ?? (await getDb());
  const [v] = await d.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId));
  if (!v) return null;
  const usable: Record<InstantChannel, boolean> = {
    telegram: canUseChannel(v, "telegram"),
    whatsapp: canUseChannel(v, "whatsapp"),
    sms: canUseChannel(v, "sms") && choiceIncludes(v.contactPreference, "sms"),
  };
  const ordered = orderedChannels(v.instantOrder).filter((c) => usable[c]);
  return { usable: ordered, first: firstOf(v.instantOrder), current: ordered[0] ?? null };
}

export const channelOrderInput = z.object({ first: z.enum(["telegram", "whatsapp", "sms"]) });

export async function setChannelOrder(volunteerId: string, first: InstantChannel, ctx: { ip?: string | null; db?: Db; now?: Date } = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const order = orderWithFirst(first);
  return db.transaction(async (tx) => {
    const [v] = await tx
      .update(s.volunteers)
      .set({ instantOrder: order, updatedAt: ctx.now ?? new Date() })
      .where(eq(s.volunteers.id, volunteerId))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    if (!v) return false;
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.channel_order_changed", objectType: "volunteer", objectId: v.id, ip: ctx.ip ?? null, details: { order } });
    return true;
  });
}
