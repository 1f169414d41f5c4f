import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { isolateIn } from "@/i18n/bidi";
import { defaultLocale } from "@/i18n/config";
import { getLegalDetails } from "@/lib/organizations/legal";
import { pageScope, type PublicPageProps } from "../_scope/scope";

/**
 * What the imprint and privacy pages share (the accessibility statement has its own page): read at request time, filled from the
 * organisation. `iso` isolates the organisation's name, address or contact inside a translated
 * sentence, so it keeps its own direction in a right-to-left page.
 */
export async function legalPage(params: PublicPageProps["params"]) {
  await connection();
  const t = await getTranslations("legal");
  const scope = await pageScope(params);
  const org = await getLegalDetails(scope.org);
  const locale = await getLocale();
  // a translated legal text is for understanding; the German one is binding (docs/i18n)
  const translationNote = locale === defaultLocale ? null : t("translationNote");
  return { t, org, scope, notSet: t("notSet"), translationNote, iso: (v: string) => isolateIn(locale, v) };
}

export function legalMetadata(page: "imprint" | "privacy") {
  return async (): Promise<Metadata> => ({ title: (await getTranslations(`legal.${page}`))("title") });
}
