import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getLegalDetails } from "@/lib/organizations/legal";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("legal.accessibility");
  return { title: t("title") };
}

const SECTIONS = ["status", "limits", "feedback", "enforcement"] as const;

export default async function AccessibilityPage() {
  await connection();
  const t = await getTranslations("legal");
  const org = await getLegalDetails();
  return (
    <article className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("accessibility.title")}</h1>
      <p>{t("accessibility.intro", { org: org.name })}</p>
      {SECTIONS.map((key) => (
        <section key={key} className="space-y-2">
          <h2 className="text-xl font-bold">{t(`accessibility.${key}Title`)}</h2>
          <p className="break-words">{t(`accessibility.${key}`, { contact: org.privacyContact ?? t("notSet") })}</p>
        </section>
      ))}
      <p className="text-sm text-slate-700">{t("accessibility.date")}</p>
    </article>
  );
}
