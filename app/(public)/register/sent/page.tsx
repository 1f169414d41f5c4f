import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ProsePage } from "@/components/ui/page";

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
    <ProsePage title={t("title")}>
      <Notice tone="success">
        <p>{t(key)}</p>
      </Notice>
      <p>{t("hint")}</p>
      <LinkButton href="/" variant="secondary">
        {t("home")}
      </LinkButton>
    </ProsePage>
  );
}
