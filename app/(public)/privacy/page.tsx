import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { isolateIn } from "@/i18n/bidi";
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
  const locale = await getLocale();
  const notSet = t("notSet");
  // the organisation's name, address and contact keep their own direction inside the sentence
  const iso = (v: string) => isolateIn(locale, v);
  return (
    <article className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("privacy.title")}</h1>
      <p className="text-sm text-slate-700">{t("privacy.version", { version: CONSENT_VERSION })}</p>
      <h2 className="text-xl font-bold">{t("privacy.controllerTitle")}</h2>
      <p>{t("privacy.controller", { org: iso(org.name), address: org.address ? iso(org.address) : notSet })}</p>
      <p>{t("privacy.contact", { contact: org.privacyContact ? iso(org.privacyContact) : notSet })}</p>
      {SECTIONS.map((key) => (
        <section key={key} className="space-y-2">
          <h2 className="text-xl font-bold">{t(`privacy.${key}Title`)}</h2>
          <p>{t(`privacy.${key}`, { org: iso(org.name) })}</p>
        </section>
      ))}
      <p>
        <Link href="/manage">{t("privacy.manage")}</Link>
      </p>
    </article>
  );
}
