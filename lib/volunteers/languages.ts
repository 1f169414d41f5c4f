import ISO6391 from "iso-639-1";

/**
 * Languages a volunteer can speak: every ISO 639-1 language plus the ISO 639-3 codes that matter
 * in refugee aid and have no 639-1 code (Dari, Kurmanji, Sorani). Names come from the platform's
 * ICU data (Intl.DisplayNames) in German and English, with a few clearer names where ICU is vague.
 */

/** Listed first in the registration form: languages common in refugee aid. */
export const COMMON_LANGUAGES = [
  "ar", "fa", "prs", "ps", "kmr", "ckb", "ti", "tr", "ru", "uk", "fr", "en", "so", "ur", "sq", "sr", "ro", "am", "es",
] as const;

const EXTRA_639_3 = ["prs", "kmr", "ckb"];

const NAME_OVERRIDES: Record<string, { de: string; en: string }> = {
  kmr: { de: "Kurdisch (Kurmanji)", en: "Kurdish (Kurmanji)" },
  ckb: { de: "Kurdisch (Sorani)", en: "Kurdish (Sorani)" },
  fa: { de: "Persisch (Farsi)", en: "Persian (Farsi)" },
  prs: { de: "Dari", en: "Dari" },
};

export const ALL_LANGUAGE_CODES: readonly string[] = Array.from(new Set([...COMMON_LANGUAGES, ...ISO6391.getAllCodes(), ...EXTRA_639_3]));
const CODE_SET = new Set(ALL_LANGUAGE_CODES);

export function isLanguageCode(code: string): boolean {
  return CODE_SET.has(code);
}

const displayNames = {
  de: new Intl.DisplayNames(["de"], { type: "language", fallback: "code" }),
  en: new Intl.DisplayNames(["en"], { type: "language", fallback: "code" }),
};

export function languageName(code: string, locale: "de" | "en"): string {
  return NAME_OVERRIDES[code]?.[locale] ?? displayNames[locale].of(code) ?? code;
}

export type LanguageOption = { code: string; name: string; common: boolean };

/** Common languages first (in their listed order), then all others alphabetically by name. */
export function languageOptions(locale: "de" | "en"): LanguageOption[] {
  const common = new Set<string>(COMMON_LANGUAGES);
  const rest = ALL_LANGUAGE_CODES.filter((c) => !common.has(c))
    .map((code) => ({ code, name: languageName(code, locale), common: false }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  return [...COMMON_LANGUAGES.map((code) => ({ code, name: languageName(code, locale), common: true })), ...rest];
}
