import type { Locale } from "@/i18n/config";

type Named = { nameDe: string; nameEn: string } | { activityNameDe: string; activityNameEn: string };

/** An activity's name in a language (German for German, English otherwise), from an activity row or a request joined with its activity. Pure. */
export function activityName(a: Named, locale: Locale): string {
  const [de, en] = "nameDe" in a ? [a.nameDe, a.nameEn] : [a.activityNameDe, a.activityNameEn];
  return locale === "de" ? de : en;
}
