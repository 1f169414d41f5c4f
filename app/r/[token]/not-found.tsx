import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("respond"))("invalid.title") };
}

/** Unknown, tampered or expired response links: calm, and without any detail. */
export default async function ResponseLinkNotFound() {
  const t = await getTranslations("respond");
  return <MessagePage title={t("invalid.title")} paragraphs={[t("invalid.body")]} links={[{ href: "/", label: t("invalid.home"), variant: "secondary" }]} />;
}
