import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("volunteers.signIn"))("invalidTitle") };
}

export default async function SignInLinkNotFound() {
  const t = await getTranslations("volunteers.signIn");
  return <MessagePage title={t("invalidTitle")} paragraphs={[t("invalidBody")]} links={[{ href: "/manage", label: t("requestNew") }]} />;
}
