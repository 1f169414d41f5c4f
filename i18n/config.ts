export const locales = ["de", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "de";
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** The one fallback rule: anything that is not a supported locale (cookie, query, profile, row) is German. */
export function toLocale(value: unknown): Locale {
  return isLocale(value) ? value : defaultLocale;
}
