import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ProsePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.delete");
  return { title: t("doneTitle") };
}

export default async function DeletedPage() {
  const t = await getTranslations("volunteers.delete");
  const common = await getTranslations("common.errors");
  return (
    <ProsePage title={t("doneTitle")}>
      <Notice tone="success">{t("doneBody")}</Notice>
      <LinkButton href="/" variant="secondary">
        {common("backHome")}
      </LinkButton>
    </ProsePage>
  );
}
