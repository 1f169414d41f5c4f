import ISO6391 from "iso-639-1";
import type { Locale } from "@/i18n/config";

/**
 * Languages a volunteer can speak and a request can ask for: the living languages of ISO 639-1
 * plus the ISO 639-3 codes that matter in refugee aid and have no 639-1 code (Dari, Kurmanji,
 * Sorani, Romani, Tigre). Names come from the platform's ICU data (Intl.DisplayNames) in the page
 * language, with clearer names where ICU is vague or unkind. One list for registration, profile,
 * directory filters and the request form.
 */

/** Offered first, in this order: German, then the languages most asked for in refugee aid. */
export const COMMON_LANGUAGES = [
  "de", "ar", "fa", "prs", "ps", "kmr", "ckb", "uk", "ru", "tr", "ti", "so", "en", "fr", "ur", "sq", "sr", "ro", "am", "es",
] as const;

const EXTRA_639_3 = ["prs", "kmr", "ckb", "rom", "tig"];

/**
 * Not offered: extinct, ancient and liturgical languages (Avestan, Church Slavonic, Latin, Pali,
 * Sanskrit) and constructed ones (Esperanto, Ido, Interlingua, Interlingue, Volapük); codes that
 * duplicate another entry: Twi (`tw`, named "Akan" by ICU, like `ak`), the Kurdish macrolanguage
 * (`ku`: Kurmanji `kmr` and Sorani `ckb` are offered) and the two written forms of Norwegian
 * (`nb`, `nn`: `no` is offered). Stored codes of these still get a name (languageName).
 */
const NOT_OFFERED = new Set(["ae", "cu", "la", "pi", "sa", "eo", "io", "ia", "ie", "vo", "tw", "ku", "nb", "nn"]);

/** Where ICU's name is vague (Kurmanji is just "Kurdish") or unkind, in every page language. */
const NAME_OVERRIDES: Record<string, Record<Locale, string>> = {
  kmr: { de: "Kurdisch (Kurmanji)", en: "Kurdish (Kurmanji)", ar: "الكردية (الكرمانجية)", fa: "کردی (کرمانجی)", uk: "курдська (курманджі)", ru: "курдский (курманджи)", tr: "Kürtçe (Kurmanci)" },
  ckb: { de: "Kurdisch (Sorani)", en: "Kurdish (Sorani)", ar: "الكردية (السورانية)", fa: "کردی (سورانی)", uk: "курдська (сорані)", ru: "курдский (сорани)", tr: "Kürtçe (Sorani)" },
  fa: { de: "Persisch (Farsi)", en: "Persian (Farsi)", ar: "الفارسية", fa: "فارسی", uk: "перська (фарсі)", ru: "персидский (фарси)", tr: "Farsça" },
  prs: { de: "Dari", en: "Dari", ar: "الدارية (دري)", fa: "دری", uk: "дарі", ru: "дари", tr: "Darice (Dari)" },
  rom: { de: "Romanes (Romani)", en: "Romani", ar: "لغة الروما", fa: "رومانی (زبان روم‌ها)", uk: "ромська", ru: "цыганский (романи)", tr: "Romani dili" },
};

export const ALL_LANGUAGE_CODES: readonly string[] = Array.from(new Set([...COMMON_LANGUAGES, ...ISO6391.getAllCodes(), ...EXTRA_639_3])).filter((c) => !NOT_OFFERED.has(c));
const CODE_SET = new Set(ALL_LANGUAGE_CODES);

/** A code that can be chosen (registration, profile, requests). */
export function isLanguageCode(code: string): boolean {
  return CODE_SET.has(code);
}

const displayNames = new Map<string, Intl.DisplayNames>();
function namesIn(locale: Locale): Intl.DisplayNames {
  let d = displayNames.get(locale);
  if (!d) displayNames.set(locale, (d = new Intl.DisplayNames([locale], { type: "language", fallback: "code" })));
  return d;
}

/** The language's name in the page language (any stored code, also ones no longer offered). */
export function languageName(code: string, locale: Locale): string {
  try {
    return NAME_OVERRIDES[code]?.[locale] ?? namesIn(locale).of(code) ?? code;
  } catch {
    return code; // not a well-formed code (old data): show it as it is
  }
}

export type LanguageOption = { code: string; name: string; common: boolean };

const optionsCache = new Map<Locale, LanguageOption[]>();

/** Common languages first (in their listed order), then all others alphabetically by name. */
export function languageOptions(locale: Locale): LanguageOption[] {
  let cached = optionsCache.get(locale);
  if (cached) return cached;
  const common = new Set<string>(COMMON_LANGUAGES);
  const collator = new Intl.Collator(locale);
  const rest = ALL_LANGUAGE_CODES.filter((c) => !common.has(c))
    .map((code) => ({ code, name: languageName(code, locale), common: false }))
    .sort((a, b) => collator.compare(a.name, b.name));
  cached = [...COMMON_LANGUAGES.map((code) => ({ code, name: languageName(code, locale), common: true })), ...rest];
  optionsCache.set(locale, cached);
  return cached;
}
