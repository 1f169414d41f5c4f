import type { LocalizedTexts } from "@/db/schema";
import type { Locale } from "@/i18n/config";

/**
 * Activity names and descriptions per language. German and English live in their own columns
 * (name_de/name_en, description_de/description_en); the other volunteer languages in the JSON
 * columns `names` and `descriptions`, keyed by locale, editable by admins. A missing translation
 * falls back to German. Pure.
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

/** A request joined with its activity (the names under activityName*). */
type RequestActivity = { activityNameDe: string; activityNameEn: string; activityNames?: LocalizedTexts | null };

/** The locales whose activity texts are kept in the JSON columns. */
export const TRANSLATED_ACTIVITY_LOCALES = ["ar", "fa", "uk", "ru", "tr"] as const satisfies readonly Locale[];
export type TranslatedActivityLocale = (typeof TRANSLATED_ACTIVITY_LOCALES)[number];

/** An activity's name in a language (German when there is none), from an activity row or a request joined with its activity. */
export function activityName(a: ActivityTexts | RequestActivity, locale: Locale): string {
  const { nameDe, nameEn, names } = "nameDe" in a ? a : { nameDe: a.activityNameDe, nameEn: a.activityNameEn, names: a.activityNames };
  if (locale === "en") return nameEn || nameDe;
  if (locale === "de") return nameDe;
  return names?.[locale]?.trim() || nameDe;
}

/** An activity's description in a language (German when there is none). */
export function activityDescription(a: ActivityTexts, locale: Locale): string {
  const de = a.descriptionDe ?? "";
  if (locale === "en") return a.descriptionEn || de;
  if (locale === "de") return de;
  return a.descriptions?.[locale]?.trim() || de;
}
