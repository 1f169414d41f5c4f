import defaults from "./default-activities.json" with { type: "json" };
import type { TranslatedActivityLocale } from "./names";

/**
 * A seeded activity field: a stable key, names and descriptions in German and English (their own
 * columns) and in the other volunteer languages (`names` / `descriptions`, see names.ts).
 */
export type DefaultActivity = {
  key: string;
  nameDe: string;
  nameEn: string;
  descriptionDe: string;
  descriptionEn: string;
  /** every translated language, complete for the defaults */
  names: Record<TranslatedActivityLocale, string>;
  descriptions: Record<TranslatedActivityLocale, string>;
};

/**
 * The 13 activity fields seeded for every new organisation (renamable and orderable later), in
 * every volunteer language; the data: default-activities.json. The migration that added the JSON
 * columns (0005_volunteer_locales) fills them for existing organisations whose German name is
 * still the default.
 */
export const DEFAULT_ACTIVITIES: readonly DefaultActivity[] = defaults;
