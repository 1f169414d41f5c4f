import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, inArray, lt, ne, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import type { AdminActor } from "@/lib/auth/guard-types";
import { deny } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import { config } from "@/lib/config";
import { queueImportInvitation } from "../confirm";
import { readImportFile, type ImportFileError, type ImportTable } from "./file";
import { mappingErrors, readMapping, suggestMapping, type ImportMapping, type MappingError } from "./mapping";
import { checkRows, type DryRun, type ImportActivity, type RowProblem } from "./rows";

export { IMPORT_FIELDS, type ImportField, type ImportMapping, type MappingError } from "./mapping";
export { ROW_PROBLEMS, type CheckedRow, type DryRun, type RowProblem } from "./rows";
export type { ImportFileError } from "./file";

/**
 * Bringing in an organisation's existing volunteers (admins only). Upload → the parsed file is
 * held sealed in volunteer_imports for the import session only (IMPORT_SESSION_MS) → column
 * mapping → dry run → import: one transaction creates every valid row as a **pending** volunteer
 * without consent and queues one invitation each (double opt-in: they confirm and give consent
 * themselves, lib/volunteers/confirm.ts), and deletes the upload. Pending volunteers are never
 * asked for requests; those who never confirm are purged like unconfirmed sign-ups
 * (lib/volunteers/purge.ts). Importing the same file again creates nobody twice: rows whose
 * address or number is registered are "already_registered", and the unique indexes hold anyway.
 */
export const IMPORT_SESSION_MS = 60 * 60_000;

type Ctx = { ip?: string | null; now?: Date; db?: Db };
type Stored = { headers: string[]; rows: string[][] };

function sealKey(): Buffer {
  return createHmac("sha256", config().responseTokenSecret).update("volunteer-import:v1").digest();
}
function seal(data: Stored): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(), iv);
  const enc = Buffer.concat([cipher.update(JSON.stringify(data), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), enc]).toString("base64");
}
function unseal(sealed: string): Stored | null {
  try {
    const raw = Buffer.from(sealed, "base64");
    const decipher = createDecipheriv("aes-256-gcm", sealKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as Stored;
  } catch {
    return null;
  }
}

export type UploadResult = { ok: true; id: string } | { ok: false; error: ImportFileError };

/** Reads and checks the file; a refused file is audited with its reason and nothing is stored. */
export async function uploadImport(actor: AdminActor, file: { bytes: Uint8Array; name: string }, ctx: Ctx = {}): Promise<UploadResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const c = config();
  const read = await readImportFile(file.bytes, file.name, { maxBytes: c.IMPORT_MAX_BYTES, maxRows: c.IMPORT_MAX_ROWS });
  const audit = { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user" as const, objectType: "volunteer_import", ip: ctx.ip };
  if (!read.ok) {
    await recordAudit(db, { ...audit, action: "volunteer.import_upload", outcome: "invalid", details: { error: read.error, bytes: file.bytes.byteLength } });
    return read;
  }
  const t: ImportTable = read.table;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(s.volunteerImports)
      .values({
        organizationId: actor.organizationId,
        createdByUserId: actor.userId,
        fileName: file.name.slice(0, 200),
        fileType: t.fileType,
        encoding: t.encoding,
        rowCount: t.rows.length,
        sealedData: seal({ headers: t.headers, rows: t.rows }),
        mapping: null,
        expiresAt: new Date(now.getTime() + IMPORT_SESSION_MS),
        createdAt: now,
      })
      .returning({ id: s.volunteerImports.id });
    await recordAudit(tx, { ...audit, action: "volunteer.import_upload", objectId: row.id, details: { rows: t.rows.length, fileType: t.fileType, encoding: t.encoding } });
    return { ok: true as const, id: row.id };
  });
}

export type ImportSession = {
  id: string;
  fileName: string;
  fileType: string;
  encoding: string;
  rowCount: number;
  headers: string[];
  /** the admin's mapping once sent, else the suggestion from the header names */
  mapping: ImportMapping;
  mappingConfirmed: boolean;
  expiresAt: Date;
  rows: string[][];
};

/** The actor's organisation's import in progress, or null (another organisation's, expired, done). */
export async function getImportSession(actor: AdminActor, id: string, ctx: { now?: Date; db?: DbOrTx } = {}): Promise<ImportSession | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const [row] = await db
    .select()
    .from(s.volunteerImports)
    .where(and(eq(s.volunteerImports.id, id), eq(s.volunteerImports.organizationId, actor.organizationId), gt(s.volunteerImports.expiresAt, now)));
  if (!row) return null;
  const data = unseal(row.sealedData);
  if (!data) return null;
  return {
    id: row.id,
    fileName: row.fileName,
    fileType: row.fileType,
    encoding: row.encoding,
    rowCount: row.rowCount,
    headers: data.headers,
    mapping: row.mapping ?? suggestMapping(data.headers),
    mappingConfirmed: row.mapping !== null,
    expiresAt: row.expiresAt,
    rows: data.rows,
  };
}

