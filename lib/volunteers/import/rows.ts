import { isLocale, volunteerLocales, type Locale } from "@/i18n/config";
import { ALL_LANGUAGE_CODES, isLanguageCode, languageName } from "../languages";
import { normalizePhone } from "../phone";
import { nameSchema, normalizeEmail, PARTS_OF_DAY, type PartOfDay } from "../schema";
import type { ImportMapping } from "./mapping";

/**
 * The dry run of one file: every row checked as registration checks it (names, e-mail, mobile
 * number via libphonenumber-js), plus what only an import can get wrong. A row with any problem
 * is never imported; the admin sees each row's problems and a summary by type.
 */
export const ROW_PROBLEMS = [
  "name_invalid",
  "email_invalid",
  "phone_invalid",
  "phone_not_mobile",
  "no_contact",
  "activity_unknown",
  "language_unknown",
  "availability_unknown",
  "locale_unknown",
  "note_too_long",
  "formula",
  "duplicate_in_file",
  "already_registered",
] as const;
export type RowProblem = (typeof ROW_PROBLEMS)[number];

export type ImportActivity = { id: string; key: string; nameDe: string; nameEn: string; names: Record<string, string | undefined> };

export type CheckedRow = {
  /** line in the file (the header is line 1) */
  line: number;
  problems: RowProblem[];
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  activityIds: string[];
  languages: string[];
  slots: { weekday: number; partOfDay: PartOfDay }[];
  flexible: boolean;
  locale: Locale;
  note: string | null;
};

export type DryRun = {
  rows: CheckedRow[];
  summary: { total: number; ok: number; withProblems: number; byProblem: Partial<Record<RowProblem, number>> };
};

/**
 * Cells a spreadsheet would run as a formula when the data is exported again (= + - @, tab, CR at
 * the start): refused, not neutralised — changing the value would import something the
 * organisation never wrote. A lone "-" (a common "nothing here") is read as empty, and a mobile
 * number's leading + is what it should be.
 */
const FORMULA = /^[=+\-@\t\r]/;
export function isFormulaLike(cell: string): boolean {
  return cell.length > 1 && FORMULA.test(cell);
}

const LIST_SPLIT = /\s*[;,|/\n]\s*/;
const list = (cell: string) => cell.split(LIST_SPLIT).map((x) => x.trim()).filter(Boolean);
const key = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

function activityIndex(activities: readonly ImportActivity[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const a of activities) {
    for (const name of [a.key, a.nameDe, a.nameEn, ...Object.values(a.names)]) if (name) index.set(key(name), a.id);
  }
  return index;
}

let languageIndexCache: Map<string, string> | null = null;
/** Codes (de, prs) and names in German and English ("Arabisch", "Arabic", "Dari") → code. */
function languageIndex(): Map<string, string> {
  if (languageIndexCache) return languageIndexCache;
  const index = new Map<string, string>();
  for (const code of ALL_LANGUAGE_CODES) {
    for (const loc of ["de", "en"] as const) index.set(key(languageName(code, loc)), code);
  }
  for (const code of ALL_LANGUAGE_CODES) index.set(code, code);
  index.set("farsi", "fa");
  index.set("persisch", "fa");
  index.set("kurdisch", "kmr");
  index.set("kurdish", "kmr");
  return (languageIndexCache = index);
}

