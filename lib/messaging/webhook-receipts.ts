import { and, eq, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import * as s from "@/db/schema";

/** How long handled webhook ids are remembered (Twilio signatures carry no timestamp). */
export const WEBHOOK_RECEIPT_DAYS = 90;

/**
 * Records a webhook as handled. False when the same event was handled before: a replay (valid
 * signature, recorded and sent again) must not change anything a second time, e.g. an old START
 * after a newer STOP, or an old JA after a later NEIN.
 */
export async function recordWebhookReceipt(db: DbOrTx, provider: string, eventId: string): Promise<boolean> {
  const rows = await db.insert(s.webhookReceipts).values({ provider, eventId }).onConflictDoNothing().returning({ eventId: s.webhookReceipts.eventId });
  return rows.length === 1;
}

/** Handling failed: forget the receipt so the provider's retry is applied. */
export async function forgetWebhookReceipt(db: DbOrTx, provider: string, eventId: string): Promise<void> {
  await db.delete(s.webhookReceipts).where(and(eq(s.webhookReceipts.provider, provider), eq(s.webhookReceipts.eventId, eventId)));
}

/** Applies a webhook once: `apply` runs only for the first receipt of the event. */
export async function applyOnce<T>(db: Db, provider: string, eventId: string, apply: () => Promise<T>): Promise<{ replayed: true } | { replayed: false; value: T }> {
  if (!(await recordWebhookReceipt(db, provider, eventId))) return { replayed: true };
  try {
    return { replayed: false, value: await apply() };
  } catch (err) {
    await forgetWebhookReceipt(db, provider, eventId).catch(() => undefined);
    throw err;
  }
}

export async function purgeWebhookReceipts(db: DbOrTx, now = new Date()): Promise<void> {
  await db.delete(s.webhookReceipts).where(lt(s.webhookReceipts.receivedAt, new Date(now.getTime() - WEBHOOK_RECEIPT_DAYS * 86400_000)));
}
