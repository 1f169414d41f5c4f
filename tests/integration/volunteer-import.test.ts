import { readFileSync } from "node:fs";
import { and, count, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { countMatches, type MatchCriteria } from "@/lib/requests/matching";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { confirmChannel, inspectConfirmToken } from "@/lib/volunteers/confirm";
import { CONSENT_VERSION, currentConsentText } from "@/lib/volunteers/consent";
import { dryRunImport, getImportSession, IMPORT_SESSION_MS, purgeExpiredImports, runImport, saveImportMapping, uploadImport } from "@/lib/volunteers/import";
import { purgeUnconfirmedVolunteers } from "@/lib/volunteers/purge";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";
import { nextBerlin } from "../helpers/requests";
import { insertVolunteer, lastMessage, linkToken } from "../helpers/volunteers";

const t = setupTestDatabase();
const file = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(`tests/fixtures/import/${name}`)) });
let w: Awaited<ReturnType<typeof setUpOrganisations>>;

beforeEach(async () => {
  w = await setUpOrganisations(t.db);
  await insertVolunteer(t.db, { firstName: "Rolf", lastName: "Registriert", email: "registered@example.org" });
});

/** Upload, and confirm the suggested mapping (what the admin does by pressing the button). */
async function prepared(name = "broken-rows.csv", actor = w.actors.admin) {
  const up = await uploadImport(actor, file(name), { db: t.db, ip: "203.0.113.9" });
  if (!up.ok) throw new Error(up.error);
  const session = (await getImportSession(actor, up.id, { db: t.db }))!;
  const values = Object.fromEntries(Object.entries(session.mapping).map(([k, v]) => [`map_${k}`, String(v)]));
  expect(await saveImportMapping(actor, up.id, values, { db: t.db })).toEqual({ ok: true });
  return up.id;
}

const volunteersOf = (orgId: string) => t.db.select().from(s.volunteers).where(eq(s.volunteers.organizationId, orgId));
const driving = () => ({
  activityId: w.activities.find((a) => a.key === "driving")!.id,
  startsAt: zonedLocalToUtc(nextBerlin(1, 9), "Europe/Berlin")!, // a Monday morning: Anna's time
  languageMode: "none",
  languages: [],
  channels: "both",
  requireDrivingLicence: false,
  requireCar: false,
  timeZone: "Europe/Berlin",
}) satisfies MatchCriteria;

describe("dry run", () => {
  it("reports every row's problems against the organisation as it is, and changes nothing", async () => {
    const id = await prepared();
    const before = await volunteersOf(w.org.id);
    const session = (await getImportSession(w.actors.admin, id, { db: t.db }))!;
    expect(session.mappingConfirmed).toBe(true);
    const run = await dryRunImport(t.db, w.org.id, session);
    expect(run.summary).toMatchObject({ total: 16, ok: 2, withProblems: 14 });
    expect(run.rows.find((r) => r.line === 12)!.problems).toEqual(["already_registered"]);
    expect(run.rows.find((r) => r.line === 7)!.problems).toEqual(["activity_unknown"]);
    expect(await volunteersOf(w.org.id)).toEqual(before);
    expect(await t.db.select().from(s.messages)).toEqual([]);
  });

  it("refuses a file it cannot read with its reason, audited, and keeps nothing of it", async () => {
    expect(await uploadImport(w.actors.admin, file("utf16.csv"), { db: t.db })).toEqual({ ok: false, error: "encoding" });
    expect(await t.db.select().from(s.volunteerImports)).toEqual([]);
    const [audit] = await t.db.select().from(s.auditEvents).orderBy(desc(s.auditEvents.id)).limit(1);
    expect(audit).toMatchObject({ action: "volunteer.import_upload", outcome: "invalid", details: { error: "encoding" }, organizationId: w.org.id });
  });

  it("stores the upload only sealed, never in clear", async () => {
    await prepared();
    const [row] = await t.db.select().from(s.volunteerImports);
    expect(row.sealedData).not.toContain("anna@example.org");
    expect(Buffer.from(row.sealedData, "base64").toString("latin1")).not.toContain("anna");
  });

  it("keeps an incomplete mapping with its errors and refuses to import with it", async () => {
    const up = await uploadImport(w.actors.admin, file("broken-rows.csv"), { db: t.db });
    if (!up.ok) throw new Error();
    expect(await saveImportMapping(w.actors.admin, up.id, { map_firstName: "0", map_lastName: "1" }, { db: t.db })).toMatchObject({ ok: false, error: "invalid", mappingErrors: ["contact_column_missing"] });
    expect(await runImport(w.actors.admin, up.id, { skipProblems: true }, { db: t.db })).toEqual({ ok: false, error: "mapping_missing" });
    expect(await volunteersOf(w.org.id)).toHaveLength(2);
  });
});

