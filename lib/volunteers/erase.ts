import { eq, inArray, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";

/**
 * Art. 17 GDPR: removes a volunteer's personal data at once. Message contents and recipients are
 * blanked first (queued ones are cancelled), then the volunteer row is deleted; activities,
 * languages, availability and tokens go with it (cascade), and invitations stay without a
 * volunteer (set null), so request statistics stay right.
 */
export async function eraseVolunteerInTransaction(tx: DbOrTx, volunteerId: string, now = new Date()): Promise<{ organizationId: string } | null> {
  const [v] = await tx.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
  if (!v) return null;
  const addresses = [v.email, v.phone].filter((a): a is string => !!a);
  await tx
    .update(s.messages)
    .set({
      recipient: null,
      subject: null,
      body: null,
      html: null,
      headers: null,
      lastError: null,
      bodyPurgedAt: now,
      status: sql`case when ${s.messages.status} in ('queued', 'sending') then 'cancelled'::message_status else ${s.messages.status} end`,
    })
    .where(or(eq(s.messages.volunteerId, volunteerId), addresses.length ? inArray(s.messages.recipient, addresses) : undefined));
  await tx.delete(s.volunteers).where(eq(s.volunteers.id, volunteerId));
  return { organizationId: v.organizationId };
}

export async function eraseVolunteer(volunteerId: string, ctx: { ip?: string | null; actor?: "volunteer" | "system"; now?: Date; db?: Db } = {}): Promise<{ ok: true } | { ok: false; error: "not_found" }> {
  const db = ctx.db ?? (await getDb());
  return db.transaction(async (tx) => {
    const erased = await eraseVolunteerInTransaction(tx, volunteerId, ctx.now);
    if (!erased) return { ok: false as const, error: "not_found" as const };
    await recordAudit(tx, { organizationId: erased.organizationId, actorType: ctx.actor ?? "volunteer", action: "volunteer.erased", objectType: "volunteer", objectId: volunteerId, ip: ctx.ip });
    return { ok: true as const };
  });
}
