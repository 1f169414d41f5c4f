import path from "node:path";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import PDFDocument from "pdfkit";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { admit, deny, invalid, UUID_RE, type AdminCtx } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/guard-types";
import { err, fieldErrorsOf, ok, type Denied, type Err, type FieldErrors, type Invalid, type Ok } from "@/lib/result";
import { addDays, calendarDateIn, isCalendarDate, startOfDayIn } from "@/lib/time-zone";
import type { VolunteerSession } from "@/lib/volunteers/sign-in";

/**
 * The certificate of volunteering (Ehrenamtsnachweis): organisation, name, period, total
 * confirmed hours, activities, date of issue and a signature line, as a PDF in German or English.
 * Only confirmed hours count. A volunteer downloads their own; coordinators issue it from the
 * volunteer's page. Both are audited (who, whose, which period — no figures, no names).
 */

export const EARLIEST_CERTIFICATE_DAY = "2000-01-01";

export type CertificateField = "from" | "to" | "locale";
export type CertificateInput = { from: string; to: string; locale: Locale };

export type CertificateData = {
  organization: { name: string; address: string | null };
  volunteer: { firstName: string; lastName: string };
  from: string;
  to: string;
  totalMinutes: number;
  engagements: number;
  activities: { nameDe: string; nameEn: string; minutes: number; engagements: number }[];
  /** the day of issue in the organisation's time zone */
  issuedOn: string;
};

function inputSchema(today: string) {
  const day = z
    .string()
    .trim()
    .refine(isCalendarDate, "date_invalid")
    .refine((d) => d >= EARLIEST_CERTIFICATE_DAY && d <= today, "date_out_of_range");
  return z
    .object({ from: day, to: day, locale: z.enum(["de", "en"], { message: "locale_invalid" }) })
    .superRefine((v, ctx) => {
      if (isCalendarDate(v.from) && isCalendarDate(v.to) && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "end_before_start" });
    });
}

export function parseCertificateInput(raw: Record<string, unknown>, today: string): Ok<{ input: CertificateInput }> | Err<"invalid", { fieldErrors: FieldErrors<CertificateField> }> {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const parsed = inputSchema(today).safeParse({ from: str(raw.from), to: str(raw.to), locale: str(raw.locale) || "de" });
  if (!parsed.success) return err("invalid", { fieldErrors: fieldErrorsOf<CertificateField>(parsed.error) });
  return ok({ input: parsed.data });
}

