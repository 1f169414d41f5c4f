import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/page";
import { pageScope, type PublicPageProps } from "../../_scope/scope";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.sent");
  return { title: t("title") };
}

/** The same screen whether the address was new or already registered (no enumeration). */
export default async function RegisterSentPage({ searchParams, params }: PublicPageProps & { searchParams: Promise<{ via?: string }> }) {
  const t = await getTranslations("volunteers.sent");
  const { base } = await pageScope(params);
  const via = (await searchParams).via;
  const key = via === "sms" || via === "both" ? via : "email";
  return <MessagePage title={t("title")} notice={t(key)} paragraphs={[t("hint")]} links={[{ href: base || "/", label: t("home"), variant: "secondary" }]} />;
}
