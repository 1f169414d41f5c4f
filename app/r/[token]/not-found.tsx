import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { ProsePage } from "@/components/ui/page";

/** Unknown, tampered or expired response links: calm, and without any detail. */
export default async function ResponseLinkNotFound() {
  const t = await getTranslations("respond");
  return (
    <ProsePage title={t("invalid.title")}>
      <p>{t("invalid.body")}</p>
      <LinkButton href="/" variant="secondary">
        {t("invalid.home")}
      </LinkButton>
    </ProsePage>
  );
}
