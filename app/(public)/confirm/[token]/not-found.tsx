import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("volunteers.confirm"))("invalidTitle") };
}

/** Used, expired, tampered or unknown links: a calm page, status 404, nothing about anyone. */
export default async function ConfirmNotFound() {
  const t = await getTranslations("volunteers.confirm");
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("invalidTitle")}</h1>
      <p>{t("invalidBody")}</p>
      <p>{t("invalidWhat")}</p>
      <div className="flex flex-col gap-3 sm:flex-row">
        <LinkButton href="/register">{t("registerAgain")}</LinkButton>
        <LinkButton href="/manage" variant="secondary">
          {t("manage")}
        </LinkButton>
      </div>
    </div>
  );
}