const WEEKDAY_WORDS: Record<string, number> = {
  mo: 1, mon: 1, montag: 1, monday: 1,
  di: 2, die: 2, tue: 2, tues: 2, dienstag: 2, tuesday: 2,
  mi: 3, mit: 3, wed: 3, mittwoch: 3, wednesday: 3,
  do: 4, don: 4, thu: 4, thur: 4, thurs: 4, donnerstag: 4, thursday: 4,
  fr: 5, fri: 5, freitag: 5, friday: 5,
  sa: 6, sat: 6, samstag: 6, sonnabend: 6, saturday: 6,
  so: 7, sun: 7, sonntag: 7, sunday: 7,
};
const PART_WORDS: Record<string, PartOfDay> = {
  vormittag: "morning", vormittags: "morning", morgens: "morning", morgen: "morning", vorm: "morning", morning: "morning", mornings: "morning", am: "morning",
  nachmittag: "afternoon", nachmittags: "afternoon", nachm: "afternoon", afternoon: "afternoon", afternoons: "afternoon", pm: "afternoon",
  abend: "evening", abends: "evening", evening: "evening", evenings: "evening",
};
const FLEXIBLE = new Set(["flexibel", "flexible", "jederzeit", "immer", "anytime", "any time", "nach absprache"]);

/**
 * Availability as people write it: "Mo vormittags; Mi abends", "Mo-Fr nachmittags", "Sa",
 * "abends", "flexibel" (English too). A weekday alone means the whole day, a part of day alone
 * every day. null when a piece is not understood.
 */
export function parseAvailability(cell: string): { slots: { weekday: number; partOfDay: PartOfDay }[]; flexible: boolean } | null {
  const slots = new Map<string, { weekday: number; partOfDay: PartOfDay }>();
  let flexible = false;
  for (const piece of cell.split(/\s*[;,|\n]\s*/).map((p) => key(p)).filter(Boolean)) {
    if (FLEXIBLE.has(piece)) {
      flexible = true;
      continue;
    }
    const words = piece.replace(/\./g, "").replace(/\s*(–|-|bis|to)\s*/g, "-").split(/\s+/);
    let days: number[] = [];
    let parts: PartOfDay[] = [];
    for (const w of words) {
      const range = /^([^-]+)-([^-]+)$/.exec(w);
      if (range && WEEKDAY_WORDS[range[1]] && WEEKDAY_WORDS[range[2]]) {
        const [from, to] = [WEEKDAY_WORDS[range[1]], WEEKDAY_WORDS[range[2]]];
        if (from > to) return null;
        for (let d = from; d <= to; d++) days.push(d);
      } else if (WEEKDAY_WORDS[w]) days.push(WEEKDAY_WORDS[w]);
      else if (PART_WORDS[w]) parts.push(PART_WORDS[w]);
      else return null;
    }
    if (days.length === 0) days = [1, 2, 3, 4, 5, 6, 7];
    if (parts.length === 0) parts = [...PARTS_OF_DAY];
    for (const weekday of days) for (const partOfDay of parts) slots.set(`${weekday}-${partOfDay}`, { weekday, partOfDay });
  }
  return { slots: [...slots.values()].sort((a, b) => a.weekday - b.weekday || PARTS_OF_DAY.indexOf(a.partOfDay) - PARTS_OF_DAY.indexOf(b.partOfDay)), flexible };
}

const LOCALE_NAMES: Record<string, Locale> = Object.fromEntries(
  volunteerLocales.flatMap((l) => [[key(languageName(l, "de")), l], [key(languageName(l, "en")), l], [key(languageName(l, l)), l]]),
);
function parseLocale(cell: string): Locale | null {
  const k = key(cell);
  if (isLocale(k)) return k;
  return LOCALE_NAMES[k] ?? null;
}

function splitFullName(full: string): [string, string] {
  const s = full.trim().replace(/\s+/g, " ");
  // "Nachname, Vorname" (lists sorted by surname) or "Vorname Nachname"
  const comma = s.indexOf(",");
  if (comma > 0) return [s.slice(comma + 1).trim(), s.slice(0, comma).trim()];
  const space = s.lastIndexOf(" ");
  return space > 0 ? [s.slice(0, space), s.slice(space + 1)] : [s, ""];
}

export type DryRunContext = {
  activities: readonly ImportActivity[];
  /** e-mail addresses and E.164 numbers already registered in this organisation */
  existingEmails: ReadonlySet<string>;
  existingPhones: ReadonlySet<string>;
  defaultLocale: Locale;
};

