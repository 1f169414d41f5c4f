/**
 * The column mapping step: which column of the file holds which field. Suggested from the header
 * names (German and English, as organisations' own lists spell them), confirmed or changed by the
 * admin. Required: a name (first + last name, or one column with the full name) and at least one
 * of e-mail and mobile number.
 */
export const IMPORT_FIELDS = ["firstName", "lastName", "fullName", "email", "phone", "activities", "languages", "availability", "locale", "note"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** field → index of the column in the file */
export type ImportMapping = Partial<Record<ImportField, number>>;

/** Header names (normalised: lower case, letters and digits only) that suggest a field. */
const HEADER_NAMES: Record<ImportField, string[]> = {
  firstName: ["vorname", "vornamen", "firstname", "givenname", "first", "rufname"],
  lastName: ["nachname", "familienname", "name1", "lastname", "surname", "familyname", "last"],
  fullName: ["name", "vollständigername", "namevorname", "vornamename", "fullname", "ehrenamtliche", "ehrenamtlicher", "person"],
  email: ["email", "emailadresse", "mail", "emailaddress", "eadresse", "epost"],
  phone: ["mobil", "mobilnummer", "handy", "handynummer", "mobiltelefon", "telefon", "telefonnummer", "tel", "mobile", "mobilephone", "phone", "cell", "cellphone", "phonenumber", "sms"],
  activities: ["tätigkeiten", "tätigkeit", "aufgaben", "einsatzbereiche", "einsatzbereich", "bereiche", "interessen", "activities", "activity", "tasks", "areas"],
  languages: ["sprachen", "sprache", "sprachkenntnisse", "fremdsprachen", "languages", "language", "spokenlanguages"],
  availability: ["verfügbarkeit", "verfügbar", "zeiten", "wanngehts", "availability", "available", "times"],
  locale: ["nachrichtensprache", "sprachefürnachrichten", "kontaktsprache", "korrespondenzsprache", "messagelanguage", "locale", "preferredlanguage"],
  note: ["notiz", "notizen", "anmerkung", "anmerkungen", "bemerkung", "bemerkungen", "hinweis", "hinweise", "kommentar", "note", "notes", "comment", "comments", "remarks"],
};

export function normalizeHeader(h: string): string {
  return h.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Each field the first column whose header names it; a column is suggested for one field only. */
export function suggestMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<number>();
  const normalised = headers.map(normalizeHeader);
  for (const field of IMPORT_FIELDS) {
    const i = normalised.findIndex((h, idx) => !used.has(idx) && HEADER_NAMES[field].includes(h));
    if (i >= 0) {
      mapping[field] = i;
      used.add(i);
    }
  }
  // a lone "Name" next to "Vorname" is the last name, not the full name
  if (mapping.fullName !== undefined && mapping.firstName !== undefined && mapping.lastName === undefined) {
    mapping.lastName = mapping.fullName;
    delete mapping.fullName;
  }
  return mapping;
}

export type MappingError = "name_column_missing" | "contact_column_missing" | "column_twice";

/** What the mapping lacks; the admin sees it next to the form and nothing is imported. */
export function mappingErrors(mapping: ImportMapping, columnCount: number): MappingError[] {
  const errors: MappingError[] = [];
  const m = Object.fromEntries(Object.entries(mapping).filter(([, v]) => Number.isInteger(v) && v! >= 0 && v! < columnCount)) as ImportMapping;
  const hasName = m.fullName !== undefined || (m.firstName !== undefined && m.lastName !== undefined);
  if (!hasName) errors.push("name_column_missing");
  if (m.email === undefined && m.phone === undefined) errors.push("contact_column_missing");
  const cols = Object.values(m);
  if (new Set(cols).size !== cols.length) errors.push("column_twice");
  return errors;
}

/** The mapping as posted by the form (field → column index or ""), unknown keys ignored. */
export function readMapping(values: Record<string, unknown>, columnCount: number): ImportMapping {
  const mapping: ImportMapping = {};
  for (const field of IMPORT_FIELDS) {
    const raw = values[`map_${field}`];
    if (typeof raw !== "string" || !/^\d{1,4}$/.test(raw)) continue;
    const i = Number(raw);
    if (i < columnCount) mapping[field] = i;
  }
  return mapping;
}
