import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("volunteers.signIn"))("invalidTitle") };
}

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
