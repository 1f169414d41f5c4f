import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common.errors"))("notFoundTitle") };
}

export default async function NotFound() {
  const t = await getTranslations("common.errors");
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold">{t("notFoundTitle")}</h1>
      <p>{t("notFoundBody")}</p>
      <LinkButton href="/">{t("backHome")}</LinkButton>
    </div>
  );
}
