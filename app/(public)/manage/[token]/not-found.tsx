import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";

export default async function SignInLinkNotFound() {
  const t = await getTranslations("volunteers.signIn");
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("invalidTitle")}</h1>
      <p>{t("invalidBody")}</p>
      <LinkButton href="/manage">{t("requestNew")}</LinkButton>
    </div>
  );
}