describe("import", () => {
  it("two submits of the same import at the same moment create each volunteer once", async () => {
    const id = await prepared();
    const results = await Promise.all([1, 2].map(() => runImport(w.actors.admin, id, { skipProblems: true }, { db: t.db })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: "not_found" }]);
    expect(await volunteersOf(w.org.id)).toHaveLength(4);
    expect(await t.db.select({ n: count() }).from(s.messages)).toEqual([{ n: 2 }]);
  });

  it("without consent to skip the rows with problems imports nothing", async () => {
    const id = await prepared();
    expect(await runImport(w.actors.admin, id, { skipProblems: false }, { db: t.db })).toEqual({ ok: false, error: "confirm_skip" });
    expect(await volunteersOf(w.org.id)).toHaveLength(2);
    expect(await getImportSession(w.actors.admin, id, { db: t.db })).not.toBeNull(); // the admin can still decide
  });

  it("creates the valid rows as pending volunteers without consent, queues one invitation each, audits the counts and deletes the upload", async () => {
    const id = await prepared();
    const result = await runImport(w.actors.admin, id, { skipProblems: true }, { db: t.db, ip: "203.0.113.9" });
    expect(result).toMatchObject({ ok: true, created: 2, skipped: 14, invited: 2 });
    const anna = (await volunteersOf(w.org.id)).find((v) => v.email === "anna@example.org")!;
    expect(anna).toMatchObject({ status: "pending", phone: "+4915123456789", contactPreference: "both", consentVersion: null, consentAt: null, consentChannel: "import", emailConfirmedAt: null, availabilityMask: expect.any(Number) });
    expect(anna.activityIds).toHaveLength(1);
    const kai = (await volunteersOf(w.org.id)).find((v) => v.phone === "+4915111112222")!;
    expect(kai).toMatchObject({ status: "pending", email: null, contactPreference: "sms", locale: "en", availableFlexible: true });

    // one invitation each: e-mail when there is an address, else SMS, in the volunteer's language
    const messages = await t.db.select().from(s.messages);
    expect(messages.map((m) => [m.recipient, m.channel, m.kind, m.status]).sort()).toEqual([
      ["+4915111112222", "sms", "import-invite", "queued"],
      ["anna@example.org", "email", "import-invite", "queued"],
    ]);
    const mail = await lastMessage(t.db, "anna@example.org", "import-invite");
    expect(mail.subject).toContain(w.org.name);
    expect(mail.body).toContain("/confirm/");
    const sms = await lastMessage(t.db, "+4915111112222", "import-invite");
    expect(sms.body).toMatch(/invites you/);

    expect(await t.db.select().from(s.volunteerImports)).toEqual([]);
    const [audit] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.import"));
    expect(audit).toMatchObject({ organizationId: w.org.id, actorUserId: w.actors.admin.userId, outcome: "ok", ip: "203.0.113.9", details: { rows: 16, created: 2, skipped: 14, invited: 2, byProblem: { formula: 2, already_registered: 1 } } });

    // nobody is asked before confirming: the pending volunteers do not match a request
    expect(await countMatches(t.db, w.org.id, driving())).toBe(0);
  });

  it("is idempotent: the same file again creates nobody twice", async () => {
    const first = await prepared();
    expect(await runImport(w.actors.admin, first, { skipProblems: true }, { db: t.db })).toMatchObject({ ok: true, created: 2 });
    // a second submit of the finished import (back button, double tap) finds nothing
    expect(await runImport(w.actors.admin, first, { skipProblems: true }, { db: t.db })).toEqual({ ok: false, error: "not_found" });
    const id = await prepared();
    const run = await dryRunImport(t.db, w.org.id, (await getImportSession(w.actors.admin, id, { db: t.db }))!);
    expect(run.summary.byProblem.already_registered).toBe(3);
    expect(await runImport(w.actors.admin, id, { skipProblems: true }, { db: t.db })).toEqual({ ok: false, error: "nothing_to_import" });
    expect(await volunteersOf(w.org.id)).toHaveLength(4);
    expect(await t.db.select({ n: count() }).from(s.messages)).toEqual([{ n: 2 }]);
  });

  it("never shows or imports another organisation's upload", async () => {
    const id = await prepared();
    expect(await getImportSession(w.actors.otherAdmin, id, { db: t.db })).toBeNull();
    expect(await saveImportMapping(w.actors.otherAdmin, id, { map_email: "2" }, { db: t.db })).toEqual({ ok: false, error: "not_found" });
    expect(await runImport(w.actors.otherAdmin, id, { skipProblems: true }, { db: t.db })).toEqual({ ok: false, error: "not_found" });
    expect(await volunteersOf(w.other.id)).toHaveLength(1);
    expect(await getImportSession(w.actors.admin, id, { db: t.db })).not.toBeNull();
  });

  it("the same address in another organisation is not 'already registered' there", async () => {
    await insertVolunteer(t.db, { organizationId: w.other.id, email: "anna@example.org" });
    expect(await runImport(w.actors.admin, await prepared(), { skipProblems: true }, { db: t.db })).toMatchObject({ ok: true, created: 2 });
  });
});