/**
 * The answer for an import the actor cannot use: gone (expired, finished, cancelled) — or another
 * organisation's, which is also recorded in the actor's audit log as refused (invariant 6).
 */
async function importNotFound(db: DbOrTx, actor: AdminActor, id: string, ctx: Ctx, action: string): Promise<{ ok: false; error: "not_found" }> {
  if (/^[0-9a-f-]{36}$/i.test(id)) {
    const [foreign] = await db.select({ id: s.volunteerImports.id }).from(s.volunteerImports).where(and(eq(s.volunteerImports.id, id), ne(s.volunteerImports.organizationId, actor.organizationId)));
    if (foreign) await deny(actor, { ip: ctx.ip ?? null }, action, "other_organization", { type: "volunteer_import", id }, db);
  }
  return { ok: false, error: "not_found" };
}

export type MappingResult = { ok: true } | { ok: false; error: "not_found" } | { ok: false; error: "invalid"; mappingErrors: MappingError[]; mapping: ImportMapping };

export async function saveImportMapping(actor: AdminActor, id: string, values: Record<string, unknown>, ctx: Ctx = {}): Promise<MappingResult> {
  const db = ctx.db ?? (await getDb());
  const session = await getImportSession(actor, id, { now: ctx.now, db });
  if (!session) return importNotFound(db, actor, id, ctx, "volunteer.import");
  const mapping = readMapping(values, session.headers.length);
  const errors = mappingErrors(mapping, session.headers.length);
  // kept even when incomplete: the page shows it again with the errors (forms without JavaScript)
  await db
    .update(s.volunteerImports)
    .set({ mapping })
    .where(and(eq(s.volunteerImports.id, id), eq(s.volunteerImports.organizationId, actor.organizationId)));
  return errors.length ? { ok: false, error: "invalid", mappingErrors: errors, mapping } : { ok: true };
}

async function dryRunContext(db: DbOrTx, organizationId: string, rows: readonly string[][], mapping: ImportMapping) {
  const activities: ImportActivity[] = (
    await db
      .select({ id: s.activities.id, key: s.activities.key, nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, names: s.activities.names })
      .from(s.activities)
      .where(and(eq(s.activities.organizationId, organizationId), eq(s.activities.active, true)))
  ).map((a) => ({ ...a, names: (a.names ?? {}) as Record<string, string | undefined> }));
  // only the contacts that appear in the file are looked up (not the organisation's whole list)
  const first = checkRows(rows, mapping, { activities, existingEmails: new Set(), existingPhones: new Set(), defaultLocale: "de" });
  const emails = [...new Set(first.rows.map((r) => r.email).filter((e): e is string => !!e))];
  const phones = [...new Set(first.rows.map((r) => r.phone).filter((p): p is string => !!p))];
  const existingEmails = new Set<string>();
  const existingPhones = new Set<string>();
  for (let i = 0; i < Math.max(emails.length, phones.length); i += 1000) {
    const e = emails.slice(i, i + 1000);
    const p = phones.slice(i, i + 1000);
    const found = await db
      .select({ email: s.volunteers.email, phone: s.volunteers.phone })
      .from(s.volunteers)
      .where(and(eq(s.volunteers.organizationId, organizationId), or(e.length ? inArray(s.volunteers.email, e) : undefined, p.length ? inArray(s.volunteers.phone, p) : undefined)));
    for (const f of found) {
      if (f.email) existingEmails.add(f.email);
      if (f.phone) existingPhones.add(f.phone);
    }
  }
  return { activities, existingEmails, existingPhones, defaultLocale: "de" as const };
}

/** The dry run: every row's problems against the organisation as it is now. Changes nothing. */
export async function dryRunImport(db: DbOrTx, organizationId: string, session: Pick<ImportSession, "rows" | "mapping">): Promise<DryRun> {
  return checkRows(session.rows, session.mapping, await dryRunContext(db, organizationId, session.rows, session.mapping));
}

export type RunImportResult =
  | { ok: true; created: number; skipped: number; invited: number; byProblem: Partial<Record<RowProblem, number>> }
  | { ok: false; error: "not_found" | "mapping_missing" | "nothing_to_import" | "confirm_skip" };

/**
 * The import, in one transaction: the upload row is claimed by deleting it (a second submit of
 * the same session finds nothing), the dry run is repeated inside the transaction, valid rows
 * become pending volunteers with one invitation each (e-mail if there is an address, else SMS),
 * and one audit entry records the counts.
 */
