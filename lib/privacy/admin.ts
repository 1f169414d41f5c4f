import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { gate, type AdminCtx, type Denied } from "@/lib/admin/operation";
import { config } from "@/lib/config";
import { countConsentStates } from "@/lib/volunteers/consent-renewal";
import type { ConsentState } from "@/lib/volunteers/consent";
import { describeRecord, type RecordDocument } from "./document";
import { renderRecordMarkdown } from "./markdown";
import { buildProcessingRecord } from "./records";

/**
 * The record of processing activities for admins: the page (/admin/privacy-records) and the
 * Markdown download. Both check the role themselves; refusals are audited like every admin
 * operation, and each download is audited (it is a document about the organisation's data).
 */
async function recordDocument(actor: Actor, locale: Locale, now: Date): Promise<RecordDocument> {
  const db = await getDb();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
  const consentCounts: Record<ConsentState, number> = await countConsentStates(db, actor.organizationId);
  return describeRecord(buildProcessingRecord(org, config(), now), locale, { timeZone: org.timeZone, consentCounts });
}

export async function getProcessingRecordDocument(actor: Actor | null, ctx: AdminCtx, locale: Locale, now = new Date()): Promise<Denied | { ok: true; document: RecordDocument }> {
  const denied = await gate(actor, "admin", ctx, "privacy.view_records");
  if (denied) return denied;
  return { ok: true, document: await recordDocument(actor!, locale, now) };
}

export async function exportProcessingRecordMarkdown(
  actor: Actor | null,
  ctx: AdminCtx,
  locale: Locale,
  now = new Date(),
): Promise<Denied | { ok: true; markdown: string; filename: string }> {
  const action = "privacy.export_records";
  const denied = await gate(actor, "admin", ctx, action);
  if (denied) return denied;
  const a = actor!;
  const markdown = renderRecordMarkdown(await recordDocument(a, locale, now));
  await recordAudit(await getDb(), {
    organizationId: a.organizationId,
    actorUserId: a.userId,
    actorType: "user",
    action,
    objectType: "organization",
    objectId: a.organizationId,
    ip: ctx.ip,
    details: { format: "markdown", locale },
  });
  const name = locale === "en" ? "record-of-processing-activities" : "verarbeitungsverzeichnis";
  return { ok: true, markdown, filename: `${name}-${now.toISOString().slice(0, 10)}.md` };
}