export function checkRows(rows: readonly string[][], mapping: ImportMapping, ctx: DryRunContext): DryRun {
  const activities = activityIndex(ctx.activities);
  const languages = languageIndex();
  const seenEmails = new Set<string>();
  const seenPhones = new Set<string>();
  const checked = rows.map((cells, i) => {
    const problems = new Set<RowProblem>();
    const cell = (f: keyof ImportMapping) => {
      const idx = mapping[f];
      const v = idx === undefined ? "" : (cells[idx] ?? "").trim();
      return v === "-" ? "" : v;
    };
    const phoneCell = cell("phone");
    for (const f of Object.keys(mapping) as (keyof ImportMapping)[]) {
      const v = cell(f);
      if (!isFormulaLike(v)) continue;
      if (f === "phone" && /^\+[0-9 ()\-/.]+$/.test(v)) continue; // +49 151 …: a number, not a formula
      problems.add("formula");
    }

    let [firstRaw, lastRaw] = [cell("firstName"), cell("lastName")];
    if (mapping.fullName !== undefined && !(firstRaw && lastRaw)) [firstRaw, lastRaw] = splitFullName(cell("fullName"));
    const first = nameSchema.safeParse(firstRaw);
    const last = nameSchema.safeParse(lastRaw);
    if (!first.success || !last.success) problems.add("name_invalid");

    let email: string | null = null;
    const emailCell = cell("email");
    if (emailCell) {
      const r = normalizeEmail(emailCell);
      if (r.ok) email = r.email;
      else problems.add("email_invalid");
    }
    let phone: string | null = null;
    if (phoneCell) {
      const r = normalizePhone(phoneCell);
      if (r.ok) phone = r.e164;
      else problems.add(r.error);
    }
    if (!emailCell && !phoneCell) problems.add("no_contact");

    const activityIds = new Set<string>();
    for (const name of list(cell("activities"))) {
      const id = activities.get(key(name));
      if (id) activityIds.add(id);
      else problems.add("activity_unknown");
    }
    const langs = new Set<string>();
    for (const name of list(cell("languages"))) {
      const code = languages.get(key(name));
      if (code && isLanguageCode(code)) langs.add(code);
      else problems.add("language_unknown");
    }
    const availability = cell("availability") ? parseAvailability(cell("availability")) : { slots: [], flexible: false };
    if (!availability) problems.add("availability_unknown");
    let locale = ctx.defaultLocale;
    if (cell("locale")) {
      const l = parseLocale(cell("locale"));
      if (l) locale = l;
      else problems.add("locale_unknown");
    }
    const noteText = cell("note").replace(/\r\n/g, "\n");
    if (noteText.length > 1000) problems.add("note_too_long");

    if ((email && seenEmails.has(email)) || (phone && seenPhones.has(phone))) problems.add("duplicate_in_file");
    else if ((email && ctx.existingEmails.has(email)) || (phone && ctx.existingPhones.has(phone))) problems.add("already_registered");
    if (email) seenEmails.add(email);
    if (phone) seenPhones.add(phone);

    return {
      line: i + 2,
      problems: ROW_PROBLEMS.filter((p) => problems.has(p)),
      firstName: first.success ? first.data : firstRaw,
      lastName: last.success ? last.data : lastRaw,
      email,
      phone,
      activityIds: [...activityIds],
      languages: [...langs],
      slots: availability?.slots ?? [],
      flexible: availability?.flexible ?? false,
      locale,
      note: noteText || null,
    } satisfies CheckedRow;
  });
  const byProblem: Partial<Record<RowProblem, number>> = {};
  for (const r of checked) for (const p of r.problems) byProblem[p] = (byProblem[p] ?? 0) + 1;
  const ok = checked.filter((r) => r.problems.length === 0).length;
  return { rows: checked, summary: { total: checked.length, ok, withProblems: checked.length - ok, byProblem } };
}
