import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("volunteers.confirm"))("invalidTitle") };
}

/** Used, expired, tampered or unknown links: a calm page, status 404, nothing about anyone. */
export default async function ConfirmNotFound() {
  const t = await getTranslations("volunteers.confirm");
  return (
    <MessagePage
      title={t("invalidTitle")}
      paragraphs={[t("invalidBody"), t("invalidWhat")]}
      links={[
        { href: "/register", label: t("registerAgain") },
        { href: "/manage", label: t("manage"), variant: "secondary" },
      ]}
    />
  );
}
