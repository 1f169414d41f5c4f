import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectEncoding, readImportFile } from "@/lib/volunteers/import/file";
import { mappingErrors, readMapping, suggestMapping } from "@/lib/volunteers/import/mapping";
import { checkRows, isFormulaLike, parseAvailability, type ImportActivity } from "@/lib/volunteers/import/rows";

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/import/${name}`));
const limits = { maxBytes: 5 * 1024 * 1024, maxRows: 10_000 };
const activities: ImportActivity[] = [
  { id: "00000000-0000-4000-8000-000000000001", key: "driving", nameDe: "Fahrdienst", nameEn: "Driving service", names: {} },
  { id: "00000000-0000-4000-8000-000000000002", key: "interpreting", nameDe: "Dolmetschen & Übersetzen", nameEn: "Interpreting & translating", names: { ar: "الترجمة" } },
];
const ctx = { activities, existingEmails: new Set(["registered@example.org"]), existingPhones: new Set<string>(), defaultLocale: "de" as const };

async function table(name: string) {
  const r = await readImportFile(fixture(name), name, limits);
  if (!r.ok) throw new Error(r.error);
  return r.table;
}

describe("reading an import file", () => {
  it("reads UTF-8 CSV with ; as German Excel writes it", async () => {
    const t = await table("broken-rows.csv");
    expect(t).toMatchObject({ fileType: "csv", encoding: "utf-8" });
    expect(t.headers[4]).toBe("Tätigkeiten");
    expect(t.rows).toHaveLength(16);
  });

  it("reads Windows-1252 (umlauts intact) and UTF-8 with a BOM (the BOM not in the first header)", async () => {
    const cp = await table("windows-1252.csv");
    expect(cp.encoding).toBe("windows-1252");
    expect(cp.rows[0].slice(0, 2)).toEqual(["Jürgen", "Weiß"]);
    expect(cp.rows[1][1]).toBe("Müller-Lüdenscheidt");
    const bom = await table("utf8-bom.csv");
    expect(bom.encoding).toBe("utf-8-bom");
    expect(bom.headers[0]).toBe("Vorname");
  });

  it("reads the first sheet of an XLSX, numbers as text", async () => {
    const x = await table("volunteers.xlsx");
    expect(x).toMatchObject({ fileType: "xlsx", headers: ["Name", "Email", "Mobil", "Sprachen"] });
    expect(x.rows[1]).toEqual(["Tarek Nasser", "", "15122223333", "Arabic"]);
  });

  it("refuses unknown encodings, wrong types, empty, too large and too many rows, each with its reason", async () => {
    expect(await readImportFile(fixture("utf16.csv"), "utf16.csv", limits)).toEqual({ ok: false, error: "encoding" });
    expect(detectEncoding(new Uint8Array([0x41, 0x81, 0x42]))).toEqual({ ok: false }); // undefined in Windows-1252
    expect(await readImportFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), "liste.xls", limits)).toEqual({ ok: false, error: "wrong_type" });
    expect(await readImportFile(new TextEncoder().encode("%PDF-1.7 …"), "liste.pdf", limits)).toEqual({ ok: false, error: "wrong_type" });
    expect(await readImportFile(fixture("volunteers.xlsx"), "renamed.csv", limits)).toEqual({ ok: false, error: "wrong_type" });
    expect(await readImportFile(new TextEncoder().encode("PK\u0003\u0004 not a zip"), "kaputt.xlsx", limits)).toEqual({ ok: false, error: "unreadable" });
    expect(await readImportFile(new TextEncoder().encode("\r\n;;\r\n"), "leer.csv", limits)).toEqual({ ok: false, error: "empty" });
    expect(await readImportFile(fixture("broken-rows.csv"), "broken-rows.csv", { maxBytes: 1000, maxRows: 100 })).toEqual({ ok: false, error: "too_large" });
    expect(await readImportFile(fixture("broken-rows.csv"), "broken-rows.csv", { maxBytes: 100_000, maxRows: 15 })).toEqual({ ok: false, error: "too_many_rows" });
  });
});

describe("column mapping", () => {
  it("suggests fields from German and English headers", async () => {
    const t = await table("broken-rows.csv");
    expect(suggestMapping(t.headers)).toEqual({ firstName: 0, lastName: 1, email: 2, phone: 3, activities: 4, languages: 5, availability: 6, note: 7, locale: 8 });
    expect(suggestMapping(["Name", "E-Mail-Adresse", "Mobile phone", "Languages", "Comments"])).toEqual({ fullName: 0, email: 1, phone: 2, languages: 3, note: 4 });
    expect(suggestMapping(["Vorname", "Name", "Telefon"])).toEqual({ firstName: 0, lastName: 1, phone: 2 });
  });

  it("refuses a mapping without a name or without any contact column, or with a column twice", () => {
    expect(mappingErrors({ email: 0 }, 3)).toEqual(["name_column_missing"]);
    expect(mappingErrors({ firstName: 0, lastName: 1 }, 3)).toEqual(["contact_column_missing"]);
    expect(mappingErrors({ fullName: 0, email: 0 }, 3)).toEqual(["column_twice"]);
    expect(mappingErrors({ firstName: 0, lastName: 9, email: 1 }, 3)).toEqual(["name_column_missing"]); // column out of range
    expect(readMapping({ map_email: "1", map_phone: "", map_note: "x", map_evil: "2", map_fullName: "7" }, 3)).toEqual({ email: 1 });
  });
});

describe("dry run of a file with every kind of problem", () => {
  it("lists each row's problems and counts them by type", async () => {
    const t = await table("broken-rows.csv");
    const run = checkRows(t.rows, suggestMapping(t.headers), ctx);
    const byLine = Object.fromEntries(run.rows.map((r) => [r.line, r.problems]));
    expect(byLine).toEqual({
      2: [],
      3: ["email_invalid"],
      4: ["phone_invalid"],
      5: ["phone_not_mobile"],
      6: ["no_contact"],
      7: ["activity_unknown"],
      8: ["language_unknown"],
      9: ["availability_unknown"],
      10: ["formula"],
      11: ["duplicate_in_file"],
      12: ["already_registered"],
      13: ["name_invalid"],
      14: ["note_too_long"],
      15: ["locale_unknown"],
      16: [],
      17: ["formula"],
    });
    expect(run.summary).toEqual({
      total: 16,
      ok: 2,
      withProblems: 14,
      byProblem: {
        email_invalid: 1, phone_invalid: 1, phone_not_mobile: 1, no_contact: 1, activity_unknown: 1, language_unknown: 1, availability_unknown: 1,
        formula: 2, duplicate_in_file: 1, already_registered: 1, name_invalid: 1, note_too_long: 1, locale_unknown: 1,
      },
    });
  });

  it("normalises the valid rows as registration does", async () => {
    const t = await table("broken-rows.csv");
    const [anna, kai] = checkRows(t.rows, suggestMapping(t.headers), ctx).rows.filter((r) => r.problems.length === 0);
    expect(anna).toMatchObject({ firstName: "Anna", lastName: "Muster", email: "anna@example.org", phone: "+4915123456789", activityIds: [activities[0].id], languages: ["de", "ar"], flexible: false, locale: "de", note: null });
    expect(anna.slots).toEqual([{ weekday: 1, partOfDay: "morning" }, { weekday: 3, partOfDay: "evening" }]);
    expect(kai).toMatchObject({ email: null, phone: "+4915111112222", activityIds: [activities[1].id], languages: ["ar"], flexible: true, locale: "en", note: null });
  });

  it("splits a full name (also 'Nachname, Vorname') and reads an XLSX phone number without its leading 0", async () => {
    const x = await table("volunteers.xlsx");
    const run = checkRows(x.rows, suggestMapping(x.headers), ctx);
    expect(run.rows.map((r) => [r.firstName, r.lastName, r.phone, r.languages, r.problems])).toEqual([
      ["Olga", "Petrova", null, ["ru", "uk"], []],
      ["Tarek", "Nasser", "+4915122223333", ["ar"], []],
    ]);
    expect(checkRows([["Haddad, Amira", "a@example.org"]], { fullName: 0, email: 1 }, ctx).rows[0]).toMatchObject({ firstName: "Amira", lastName: "Haddad", problems: [] });
  });

  it("treats cells a spreadsheet would run as formulas as problems, but not a +49 number or a lone dash", () => {
    for (const c of ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx"]) expect(isFormulaLike(c)).toBe(true);
    for (const c of ["-", "Anna", "a=b"]) expect(isFormulaLike(c)).toBe(false);
    expect(checkRows([["Ann", "Bee", "+49 151 23456789", "=cmd|' /C calc'!A0"]], { firstName: 0, lastName: 1, phone: 2, note: 3 }, ctx).rows[0].problems).toEqual(["formula"]);
    expect(checkRows([["Ann", "Bee", "+49 151 23456789"]], { firstName: 0, lastName: 1, phone: 2 }, ctx).rows[0].problems).toEqual([]);
  });

  it("reads availability as people write it", () => {
    expect(parseAvailability("Mo-Fr abends")?.slots).toHaveLength(5);
    expect(parseAvailability("Sa")?.slots).toEqual([{ weekday: 6, partOfDay: "morning" }, { weekday: 6, partOfDay: "afternoon" }, { weekday: 6, partOfDay: "evening" }]);
    expect(parseAvailability("Tue afternoon, flexible")).toEqual({ slots: [{ weekday: 2, partOfDay: "afternoon" }], flexible: true });
    expect(parseAvailability("abends")?.slots).toHaveLength(7);
    expect(parseAvailability("wenn's passt")).toBeNull();
    expect(parseAvailability("Fr-Mo")).toBeNull();
  });
});
