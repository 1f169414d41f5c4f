import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { listVolunteers, parseDirectoryFilters, type DirectoryFilters } from "@/lib/volunteers/directory";
import { exportVolunteersCsv } from "@/lib/volunteers/csv-export";
import { setupTestDatabase } from "../helpers/db";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { insertVolunteer } from "../helpers/volunteers";

const t = setupTestDatabase();
let w: Awaited<ReturnType<typeof setUpOrganisations>>;

/**
 * Five volunteers with distinct traits, so each filter picks a known set:
 *  anna:  active, driving, de+ar, Mon morning, e-mail confirmed, licence + car
 *  ben:   active, driving, de, flexible, SMS confirmed, licence
 *  cem:   paused, interpreting, tr, Tue evening, e-mail unconfirmed
 *  dana:  pending, interpreting, ar+fa, Mon morning, SMS confirmed, car
 *  Amira Haddad from the fixtures: active, nothing else
 */
beforeEach(async () => {
  w = await setUpOrganisations(t.db);
  const [driving, , , , interpreting] = w.activities;
  const now = new Date();
  const mk = async (
    firstName: string,
    lastName: string,
    v: Partial<s.NewVolunteer>,
    acts: string[],
    langs: string[],
    slots: [number, "morning" | "afternoon" | "evening"][],
  ) => {
    const row = await insertVolunteer(t.db, { organizationId: w.org.id, firstName, lastName, ...v });
    if (acts.length) await t.db.insert(s.volunteerActivities).values(acts.map((activityId) => ({ volunteerId: row.id, activityId })));
    if (langs.length) await t.db.insert(s.volunteerLanguages).values(langs.map((language) => ({ volunteerId: row.id, language })));
    if (slots.length) await t.db.insert(s.volunteerAvailability).values(slots.map(([weekday, partOfDay]) => ({ volunteerId: row.id, weekday, partOfDay })));
    return row;
  };
  await mk("Anna", "Albers", { emailConfirmedAt: now, hasDrivingLicence: true, hasCar: true }, [driving.id], ["de", "ar"], [[1, "morning"]]);
  await mk("Ben", "Brandt", { email: null, phone: "+4915112345678", phoneConfirmedAt: now, hasDrivingLicence: true, availableFlexible: true }, [driving.id], ["de"], []);
  await mk("Cem", "Celik", { status: "paused" }, [interpreting.id], ["tr"], [[2, "evening"]]);
  await mk("Dana", "Dahl", { status: "pending", phone: "+4915187654321", phoneConfirmedAt: now, hasCar: true }, [interpreting.id], ["ar", "fa"], [[1, "morning"]]);
});

async function names(filters: DirectoryFilters) {
  const r = await listVolunteers(w.actors.coordinator, filters);
  return r.rows.map((v) => v.firstName);
}

