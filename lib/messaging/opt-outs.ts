import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";

/** Twilio error 21610 or a STOP reply: no SMS to this number any more (every volunteer with it). */
export async function markSmsOptedOut(db: DbOrTx, phone: string, at = new Date()): Promise<string[]> {
  const rows = await db
    .update(s.volunteers)
    .set({ smsOptedOutAt: at, updatedAt: at })
    .where(and(eq(s.volunteers.phone, phone), isNull(s.volunteers.smsOptedOutAt)))
    .returning({ id: s.volunteers.id });
  return rows.map((r) => r.id);
}

/** START reply: SMS allowed again. */
export async function clearSmsOptOut(db: DbOrTx, phone: string, at = new Date()): Promise<string[]> {
  const rows = await db
    .update(s.volunteers)
    .set({ smsOptedOutAt: null, updatedAt: at })
    .where(and(eq(s.volunteers.phone, phone), isNotNull(s.volunteers.smsOptedOutAt)))
    .returning({ id: s.volunteers.id });
  return rows.map((r) => r.id);
}

/** A hard bounce: this address is not used again until the volunteer enters (and confirms) a new one. */
export async function markEmailBounced(db: DbOrTx, email: string, at = new Date()): Promise<string[]> {
  const rows = await db
    .update(s.volunteers)
    .set({ emailBouncedAt: at, updatedAt: at })
    .where(and(eq(s.volunteers.email, email.toLowerCase()), isNull(s.volunteers.emailBouncedAt)))
    .returning({ id: s.volunteers.id });
  return rows.map((r) => r.id);
}
