import type { LocalizedTexts } from "@/db/schema";
import type { Locale } from "@/i18n/config";

/**
 * Activity names and descriptions per language. German and English live in their own columns
 * (name_de/name_en, description_de/description_en); the other volunteer languages in the JSON
 * columns `names` and `descriptions`, keyed by locale, editable by admins. A missing translation
 * falls back to German.
 */
export type { LocalizedTexts };

export type ActivityTexts = {
  nameDe: string;
  nameEn: string;
  names?: LocalizedTexts | null;
  descriptionDe?: string;
  descriptionEn?: string;
  descriptions?: LocalizedTexts | null;
};

/** The locales whose activity texts are kept in the JSON columns. */
export const TRANSLATED_ACTIVITY_LOCALES = ["ar", "fa", "uk", "ru", "tr"] as const satisfies readonly Locale[];
export type TranslatedActivityLocale = (typeof TRANSLATED_ACTIVITY_LOCALES)[number];

/** An activity row, or a request joined with its activity (activityNameDe, activityNameEn, activityNames). */
type Named = ActivityTexts | { activityNameDe: string; activityNameEn: string; activityNames?: LocalizedTexts | null };

/** An activity's name in a language, from an activity row or a request joined with its activity (German when missing). Pure. */
export function activityName(a: Named, locale: Locale): string {
  return "nameDe" in a ? activityNameIn(a, locale) : activityNameIn({ nameDe: a.activityNameDe, nameEn: a.activityNameEn, names: a.activityNames }, locale);
}

export function activityNameIn(a: ActivityTexts, locale: Locale): string {
  if (locale === "en") return a.nameEn || a.nameDe;
  if (locale === "de") return a.nameDe;
  return a.names?.[locale]?.trim() || a.nameDe;
}

export function activityDescriptionIn(a: ActivityTexts, locale: Locale): string {
  const de = a.descriptionDe ?? "";
  if (locale === "en") return a.descriptionEn || de;
  if (locale === "de") return de;
  return a.descriptions?.[locale]?.trim() || de;
}