/** What the form shows first: this calendar year up to today. */
export function defaultCertificatePeriod(now: Date, timeZone: string) {
  const today = calendarDateIn(now, timeZone);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** The confirmed hours of one volunteer in a period (by the requests' start), per activity. One query. */
export async function certificateData(db: DbOrTx, organizationId: string, volunteerId: string, period: { from: string; to: string }, now = new Date()): Promise<CertificateData | null> {
  const [row] = await db
    .select({ firstName: s.volunteers.firstName, lastName: s.volunteers.lastName, orgName: s.organizations.name, timeZone: s.organizations.timeZone, settings: s.organizations.settings })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(and(eq(s.volunteers.id, volunteerId), eq(s.volunteers.organizationId, organizationId)));
  if (!row) return null;
  const fromAt = startOfDayIn(period.from, row.timeZone);
  const toAt = startOfDayIn(addDays(period.to, 1), row.timeZone);
  const acts = await db
    .select({
      nameDe: s.activities.nameDe,
      nameEn: s.activities.nameEn,
      minutes: sql<number>`sum(${s.attendances.minutes})::int`,
      engagements: sql<number>`count(*)::int`,
    })
    .from(s.attendances)
    .innerJoin(s.requests, eq(s.requests.id, s.attendances.requestId))
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .where(
      and(
        eq(s.attendances.volunteerId, volunteerId),
        eq(s.attendances.organizationId, organizationId),
        eq(s.attendances.attended, true),
        gte(s.requests.startsAt, fromAt),
        lt(s.requests.startsAt, toAt),
      ),
    )
    .groupBy(s.activities.id, s.activities.nameDe, s.activities.nameEn, s.activities.position)
    .orderBy(sql`sum(${s.attendances.minutes}) desc`, s.activities.position);
  const activities = acts.map((a) => ({ ...a, minutes: Number(a.minutes), engagements: Number(a.engagements) }));
  return {
    organization: { name: row.orgName, address: row.settings?.address?.trim() || null },
    volunteer: { firstName: row.firstName, lastName: row.lastName },
    from: period.from,
    to: period.to,
    totalMinutes: activities.reduce((n, a) => n + a.minutes, 0),
    engagements: activities.reduce((n, a) => n + a.engagements, 0),
    activities,
    issuedOn: calendarDateIn(now, row.timeZone),
  };
}

// DejaVu Sans covers Latin, Greek, Cyrillic and more: names of any of our volunteers print, not
// only those the PDF standard fonts (Latin-1) know.
const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
const FONT = path.join(FONT_DIR, "DejaVuSans.ttf");
const FONT_BOLD = path.join(FONT_DIR, "DejaVuSans-Bold.ttf");

const day = (d: string, locale: Locale) => {
  const [y, m, dd] = d.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, dd, 12)));
};
export const formatHours = (minutes: number, locale: Locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(minutes / 60);

/** The PDF (A4, tagged, in the given language). */
export async function renderCertificatePdf(data: CertificateData, localeInput: Locale): Promise<Buffer> {
  const locale = toLocale(localeInput);
  const t = translator(locale, "commitments");
  const name = `${data.volunteer.firstName} ${data.volunteer.lastName}`.trim();
  const title = t("certificate.title");
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    font: FONT,
    lang: locale === "de" ? "de-DE" : "en-GB",
    tagged: true,
    displayTitle: true,
    pdfVersion: "1.7",
    info: { Title: `${title} — ${name}`, Author: data.organization.name, Subject: title, Creator: "Helferruf" },
  });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const root = doc.struct("Document");
  doc.addStructure(root);
  const para = (text: string, opts: { font?: "regular" | "bold"; size?: number; gap?: number; type?: string; color?: string } = {}) => {
    doc.font(opts.font ?? "regular").fontSize(opts.size ?? 12).fillColor(opts.color ?? "#111111");
    doc.text(text, { structParent: root, structType: opts.type ?? "P", lineGap: 2 });
    doc.moveDown(opts.gap ?? 0.6);
  };

  para(data.organization.name, { font: "bold", size: 15, gap: 0.2 });
  if (data.organization.address) para(data.organization.address, { size: 10, color: "#333333", gap: 0.2 });
  doc.moveDown(2);
  para(title, { font: "bold", size: 22, type: "H1", gap: 1.2 });
  para(t("certificate.intro", { name, organization: data.organization.name, from: day(data.from, locale), to: day(data.to, locale) }), { gap: 1.2 });
  para(t("certificate.total", { hours: formatHours(data.totalMinutes, locale) }), { font: "bold", size: 16, gap: 0.3 });
  para(t("certificate.engagements", { count: data.engagements }), { gap: 1.2 });
  if (data.activities.length > 0) {
    para(t("certificate.activitiesHeading"), { font: "bold", size: 13, type: "H2", gap: 0.4 });
    doc.font("regular").fontSize(12).fillColor("#111111");
    doc.list(
      data.activities.map((a) => t("certificate.activityLine", { activity: locale === "de" ? a.nameDe : a.nameEn, hours: formatHours(a.minutes, locale), count: a.engagements })),
      { structParent: root, bulletRadius: 2, textIndent: 14, lineGap: 2 },
    );
    doc.moveDown(1.2);
  }
  para(t("certificate.basis"), { size: 10, color: "#333333", gap: 2 });
  para(t("certificate.issued", { date: day(data.issuedOn, locale) }), { gap: 3.5 });

  // the signature line is decoration for readers of the printout: an artifact, not content
  const y = doc.y;
  doc.markContent("Artifact", { type: "Layout" });
  doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.margins.left + 240, y).lineWidth(0.8).strokeColor("#111111").stroke();
  doc.endMarkedContent();
  doc.y = y + 6;
  para(t("certificate.signature", { organization: data.organization.name }), { size: 10, gap: 0 });
  root.end();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export type CertificateResult = Denied | Invalid<CertificateField> | Err<"not_found" | "no_hours"> | Ok<{ pdf: Buffer; filename: string }>;

