import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { ActivityOption, LanguageChoice } from "./form-state";
import { languageOptions } from "./languages";

/** The organisation's active activities, in their order, named in the page's language. */
export async function activityOptions(db: DbOrTx, organizationId: string, locale: "de" | "en"): Promise<ActivityOption[]> {
  const rows = await db
    .select()
    .from(s.activities)
    .where(and(eq(s.activities.organizationId, organizationId), eq(s.activities.active, true)))
    .orderBy(asc(s.activities.position), asc(s.activities.nameDe));
  return rows.map((a) => ({ id: a.id, name: locale === "en" ? a.nameEn : a.nameDe, description: locale === "en" ? a.descriptionEn : a.descriptionDe }));
}

export function languageChoices(locale: "de" | "en"): { common: LanguageChoice[]; other: LanguageChoice[] } {
  const all = languageOptions(locale);
  return {
    common: all.filter((l) => l.common).map(({ code, name }) => ({ code, name })),
    other: all.filter((l) => !l.common).map(({ code, name }) => ({ code, name })),
  };
}
