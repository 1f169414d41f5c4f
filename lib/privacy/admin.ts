import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { auditedTransaction, type AdminCtx } from "@/lib/admin/operation";
import type { AdminActor } from "@/lib/auth/guard-types";
import { config } from "@/lib/config";
import { ok, type Ok } from "@/lib/result";
import { countConsentStates } from "@/lib/volunteers/consent-renewal";
import type { ConsentState } from "@/lib/volunteers/consent";
import { describeRecord, type RecordDocument } from "./document";
import { renderRecordMarkdown } from "./markdown";
import { buildProcessingRecord } from "./records";

/**
 * The record of processing activities for admins: the page (/admin/privacy-records, requireActor
 * "admin") and the Markdown download (withActor, refusals audited under privacy.export_records).
 * Both take the admitted AdminActor; each download is audited (it is a document about the
 * organisation's data).
 */
async function recordDocument(actor: AdminActor, locale: Locale, now: Date): Promise<RecordDocument> {
  const db = await getDb();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
  const consentCounts: Record<ConsentState, number> = await countConsentStates(db, actor.organizationId);
  return describeRecord(buildProcessingRecord(org, config(), now), locale, { timeZone: org.timeZone, consentCounts });
}

export async function getProcessingRecordDocument(actor: AdminActor, locale: Locale, now = new Date()): Promise<Ok<{ document: RecordDocument }>> {
  return ok({ document: await recordDocument(actor, locale, now) });
}

export async function exportProcessingRecordMarkdown(
  actor: AdminActor,
  ctx: AdminCtx,
  locale: Locale,
  now = new Date(),
): Promise<Ok<{ markdown: string; filename: string }>> {
  const markdown = renderRecordMarkdown(await recordDocument(actor, locale, now));
  await auditedTransaction(actor, ctx, "privacy.export_records", (_tx, audit) =>
    audit({ type: "organization", id: actor.organizationId }, { format: "markdown", locale }),
  );
  const name = locale === "en" ? "record-of-processing-activities" : "verarbeitungsverzeichnis";
  return ok({ markdown, filename: `${name}-${now.toISOString().slice(0, 10)}.md` });
}
