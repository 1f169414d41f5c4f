import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { certificateData, downloadOwnCertificate, issueCertificate, renderCertificatePdf } from "@/lib/attendance/certificate";
import { setupTestDatabase } from "../helpers/db";
import { pdfText } from "../helpers/pdf-text";
import { NOW, reportWorld } from "../helpers/report-fixtures";

const t = setupTestDatabase();
const ctx = { ip: "198.51.100.8" };
const words = (text: string) => text.replace(/\s+/g, " ");

describe("certificate of volunteering", () => {
  it("adds up only the confirmed hours of the period, per activity", async () => {
    const w = await reportWorld(t.db);
    // V1: R1 2 h and R2 2.5 h in March, R5 1 h in April; the no-show of V2 counts nothing
    expect(await certificateData(t.db, w.org.id, w.V.V1.id, { from: "2026-03-01", to: "2026-03-31" }, NOW)).toMatchObject({
      organization: { name: "Helferkreis Musterstadt", address: "Rathausplatz 1, 12345 Musterstadt" },
      volunteer: { firstName: "Vorname1", lastName: "Nachname1" },
      totalMinutes: 270,
      engagements: 2,
      activities: [{ nameDe: "Fahrdienst", minutes: 270, engagements: 2 }],
      issuedOn: "2026-03-29",
    });
    expect((await certificateData(t.db, w.org.id, w.V.V1.id, { from: "2026-03-01", to: "2026-04-30" }, NOW))!.totalMinutes).toBe(330);
    expect((await certificateData(t.db, w.org.id, w.V.V2.id, { from: "2026-03-01", to: "2026-03-31" }, NOW))!.totalMinutes).toBe(0);
    // another organisation's volunteer is not found from this one
    expect(await certificateData(t.db, w.other.id, w.V.V1.id, { from: "2026-03-01", to: "2026-03-31" }, NOW)).toBeNull();
  });

  it("says who, for whom, which period, how many hours and activities, when, with a signature line — in German", async () => {
    const w = await reportWorld(t.db);
    const data = (await certificateData(t.db, w.org.id, w.V.V1.id, { from: "2026-03-01", to: "2026-04-30" }, NOW))!;
    const pdf = await renderCertificatePdf({ ...data, volunteer: { firstName: "Olena", lastName: "Kovalenko-Müller" } }, "de");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, pages, title } = await pdfText(pdf);
    const flat = words(text);
    expect(pages).toBe(1);
    expect(title).toBe("Bescheinigung über ehrenamtliches Engagement — Olena Kovalenko-Müller");
    expect(flat).toContain("Helferkreis Musterstadt");
    expect(flat).toContain("Bescheinigung über ehrenamtliches Engagement");
    expect(flat).toContain("Hiermit bestätigen wir, dass Olena Kovalenko-Müller sich vom 1. März 2026 bis zum 30. April 2026 ehrenamtlich bei Helferkreis Musterstadt engagiert hat.");
    expect(flat).toContain("Bestätigte Stunden: 5,5");
    expect(flat).toContain("3 Einsätze");
    expect(flat).toContain("Fahrdienst: 5,5 Stunden (3 Einsätze)");
    expect(flat).toContain("Ausgestellt am 29. März 2026");
    expect(flat).toContain("Unterschrift und Stempel, für Helferkreis Musterstadt");
  });

  it("in English, and names in other scripts print", async () => {
    const w = await reportWorld(t.db);
    const data = (await certificateData(t.db, w.org.id, w.V.V1.id, { from: "2026-03-01", to: "2026-03-31" }, NOW))!;
    const { text } = await pdfText(await renderCertificatePdf({ ...data, volunteer: { firstName: "Олена", lastName: "Коваленко" } }, "en"));
    const flat = words(text);
    expect(flat).toContain("Certificate of volunteering");
    expect(flat).toContain("We hereby confirm that Олена Коваленко volunteered with Helferkreis Musterstadt from March 1, 2026 to March 31, 2026.");
    expect(flat).toContain("Confirmed hours: 4.5");
    expect(flat).toContain("Driving service: 4.5 hours (2 engagements)");
    expect(flat).toContain("Issued on March 29, 2026");
    expect(flat).toContain("Signature and stamp, for Helferkreis Musterstadt");
  });

  it("a volunteer downloads only their own, from their session; audited without figures", async () => {
    const w = await reportWorld(t.db);
    const session = { tokenId: "x", volunteerId: w.V.V1.id, organizationId: w.org.id };
    const r = await downloadOwnCertificate(session, { from: "2026-03-01", to: "2026-03-29", locale: "de", volunteerId: w.V.V2.id }, ctx, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.filename).toBe("ehrenamtsnachweis-Nachname1-Vorname1-2026-03-01-2026-03-29.pdf");
    expect(words((await pdfText(r.pdf)).text)).toContain("Vorname1 Nachname1");
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "certificate.download"));
    expect(audit).toMatchObject({ actorType: "volunteer", objectId: w.V.V1.id, outcome: "ok", details: { from: "2026-03-01", to: "2026-03-29", locale: "de" } });

    expect(await downloadOwnCertificate(null, { from: "2026-03-01", to: "2026-03-31" }, ctx, NOW)).toEqual({ ok: false, error: "unauthenticated" });
    // V2 was a no-show: nothing to certify
    expect(await downloadOwnCertificate({ ...session, volunteerId: w.V.V2.id }, { from: "2026-03-01", to: "2026-03-29", locale: "en" }, ctx, NOW)).toEqual({ ok: false, error: "no_hours" });
  });

  it("bad periods are field errors (end before start, future, not a date, unknown language)", async () => {
    const w = await reportWorld(t.db);
    const session = { tokenId: "x", volunteerId: w.V.V1.id, organizationId: w.org.id };
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ from: "2026-03-20", to: "2026-03-10" }, { to: "end_before_start" }],
      // the certificate can only state what has happened: the end is today at the latest
      [{ from: "2026-03-01", to: "2026-03-30" }, { to: "date_out_of_range" }],
      [{ from: "1999-12-31", to: "2026-03-01" }, { from: "date_out_of_range" }],
      [{ from: "31.03.2026", to: "2026-03-01" }, { from: "date_invalid" }],
      [{ from: "2026-03-01", to: "2026-03-02", locale: "fr" }, { locale: "locale_invalid" }],
    ];
    for (const [raw, fieldErrors] of cases) expect(await downloadOwnCertificate(session, raw, ctx, NOW)).toEqual({ ok: false, error: "invalid", fieldErrors });
  });

  it("coordinators issue it for volunteers of their organisation only", async () => {
    const w = await reportWorld(t.db);
    const raw = { from: "2026-03-01", to: "2026-03-29", locale: "en" };
    const r = await issueCertificate(w.coordinator, w.V.V1.id, raw, ctx, NOW);
    expect(r.ok && r.filename).toBe("certificate-of-volunteering-Nachname1-Vorname1-2026-03-01-2026-03-29.pdf");
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "certificate.issue"));
    expect(audit).toMatchObject({ actorUserId: w.coordinator.userId, objectId: w.V.V1.id, outcome: "ok" });
    const [x] = await t.db.select().from(s.volunteers).where(eq(s.volunteers.organizationId, w.other.id));
    expect(await issueCertificate(w.coordinator, x.id, raw, ctx, NOW)).toEqual({ ok: false, error: "forbidden" });
    expect(await issueCertificate(null, w.V.V1.id, raw, ctx, NOW)).toEqual({ ok: false, error: "unauthenticated" });
    expect(await issueCertificate(w.coordinator, "not-a-uuid", raw, ctx, NOW)).toEqual({ ok: false, error: "not_found" });
  });
});
