import { and, eq, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";

/**
 * The stop flags that lib/volunteers/channels.ts reads (a channel with a flag is not used). Each
 * call changes every volunteer with that address whose flag is not in the wanted state yet and
 * returns their ids (none when nothing changed: replays and repeated webhooks change nothing).
 */
async function setFlag(db: DbOrTx, where: SQL | undefined, set: Partial<typeof s.volunteers.$inferInsert>): Promise<{ id: string; organizationId: string }[]> {
  return db.update(s.volunteers).set(set).where(where).returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
}
const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);

/** Twilio error 21610 or a STOP reply: no SMS to this number any more (every volunteer with it). */
export function markSmsOptedOut(db: DbOrTx, phone: string, at = new Date()): Promise<string[]> {
  return ids(setFlag(db, and(eq(s.volunteers.phone, phone), isNull(s.volunteers.smsOptedOutAt)), { smsOptedOutAt: at, updatedAt: at }));
}

/** START reply: SMS allowed again. */
export function clearSmsOptOut(db: DbOrTx, phone: string, at = new Date()): Promise<string[]> {
  return ids(setFlag(db, and(eq(s.volunteers.phone, phone), isNotNull(s.volunteers.smsOptedOutAt)), { smsOptedOutAt: null, updatedAt: at }));
}

/**
 * A hard bounce: this address is not used again until the volunteer enters (and confirms) a new
 * one — in every organisation that has it (the mailbox does not exist). Returns each changed
 * record with its organisation (each organisation audits its own).
 */
export function markEmailBounced(db: DbOrTx, email: string, at = new Date()): Promise<{ id: string; organizationId: string }[]> {
  return setFlag(db, and(eq(s.volunteers.email, email.toLowerCase()), isNull(s.volunteers.emailBouncedAt)), { emailBouncedAt: at, updatedAt: at });
}
