import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { ProsePage } from "@/components/ui/page";

/** Used, expired, tampered or unknown links: a calm page, status 404, nothing about anyone. */
export default async function ConfirmNotFound() {
  const t = await getTranslations("volunteers.confirm");
  return (
    <ProsePage title={t("invalidTitle")}>
      <p>{t("invalidBody")}</p>
      <p>{t("invalidWhat")}</p>
      <div className="flex flex-col gap-3 sm:flex-row">
        <LinkButton href="/register">{t("registerAgain")}</LinkButton>
        <LinkButton href="/manage" variant="secondary">
          {t("manage")}
        </LinkButton>
      </div>
    </ProsePage>
  );
}
