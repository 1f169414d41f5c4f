import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.sent");
  return { title: t("title") };
}

/** The same screen whether the address was new or already registered (no enumeration). */
export default async function RegisterSentPage({ searchParams }: { searchParams: Promise<{ via?: string }> }) {
  const t = await getTranslations("volunteers.sent");
  const via = (await searchParams).via;
  const key = via === "sms" || via === "both" ? via : "email";
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
      <Notice tone="success">
        <p>{t(key)}</p>
      </Notice>
      <p>{t("hint")}</p>
      <LinkButton href="/" variant="secondary">
        {t("home")}
      </LinkButton>
    </div>
  );
}
