import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { ProsePage } from "@/components/ui/page";

export default async function SignInLinkNotFound() {
  const t = await getTranslations("volunteers.signIn");
  return (
    <ProsePage title={t("invalidTitle")}>
      <p>{t("invalidBody")}</p>
      <LinkButton href="/manage">{t("requestNew")}</LinkButton>
    </ProsePage>
  );
}
