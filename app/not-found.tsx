import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common.errors"))("notFoundTitle") };
}

export default async function NotFound() {
  const t = await getTranslations("common.errors");
  return <MessagePage title={t("notFoundTitle")} paragraphs={[t("notFoundBody")]} links={[{ href: "/", label: t("backHome") }]} />;
}
