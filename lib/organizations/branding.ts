import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { operation, rejected, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { AdminActor } from "@/lib/auth/guard-types";
import { cached, invalidatePublicData } from "@/lib/cache/process-cache";
import { ok, type Ok } from "@/lib/result";
import { z } from "zod";
import { brandingSchema, checkLogo, logoPath, MAX_LOGO_BYTES, sendersSchema, type BrandingField, type SendersField, type SendersFormValues } from "./branding-rules";
import { checkSenderDomain, verifiedDomains } from "./verified-domains";

/**
 * An organisation's senders (From address, Reply-To, SMS sender) and branding (accent colour,
 * logo), set by its admins on /admin/settings (issue 16). The rules are in branding-rules.ts;
 * the dispatcher reads the senders per message (lib/messaging/sender.ts), the public pages and
 * e-mails the branding (Brand).
 */

export type BrandingFormValues = { accentColor: string; logoUrl: string | null };

export async function getSendersAndBranding(actor: AdminActor): Promise<Ok<{ senders: SendersFormValues; branding: BrandingFormValues; verifiedDomains: string[] }>> {
  const db = await getDb();
  const [org] = await db.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
  return ok({
    senders: { emailFromAddress: org.emailFromAddress ?? "", emailReplyTo: org.emailReplyTo ?? "", smsSender: org.smsSender ?? "" },
    branding: { accentColor: org.accentColor ?? "", logoUrl: logoPath(org.id, org.logoFile) },
    // the Domains API at most every 5 minutes per process (the page's hint; saving asks again)
    verifiedDomains: await cached("senders:verified-domains", verifiedDomains, Date.now(), 5 * 60_000).catch(() => []),
  });
}

export async function updateSenders(actor: AdminActor, input: unknown, ctx: AdminCtx): Promise<Denied | Invalid<SendersField> | Ok> {
  const object = { type: "organization", id: actor.organizationId };
  // The domain check asks Resend (HTTP): before the transaction, never inside it.
  const pre = sendersSchema.safeParse(input);
  const domain = pre.success && pre.data.emailFromAddress ? await checkSenderDomain(pre.data.emailFromAddress) : ({ ok: true } as const);
  const op = { action: "organization.update_senders", schema: sendersSchema, objectOfInvalid: () => object };
  return operation(actor, ctx, op, input, async (tx, v, audit) => {
    if (!domain.ok) return rejected<SendersField>({ emailFromAddress: domain.error }, object);
    const [org] = await tx.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId)).for("update");
    await tx.update(s.organizations).set({ emailFromAddress: v.emailFromAddress, emailReplyTo: v.emailReplyTo, smsSender: v.smsSender }).where(eq(s.organizations.id, actor.organizationId));
    const changed = (Object.keys(v) as SendersField[]).filter((k) => (org[k] ?? null) !== v[k]);
    await audit(object, { changed, ...(changed.includes("emailFromAddress") ? { emailFromAddress: v.emailFromAddress } : {}), ...(changed.includes("smsSender") ? { smsSender: v.smsSender } : {}) });
    return {};
  });
}

/** The branding form's fields, and what was wrong with the uploaded logo (a LogoProblem code) as a field of its own. */
const brandingInputSchema = brandingSchema.extend({
  logo: z
    .string()
    .optional()
    .superRefine((problem, c) => {
      if (problem) c.addIssue({ code: "custom", message: problem });
    }),
});

/** The branding form: the text fields plus the uploaded file (absent or empty: no new logo). */
export type BrandingInput = { accentColor?: string; logoAction?: string; logo?: Blob | null };

export async function updateBranding(actor: AdminActor, input: BrandingInput, ctx: AdminCtx): Promise<Denied | Invalid<BrandingField> | Ok<{ logoUrl: string | null }>> {
  const object = { type: "organization", id: actor.organizationId };
  const file = input.logo && input.logo.size > 0 ? input.logo : null;
  // the size before reading the bytes: a large upload is refused without holding it twice
  const logo = file ? (file.size > MAX_LOGO_BYTES ? ({ ok: false, error: "logo_too_large" } as const) : await readLogo(file)) : null;
  const op = { action: "organization.update_branding", schema: brandingInputSchema, objectOfInvalid: () => object };
  // a refused logo is reported like an invalid field, together with an invalid colour
  const fields = { accentColor: input.accentColor ?? "", logoAction: input.logoAction || undefined, logo: logo && !logo.ok ? logo.error : undefined };
  const result = await operation(actor, ctx, op, fields, async (tx, v, audit) => {
    const [org] = await tx.select().from(s.organizations).where(eq(s.organizations.id, actor.organizationId)).for("update");
    let logoFile = org.logoFile;
    if (logo?.ok) {
      logoFile = `${logo.hash}.${logo.type.ext}`;
      await tx
        .insert(s.organizationLogos)
        .values({ organizationId: org.id, contentType: logo.type.contentType, file: logoFile, bytes: logo.bytes })
        .onConflictDoUpdate({ target: s.organizationLogos.organizationId, set: { contentType: logo.type.contentType, file: logoFile, bytes: logo.bytes, updatedAt: new Date() } });
    } else if (v.logoAction === "remove" && org.logoFile) {
      logoFile = null;
      await tx.delete(s.organizationLogos).where(eq(s.organizationLogos.organizationId, org.id));
    }
    await tx.update(s.organizations).set({ accentColor: v.accentColor, logoFile }).where(eq(s.organizations.id, org.id));
    const changed = [...(org.accentColor !== v.accentColor ? ["accentColor"] : []), ...(org.logoFile !== logoFile ? ["logo"] : [])];
    await audit(object, { changed, accentColor: v.accentColor, ...(logo?.ok ? { logoBytes: logo.bytes.length, logoType: logo.type.contentType } : {}) });
    return { logoUrl: logoPath(org.id, logoFile) };
  });
  // after the transaction: this process's public pages show the change at once, others within the TTL
  invalidatePublicData();
  return result;
}

async function readLogo(file: Blob) {
  const bytes = Buffer.from(await file.arrayBuffer());
  const checked = checkLogo(bytes);
  if (!checked.ok) return checked;
  return { ok: true as const, type: checked.type, bytes, hash: createHash("sha256").update(bytes).digest("hex").slice(0, 16) };
}

/** A stored logo for the logo route, only under its current file name (an old URL is gone, not another picture). */
export async function getLogo(db: DbOrTx, organizationId: string, file: string) {
  const [row] = await db
    .select({ contentType: s.organizationLogos.contentType, bytes: s.organizationLogos.bytes, updatedAt: s.organizationLogos.updatedAt })
    .from(s.organizationLogos)
    .where(and(eq(s.organizationLogos.organizationId, organizationId), eq(s.organizationLogos.file, file)));
  return row ?? null;
}
