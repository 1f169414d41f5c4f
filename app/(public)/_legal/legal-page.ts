import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getLegalDetails } from "@/lib/organizations/legal";

/** What the imprint and privacy pages share (the accessibility statement has its own page): read at request time, filled from the organisation. */
export async function legalPage() {
  await connection();
  const t = await getTranslations("legal");
  const org = await getLegalDetails();
  return { t, org, notSet: t("notSet") };
}

export function legalMetadata(page: "imprint" | "privacy") {
  return async (): Promise<Metadata> => ({ title: (await getTranslations(`legal.${page}`))("title") });
}
