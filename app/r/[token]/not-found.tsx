import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("respond"))("invalid.title") };
}

/** Unknown, tampered or expired response links: calm, and without any detail. */
export default async function ResponseLinkNotFound() {
  const t = await getTranslations("respond");
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold">{t("invalid.title")}</h1>
      <p>{t("invalid.body")}</p>
      <LinkButton href="/" variant="secondary">
        {t("invalid.home")}
      </LinkButton>
    </div>
  );
}
