import type { DbOrTx } from "@/db";
import type { Locale } from "@/i18n/config";
import { listActiveActivities } from "@/lib/activities/queries";
import type { ActivityOption, LanguageChoice } from "./form-state";
import { languageOptions } from "./languages";

/** The organisation's active activities, in their order, named in the page's language. */
export async function activityOptions(db: DbOrTx, organizationId: string, locale: Locale): Promise<ActivityOption[]> {
  const rows = await listActiveActivities(db, organizationId);
  return rows.map((a) => ({ id: a.id, name: locale === "en" ? a.nameEn : a.nameDe, description: locale === "en" ? a.descriptionEn : a.descriptionDe }));
}

export function languageChoices(locale: Locale): { common: LanguageChoice[]; other: LanguageChoice[] } {
  const all = languageOptions(locale);
  return {
    common: all.filter((l) => l.common).map(({ code, name }) => ({ code, name })),
    other: all.filter((l) => !l.common).map(({ code, name }) => ({ code, name })),
  };
}