export async function runImport(actor: AdminActor, id: string, opts: { skipProblems: boolean }, ctx: Ctx = {}): Promise<RunImportResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const session = await getImportSession(actor, id, { now, db });
  if (!session) return importNotFound(db, actor, id, ctx, "volunteer.import");
  if (!session.mappingConfirmed || mappingErrors(session.mapping, session.headers.length).length) return { ok: false, error: "mapping_missing" };
  return db.transaction(async (tx) => {
    // the upload row locked first: a second submit of the same session waits here and then finds nothing
    const [locked] = await tx
      .select({ id: s.volunteerImports.id })
      .from(s.volunteerImports)
      .where(and(eq(s.volunteerImports.id, id), eq(s.volunteerImports.organizationId, actor.organizationId)))
      .for("update");
    if (!locked) return { ok: false as const, error: "not_found" as const };
    // the checks (reads only): a refusal returns before anything is written
    const run = await dryRunImport(tx, actor.organizationId, session);
    const valid = run.rows.filter((r) => r.problems.length === 0);
    if (valid.length === 0) return { ok: false as const, error: "nothing_to_import" as const };
    if (run.summary.withProblems > 0 && !opts.skipProblems) return { ok: false as const, error: "confirm_skip" as const };
    const claimed = await tx
      .delete(s.volunteerImports)
      .where(and(eq(s.volunteerImports.id, id), eq(s.volunteerImports.organizationId, actor.organizationId)))
      .returning({ id: s.volunteerImports.id });
    if (claimed.length === 0) return { ok: false as const, error: "not_found" as const };
    const [org] = await tx.select({ id: s.organizations.id, name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
    let created = 0;
    let invited = 0;
    for (let i = 0; i < valid.length; i += 500) {
      const chunk = valid.slice(i, i + 500);
      const inserted = await tx
        .insert(s.volunteers)
        .values(
          chunk.map((r) => ({
            organizationId: actor.organizationId,
            firstName: r.firstName,
            lastName: r.lastName,
            email: r.email,
            phone: r.phone,
            contactPreference: (r.email && r.phone ? "both" : r.email ? "email" : "sms") as "both" | "email" | "sms",
            locale: r.locale,
            status: "pending" as const,
            availableFlexible: r.flexible,
            note: r.note,
            // no consent: the volunteer gives it on the confirmation page (volunteers_consent_ck)
            consentVersion: null,
            consentAt: null,
            consentChannel: "import",
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: s.volunteers.id, email: s.volunteers.email, phone: s.volunteers.phone });
      const byContact = new Map(chunk.map((r) => [`${r.email}|${r.phone}`, r]));
      const acts: { volunteerId: string; activityId: string }[] = [];
      const langs: { volunteerId: string; language: string }[] = [];
      const slots: { volunteerId: string; weekday: number; partOfDay: (typeof chunk)[number]["slots"][number]["partOfDay"] }[] = [];
      for (const v of inserted) {
        const r = byContact.get(`${v.email}|${v.phone}`)!;
        for (const activityId of r.activityIds) acts.push({ volunteerId: v.id, activityId });
        for (const language of r.languages) langs.push({ volunteerId: v.id, language });
        for (const slot of r.slots) slots.push({ volunteerId: v.id, ...slot });
        const channel = v.email ? "email" : "sms";
        const queued = await queueImportInvitation(
          tx,
          { organizationId: org.id, organizationName: org.name, volunteerId: v.id, channel, recipient: (v.email ?? v.phone)!, locale: r.locale, firstName: r.firstName },
          now,
        );
        if (queued) invited++;
      }
      if (acts.length) await tx.insert(s.volunteerActivities).values(acts);
      if (langs.length) await tx.insert(s.volunteerLanguages).values(langs);
      if (slots.length) await tx.insert(s.volunteerAvailability).values(slots);
      created += inserted.length;
    }
    const skipped = run.summary.total - created;
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "volunteer.import",
      objectType: "volunteer_import",
      objectId: id,
      ip: ctx.ip,
      details: { rows: run.summary.total, created, skipped, invited, byProblem: run.summary.byProblem, fileType: session.fileType },
    });
    return { ok: true as const, created, skipped, invited, byProblem: run.summary.byProblem };
  });
}

/** Cancelling deletes the upload at once. */
export async function cancelImport(actor: AdminActor, id: string, ctx: Ctx = {}): Promise<{ ok: true } | { ok: false; error: "not_found" }> {
  const db = ctx.db ?? (await getDb());
  const cancelled = await db.transaction(async (tx) => {
    const gone = await tx
      .delete(s.volunteerImports)
      .where(and(eq(s.volunteerImports.id, id), eq(s.volunteerImports.organizationId, actor.organizationId)))
      .returning({ id: s.volunteerImports.id });
    if (gone.length)
      await recordAudit(tx, { organizationId: actor.organizationId, actorUserId: actor.userId, actorType: "user", action: "volunteer.import_cancel", objectType: "volunteer_import", objectId: id, ip: ctx.ip });
    return gone.length > 0;
  });
  return cancelled ? { ok: true } : importNotFound(db, actor, id, ctx, "volunteer.import_cancel");
}

/** Scheduler: uploads whose session ran out are deleted (the admin never finished). */
export async function purgeExpiredImports(db: Db, now = new Date()): Promise<{ importsPurged: number }> {
  const rows = await db.delete(s.volunteerImports).where(lt(s.volunteerImports.expiresAt, now)).returning({ id: s.volunteerImports.id });
  return { importsPurged: rows.length };
}
