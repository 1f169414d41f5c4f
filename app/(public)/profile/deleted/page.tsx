import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.delete");
  return { title: t("doneTitle") };
}

export default async function DeletedPage() {
  const t = await getTranslations("volunteers.delete");
  const common = await getTranslations("common.errors");
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("doneTitle")}</h1>
      <Notice tone="success">{t("doneBody")}</Notice>
      <LinkButton href="/" variant="secondary">
        {common("backHome")}
      </LinkButton>
    </div>
  );
}
