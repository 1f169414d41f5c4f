import type { DbOrTx } from "@/db";
import { localeDirection, localeNames, volunteerLocales, type Locale } from "@/i18n/config";
import { activityDescription, activityName } from "@/lib/activities/names";
import { listActiveActivities } from "@/lib/activities/queries";
import type { ActivityOption, LanguageChoice, MessageLanguageChoice } from "./form-state";
import { languageName, languageOptions } from "./languages";

/** The organisation's active activities, in their order, named in the page's language. */
export async function activityOptions(db: DbOrTx, organizationId: string, locale: Locale): Promise<ActivityOption[]> {
  const rows = await listActiveActivities(db, organizationId);
  return rows.map((a) => ({ id: a.id, name: activityName(a, locale), description: activityDescription(a, locale) }));
}

export function languageChoices(locale: Locale): { common: LanguageChoice[]; other: LanguageChoice[] } {
  const all = languageOptions(locale);
  return {
    common: all.filter((l) => l.common).map(({ code, name }) => ({ code, name })),
    other: all.filter((l) => !l.common).map(({ code, name }) => ({ code, name })),
  };
}

/**
 * The message languages a volunteer can choose, each in its own name, with the name in the page
 * language after it where that differs ("العربية (Arabisch)"), so both readers find theirs.
 */
export function messageLanguageChoices(pageLocale: Locale): MessageLanguageChoice[] {
  return volunteerLocales.map((code) => ({
    code,
    name: localeNames[code],
    dir: localeDirection(code),
    inPageLanguage: code === pageLocale ? null : languageName(code, pageLocale),
  }));
}