describe("the invited volunteer confirms and consents", () => {
  it("needs the consent box on the confirmation page; then active, consent recorded, and matched", async () => {
    await runImport(w.actors.admin, await prepared(), { skipProblems: true }, { db: t.db });
    const token = await linkToken(t.db, "anna@example.org", "import-invite", "confirm");
    expect(await inspectConfirmToken(token, new Date(), t.db)).toEqual({ state: "ready", channel: "email", needsConsent: true, organizationName: w.org.name });

    expect(await confirmChannel(token, { db: t.db })).toEqual({ ok: false, error: "consent_required" });
    expect(await confirmChannel(token, { db: t.db, consent: { agreed: false, version: CONSENT_VERSION, locale: "de" } })).toEqual({ ok: false, error: "consent_required" });
    let anna = (await volunteersOf(w.org.id)).find((v) => v.email === "anna@example.org")!;
    expect(anna).toMatchObject({ status: "pending", consentAt: null, emailConfirmedAt: null });
    expect((await inspectConfirmToken(token, new Date(), t.db)).state).toBe("ready"); // the link still works

    expect(await confirmChannel(token, { db: t.db, ip: "198.51.100.4", consent: { agreed: true, version: CONSENT_VERSION, locale: "de" } })).toEqual({ ok: true, state: "confirmed", channel: "email" });
    anna = (await volunteersOf(w.org.id)).find((v) => v.email === "anna@example.org")!;
    expect(anna).toMatchObject({ status: "active", consentVersion: CONSENT_VERSION, consentLocale: "de", consentTextSha256: currentConsentText("de", w.org.name).sha256, consentChannel: "web", consentController: w.org.name });
    expect(anna.consentAt).toBeInstanceOf(Date);
    expect(await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "volunteer.import_consent"), eq(s.auditEvents.objectId, anna.id)))).toHaveLength(1);
    expect(await countMatches(t.db, w.org.id, driving())).toBe(1);
  });

  it("the database refuses an active volunteer without consent (volunteers_consent_ck)", async () => {
    await runImport(w.actors.admin, await prepared(), { skipProblems: true }, { db: t.db });
    await expect(t.db.update(s.volunteers).set({ status: "active" }).where(eq(s.volunteers.email, "anna@example.org"))).rejects.toThrow();
  });
});

describe("retention", () => {
  it("purges imported volunteers who never confirm like unconfirmed sign-ups, and uploads whose session ran out", async () => {
    await runImport(w.actors.admin, await prepared(), { skipProblems: true }, { db: t.db });
    await prepared(); // an upload left unfinished
    expect(await purgeExpiredImports(t.db, new Date())).toEqual({ importsPurged: 0 });
    expect(await purgeExpiredImports(t.db, new Date(Date.now() + IMPORT_SESSION_MS + 1000))).toEqual({ importsPurged: 1 });
    expect(await t.db.select().from(s.volunteerImports)).toEqual([]);
    expect(await purgeUnconfirmedVolunteers(t.db, new Date(Date.now() + 8 * 86_400_000))).toEqual({ purged: 2 });
    expect((await volunteersOf(w.org.id)).map((v) => v.lastName).sort()).toEqual(["Haddad", "Registriert"]);
  });
});
