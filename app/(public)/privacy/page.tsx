import Link from "next/link";
import { ProsePage } from "@/components/ui/page";
import { CONSENT_VERSION } from "@/lib/volunteers/consent";
import { legalMetadata, legalPage } from "../_legal/legal-page";

export const generateMetadata = legalMetadata("privacy");

const SECTIONS = ["what", "why", "howLong", "recipients", "cookies", "rights"] as const;

export default async function PrivacyPage() {
  const { t, org, notSet, iso } = await legalPage();
  return (
    <ProsePage as="article" title={t("privacy.title")}>
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
    </ProsePage>
  );
}
