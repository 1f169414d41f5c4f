import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { ProsePage } from "@/components/ui/page";

export default async function NotFound() {
  const t = await getTranslations("common.errors");
  return (
    <ProsePage title={t("notFoundTitle")}>
      <p>{t("notFoundBody")}</p>
      <LinkButton href="/">{t("backHome")}</LinkButton>
    </ProsePage>
  );
}
