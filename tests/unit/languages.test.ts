import { describe, expect, it } from "vitest";
import { volunteerLocales } from "@/i18n/config";
import { ALL_LANGUAGE_CODES, COMMON_LANGUAGES, isLanguageCode, languageName, languageOptions } from "@/lib/volunteers/languages";

describe("the list of languages spoken", () => {
  it("offers living languages only", () => {
    // Avestan, Church Slavonic, Latin, Pali, Sanskrit; Esperanto, Ido, Interlingua, Interlingue, Volapük
    for (const code of ["ae", "cu", "la", "pi", "sa", "eo", "io", "ia", "ie", "vo"]) expect(isLanguageCode(code), code).toBe(false);
    for (const code of ["de", "ar", "fa", "prs", "ps", "kmr", "ckb", "uk", "ru", "tr", "ti", "so", "en", "fr", "rom", "tig", "yo", "is"]) expect(isLanguageCode(code), code).toBe(true);
  });

  it.each(volunteerLocales)("has no two languages of the same name in %s, and a real name for each", (locale) => {
    const names = languageOptions(locale).map((o) => o.name.toLocaleLowerCase(locale));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(languageOptions(locale).filter((o) => o.name === o.code).map((o) => o.code)).toEqual([]);
    expect(languageOptions(locale)).toHaveLength(ALL_LANGUAGE_CODES.length);
  });

  it("offers German first, then the languages most needed in refugee aid", () => {
    expect(COMMON_LANGUAGES.slice(0, 14)).toEqual(["de", "ar", "fa", "prs", "ps", "kmr", "ckb", "uk", "ru", "tr", "ti", "so", "en", "fr"]);
    const options = languageOptions("de");
    expect(options.slice(0, COMMON_LANGUAGES.length).every((o) => o.common)).toBe(true);
    expect(options.slice(0, 7).map((o) => o.name)).toEqual(["Deutsch", "Arabisch", "Persisch (Farsi)", "Dari", "Paschtu", "Kurdisch (Kurmanji)", "Kurdisch (Sorani)"]);
    // the rest alphabetically in the page language
    const rest = options.filter((o) => !o.common).map((o) => o.name);
    expect(rest).toEqual([...rest].sort(new Intl.Collator("de").compare));
  });

  it("names the languages in the page language", () => {
    expect(languageName("de", "ar")).toBe("الألمانية");
    expect(languageName("ckb", "fa")).toBe("کردی (سورانی)");
    expect(languageName("uk", "ru")).toBe("украинский");
    expect(languageName("ar", "tr")).toBe("Arapça");
    expect(languageName("kmr", "uk")).toBe("курдська (курманджі)");
  });

  it("still names codes stored before they were taken off the list, and survives broken ones", () => {
    expect(languageName("ku", "de")).toBe("Kurdisch");
    expect(languageName("not a code!", "de")).toBe("not a code!");
  });
});
