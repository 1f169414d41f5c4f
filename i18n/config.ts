/**
 * The languages of Helferruf. Everything a volunteer or helper sees (public pages, the response
 * page, every message to them) speaks all `volunteerLocales`; the coordinator area (/admin/**)
 * speaks only `adminLocales` — a visitor whose choice is Arabic sees /admin in German.
 * German is the source and the fallback of every text (docs/i18n/README.md).
 */
export const volunteerLocales = ["de", "en", "ar", "fa", "uk", "ru", "tr"] as const;
export const adminLocales = ["de", "en"] as const;
export const locales = volunteerLocales;
export type Locale = (typeof volunteerLocales)[number];
export type AdminLocale = (typeof adminLocales)[number];
export const defaultLocale = "de" satisfies Locale & AdminLocale;
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (volunteerLocales as readonly string[]).includes(value);
}

export function isAdminLocale(value: unknown): value is AdminLocale {
  return typeof value === "string" && (adminLocales as readonly string[]).includes(value);
}

/** The one fallback rule: anything that is not a supported locale (cookie, query, profile, row) is German. */
export function toLocale(value: unknown): Locale {
  return isLocale(value) ? value : defaultLocale;
}

/** The same rule for the coordinator area: only German and English; anything else is German. */
export function toAdminLocale(value: unknown): AdminLocale {
  return isAdminLocale(value) ? value : defaultLocale;
}

/** Right-to-left scripts: Arabic and Persian. */
const RTL: ReadonlySet<string> = new Set<Locale>(["ar", "fa"]);
export function localeDirection(locale: string): "rtl" | "ltr" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

/**
 * Each language in its own name (endonym), as the language picker and the message-language
 * choice show it. Persian serves Dari readers too (the written languages are the same), so it
 * says so. These are fixed by definition and therefore not in the catalogues.
 */
export const localeNames: Record<Locale, string> = {
  de: "Deutsch",
  en: "English",
  ar: "العربية",
  fa: "فارسی / دری",
  uk: "Українська",
  ru: "Русский",
  tr: "Türkçe",
};

/**
 * The BCP 47 tag for Intl formatting of dates and numbers outside next-intl (messages, pages).
 * German and English pin the region (day-month order, 24-hour clock). Persian pins the Gregorian
 * calendar: ICU's default for "fa" is the Solar Hijri calendar, and an appointment at a German
 * office must read as the same day everywhere. Arabic pins Western digits (ICU's default for
 * "ar" now too), as on the forms, letters and phones the helpers deal with here.
 */
export const intlLocale: Record<Locale, string> = {
  de: "de-DE",
  en: "en-GB",
  ar: "ar-u-nu-latn",
  fa: "fa-u-ca-gregory",
  uk: "uk",
  ru: "ru",
  tr: "tr",
};

/** Paths of the coordinator area (and the development outbox): de/en only. */
export function isAdminPath(pathname: string): boolean {
  return /^\/(admin|dev|platform)(\/|$)/.test(pathname);
}
