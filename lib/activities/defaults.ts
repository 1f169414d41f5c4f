import defaults from "./default-activities.json";

/** A seeded activity field: a stable key plus names and descriptions in German and English. */
export type DefaultActivity = { key: string; nameDe: string; nameEn: string; descriptionDe: string; descriptionEn: string };

/** The 13 activity fields seeded for every new organisation (renamable and orderable later); the data: default-activities.json. */
export const DEFAULT_ACTIVITIES: readonly DefaultActivity[] = defaults;