function filenameOf(data: CertificateData, locale: Locale) {
  const slug = `${data.volunteer.lastName}-${data.volunteer.firstName}`
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9-]+/g, "")
    .slice(0, 60) || "helper";
  return `${locale === "de" ? "ehrenamtsnachweis" : "certificate-of-volunteering"}-${slug}-${data.from}-${data.to}.pdf`;
}

async function build(db: DbOrTx, organizationId: string, volunteerId: string, raw: Record<string, unknown>, now: Date) {
  const [org] = await db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  const parsed = parseCertificateInput(raw, calendarDateIn(now, org?.timeZone ?? "Europe/Berlin"));
  if (!parsed.ok) return { kind: "invalid" as const, fieldErrors: parsed.fieldErrors };
  const data = await certificateData(db, organizationId, volunteerId, parsed.input, now);
  if (!data) return { kind: "not_found" as const };
  if (data.totalMinutes === 0) return { kind: "no_hours" as const, input: parsed.input };
  return { kind: "ok" as const, data, input: parsed.input };
}

/** The signed-in volunteer's own certificate (the session decides whose; there is no id to tamper with). */
export async function downloadOwnCertificate(session: VolunteerSession | null, raw: Record<string, unknown>, ctx: AdminCtx, now = new Date()): Promise<CertificateResult> {
  const db = await getDb();
  const action = "certificate.download";
  if (!session) {
    await recordAudit(db, { organizationId: null, actorType: "volunteer", action, ip: ctx.ip, outcome: "denied", details: { reason: "no_session" } });
    return err("unauthenticated");
  }
  const audit = (outcome: "ok" | "invalid", details: Record<string, unknown>) =>
    recordAudit(db, { organizationId: session.organizationId, actorType: "volunteer", action, objectType: "volunteer", objectId: session.volunteerId, ip: ctx.ip, outcome, details });
  const r = await build(db, session.organizationId, session.volunteerId, raw, now);
  if (r.kind === "invalid") {
    await audit("invalid", { fields: Object.keys(r.fieldErrors) });
    return err("invalid", { fieldErrors: r.fieldErrors });
  }
  if (r.kind === "not_found") return err("not_found");
  if (r.kind === "no_hours") return err("no_hours");
  await audit("ok", { from: r.input.from, to: r.input.to, locale: r.input.locale });
  return ok({ pdf: await renderCertificatePdf(r.data, r.input.locale), filename: filenameOf(r.data, r.input.locale) });
}

/** A coordinator issues the certificate of a volunteer of their organisation. */
export async function issueCertificate(actor: Actor | null, volunteerId: string, raw: Record<string, unknown>, ctx: AdminCtx, now = new Date()): Promise<CertificateResult> {
  const action = "certificate.issue";
  const admitted = await admit(actor, "coordinator", ctx, action);
  if (!admitted.ok) return admitted;
  const a = admitted.actor;
  const db = await getDb();
  if (!UUID_RE.test(volunteerId)) return err("not_found");
  const r = await build(db, a.organizationId, volunteerId, raw, now);
  if (r.kind === "not_found") {
    // not in the actor's organisation (or erased): refused like a missing role, and audited
    const [exists] = await db.select({ id: s.volunteers.id }).from(s.volunteers).where(eq(s.volunteers.id, volunteerId));
    if (exists) return deny(a, ctx, action, "foreign_object", { type: "volunteer", id: volunteerId });
    return err("not_found");
  }
  if (r.kind === "invalid") return invalid(a, ctx, action, r.fieldErrors, { type: "volunteer", id: volunteerId });
  if (r.kind === "no_hours") return err("no_hours");
  await recordAudit(db, {
    organizationId: a.organizationId,
    actorUserId: a.userId,
    actorType: "user",
    action,
    objectType: "volunteer",
    objectId: volunteerId,
    ip: ctx.ip,
    details: { from: r.input.from, to: r.input.to, locale: r.input.locale },
  });
  return ok({ pdf: await renderCertificatePdf(r.data, r.input.locale), filename: filenameOf(r.data, r.input.locale) });
}