describe("volunteer directory filters", () => {
  const cases: [string, () => DirectoryFilters, string[]][] = [
    ["no filter lists everyone of the organisation, ordered by last name", () => ({}), ["Anna", "Ben", "Cem", "Dana", "Amira"]],
    ["activity", () => ({ activity: w.activities[4].id }), ["Cem", "Dana"]],
    ["language", () => ({ language: "ar" }), ["Anna", "Dana"]],
    ["availability slot (flexible volunteers count as available)", () => ({ slot: "1-morning" }), ["Anna", "Ben", "Dana"]],
    ["availability: flexible only", () => ({ slot: "flexible" }), ["Ben"]],
    ["status", () => ({ status: "paused" }), ["Cem"]],
    ["confirmed e-mail channel", () => ({ channel: "email" }), ["Anna"]],
    ["confirmed SMS channel", () => ({ channel: "sms" }), ["Ben", "Dana"]],
    ["has a car", () => ({ car: "1" }), ["Anna", "Dana"]],
    ["has a driving licence", () => ({ licence: "1" }), ["Anna", "Ben"]],
    ["free text over first and last names, case-insensitive", () => ({ q: "hadd" }), ["Amira"]],
    ["free text with two words must match both", () => ({ q: "anna alb" }), ["Anna"]],
    ["free text treats % and _ literally", () => ({ q: "%" }), []],
    ["combined: language + slot + car", () => ({ language: "ar", slot: "1-morning", car: "1" }), ["Anna", "Dana"]],
    ["combined: activity + status + channel", () => ({ activity: w.activities[0].id, status: "active", channel: "sms" }), ["Ben"]],
    ["combined: everything at once", () => ({ activity: w.activities[0].id, language: "de", slot: "1-morning", status: "active", channel: "email", car: "1", licence: "1", q: "ann" }), ["Anna"]],
    ["another organisation's activity id finds nobody", () => ({ activity: w.other.id }), []],
  ];
  for (const [name, filters, expected] of cases) {
    it(name, async () => {
      expect((await names(filters())).sort()).toEqual([...expected].sort());
    });
  }

  it("lists by last name, then first name", async () => {
    const r = await listVolunteers(w.actors.coordinator, {});
    expect(r.ok && r.rows.map((v) => v.lastName)).toEqual(["Albers", "Brandt", "Celik", "Dahl", "Haddad"]);
  });

  it("ignores malformed filter values instead of failing", () => {
    expect(parseDirectoryFilters({ status: "deleted", slot: "8-night", language: "xx", activity: "1 or 1=1", car: "yes", q: "" })).toEqual({});
    expect(parseDirectoryFilters({ status: "active", slot: "3-evening", q: " Anna " })).toMatchObject({ status: "active", slot: "3-evening", q: "Anna" });
  });

  it("pages forwards and backwards with a keyset cursor, never repeating or skipping anyone", async () => {
    for (let i = 0; i < 7; i++) await insertVolunteer(t.db, { organizationId: w.org.id, firstName: `P${i}`, lastName: "Zeta" });
    const seen: string[] = [];
    let after: string | undefined;
    const pages = [];
    for (;;) {
      const r = await listVolunteers(w.actors.coordinator, {}, { after }, 4);
      if (!r.ok) throw new Error();
      expect(r.total).toBe(12);
      pages.push(r);
      seen.push(...r.rows.map((v) => v.id));
      if (!r.next) break;
      after = r.next;
    }
    expect(pages.map((p) => p.rows.length)).toEqual([4, 4, 4]);
    expect(new Set(seen).size).toBe(12);
    const back = await listVolunteers(w.actors.coordinator, {}, { before: pages[2].prev! }, 4);
    expect(back.ok && back.rows.map((v) => v.id)).toEqual(pages[1].rows.map((v) => v.id));
    expect(pages[0].prev).toBeNull();
  });
});

describe("CSV export", () => {
  it("exports exactly the filtered volunteers with a header row", async () => {
    const r = await exportVolunteersCsv(w.actors.admin, { language: "ar" }, { ip: null });
    const lines = r.csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Nachname,Vorname,Status,E-Mail/);
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["Anna", "Dana"]);
    expect(r.count).toBe(2);
    expect(lines[1]).toContain('"Fahrdienst"'.replace(/"/g, ""));
  });

  it("neutralises spreadsheet formulas in names (CSV injection)", async () => {
    await insertVolunteer(t.db, { organizationId: w.org.id, firstName: "=HYPERLINK(\"http://evil\")", lastName: "@SUM(A1)" });
    const r = await exportVolunteersCsv(w.actors.admin, { q: "SUM" }, { ip: null });
    const row = r.csv.trim().split(/\r?\n/)[1];
    expect(row.startsWith("'@SUM(A1),")).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("is recorded in the audit log with the row count but no personal data", async () => {
    await exportVolunteersCsv(w.actors.admin, { q: "Anna", car: "1" }, { ip: "198.51.100.4" });
    const [e] = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.export"));
    expect(e).toMatchObject({ actorUserId: w.users.admin.id, organizationId: w.org.id, ip: "198.51.100.4", outcome: "ok" });
    expect(e.details).toEqual({ count: 1, filters: ["q", "car"] });
    expect(JSON.stringify(e.details)).not.toContain("Anna");
  });
});
