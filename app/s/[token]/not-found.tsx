import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("respond"))("invalid.title") };
}

/** Unknown, tampered or expired shift-plan links: calm, and without any detail (as response links). */
export default async function ShiftLinkNotFound() {
  const t = await getTranslations("respond");
  return <MessagePage title={t("invalid.title")} paragraphs={[t("invalid.body")]} links={[{ href: "/", label: t("invalid.home"), variant: "secondary" }]} />;
}
