import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.delete");
  return { title: t("doneTitle") };
}

export default async function DeletedPage() {
  const t = await getTranslations("volunteers.delete");
  const common = await getTranslations("common.errors");
  return <MessagePage title={t("doneTitle")} notice={t("doneBody")} links={[{ href: "/", label: common("backHome"), variant: "secondary" }]} />;
}
