import { and, eq, inArray, isNotNull, isNull, like, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { foldPeriodAsks } from "@/lib/reports/period-asks";

/**
 * Art. 17 GDPR: removes a volunteer's personal data at once — this organisation's record of the
 * person (the same address registered with another organisation is not touched). Message contents, attachments,
 * recipients and the providers' message ids (which point to the provider's own copy of the
 * message) are blanked first (queued ones are cancelled), together with the webhook receipts
 * that carry those ids and the IP addresses of the volunteer's own audit entries; then the
 * volunteer row is deleted. Activities, languages, availability and tokens go with it (cascade),
 * and invitations stay without a volunteer (set null), so request statistics stay right.
 */
export async function eraseVolunteerInTransaction(tx: DbOrTx, volunteerId: string, now = new Date()): Promise<{ organizationId: string } | null> {
  const [v] = await tx.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
  if (!v) return null;
  const addresses = [v.email, v.phone, v.whatsappPhone].filter((a): a is string => !!a);
  // Their messages: the ones written for this record, and any other of this organisation (or of
  // none) to the same address. Another organisation's messages to the same address or number are
  // that organisation's record of the person (issue 16): they stay until the person asks there.
  const sameOrganisation = or(eq(s.messages.organizationId, v.organizationId), isNull(s.messages.organizationId));
  const theirs = or(eq(s.messages.volunteerId, volunteerId), addresses.length ? and(inArray(s.messages.recipient, addresses), sameOrganisation) : undefined);
  const providerIds = await tx
    .select({ id: s.messages.providerId })
    .from(s.messages)
    .where(and(theirs, isNotNull(s.messages.providerId)));
  await tx
    .update(s.messages)
    .set({
      recipient: null,
      subject: null,
      body: null,
      html: null,
      headers: null,
      sealedSecrets: null,
      attachments: null,
      providerId: null,
      idempotencyKey: null,
      unsubscribeTokenHash: null,
      lastError: null,
      bodyPurgedAt: now,
      status: sql`case when ${s.messages.status} in ('queued', 'sending') then 'cancelled'::message_status else ${s.messages.status} end`,
    })
    .where(theirs);
  // Twilio status receipts are keyed "<MessageSid>:<status>"
  for (const { id } of providerIds) {
    if (id) await tx.delete(s.webhookReceipts).where(and(eq(s.webhookReceipts.provider, "twilio-status"), like(s.webhookReceipts.eventId, `${id.replace(/[\\%_]/g, "\\$&")}:%`)));
  }
  await tx
    .update(s.auditEvents)
    .set({ ip: null })
    .where(and(eq(s.auditEvents.objectType, "volunteer"), eq(s.auditEvents.objectId, volunteerId), eq(s.auditEvents.actorType, "volunteer"), isNotNull(s.auditEvents.ip)));
  await tx.delete(s.volunteers).where(eq(s.volunteers.id, volunteerId));
  return { organizationId: v.organizationId };
}

export async function eraseVolunteer(volunteerId: string, ctx: { ip?: string | null; actor?: "volunteer" | "system"; now?: Date; db?: Db } = {}): Promise<{ ok: true } | { ok: false; error: "not_found" }> {
  const db = ctx.db ?? (await getDb());
  let organizationId: string | null = null;
  const result = await db.transaction(async (tx) => {
    const erased = await eraseVolunteerInTransaction(tx, volunteerId, ctx.now);
    if (!erased) return { ok: false as const, error: "not_found" as const };
    organizationId = erased.organizationId;
    await recordAudit(tx, { organizationId: erased.organizationId, actorType: ctx.actor ?? "volunteer", action: "volunteer.erased", objectType: "volunteer", objectId: volunteerId, ip: ctx.ip });
    return { ok: true as const };
  });
  // their fairness counts of whole quarters and years go now, not at the scheduler's next run;
  // the erasure itself is committed, so a fold that fails here is left to that run
  if (organizationId) {
    await foldPeriodAsks(db, organizationId).catch((err) => console.error("[erase] fold of the fairness rows left to the scheduler:", err));
  }
  return result;
}
