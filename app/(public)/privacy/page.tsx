import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getLegalDetails } from "@/lib/organizations/legal";
import { CONSENT_VERSION } from "@/lib/volunteers/consent";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("legal.privacy");
  return { title: t("title") };
}

const SECTIONS = ["what", "why", "howLong", "recipients", "cookies", "rights"] as const;

export default async function PrivacyPage() {
  await connection();
  const t = await getTranslations("legal");
  const org = await getLegalDetails();
  const notSet = t("notSet");
  return (
    <article className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("privacy.title")}</h1>
      <p className="text-sm text-slate-700">{t("privacy.version", { version: CONSENT_VERSION })}</p>
      <h2 className="text-xl font-bold">{t("privacy.controllerTitle")}</h2>
      <p>{t("privacy.controller", { org: org.name, address: org.address ?? notSet })}</p>
      <p>{t("privacy.contact", { contact: org.privacyContact ?? notSet })}</p>
      {SECTIONS.map((key) => (
        <section key={key} className="space-y-2">
          <h2 className="text-xl font-bold">{t(`privacy.${key}Title`)}</h2>
          <p>{t(`privacy.${key}`, { org: org.name })}</p>
        </section>
      ))}
      <p>
        <Link href="/manage">{t("privacy.manage")}</Link>
      </p>
    </article>
  );
}
