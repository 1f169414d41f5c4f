import Link from "next/link";
import { getLocale } from "next-intl/server";
import { ProsePage } from "@/components/ui/page";
import { toLocale } from "@/i18n/config";
import { getPublicPrivacyNotice } from "@/lib/privacy/public";
import { CONSENT_VERSION } from "@/lib/volunteers/consent";
import { legalMetadata, legalPage } from "../_legal/legal-page";
import type { PublicPageProps } from "../_scope/scope";

export const generateMetadata = legalMetadata("privacy");

const SECTIONS = ["what", "why"] as const;
const AFTER = ["cookies", "rights"] as const;

export default async function PrivacyPage({ params }: PublicPageProps) {
  const { t, org, scope, notSet, iso, translationNote } = await legalPage(params);
  // periods and processors as configured (the record of processing activities, lib/privacy)
  const notice = await getPublicPrivacyNotice(toLocale(await getLocale()), undefined, scope.org);
  return (
    <ProsePage as="article" title={t("privacy.title")}>
      <p className="text-sm text-slate-700">{t("privacy.version", { version: CONSENT_VERSION })}</p>
      {translationNote ? <p className="text-sm text-slate-700" data-testid="translation-note">{translationNote}</p> : null}
      <h2 className="text-xl font-bold">{t("privacy.controllerTitle")}</h2>
      <p>{t("privacy.controller", { org: iso(org.name), address: org.address ? iso(org.address) : notSet })}</p>
      <p>{t("privacy.contact", { contact: org.privacyContact ? iso(org.privacyContact) : notSet })}</p>
      {SECTIONS.map((key) => (
        <section key={key} className="space-y-2">
          <h2 className="text-xl font-bold">{t(`privacy.${key}Title`)}</h2>
          <p>{t(`privacy.${key}`, { org: iso(org.name) })}</p>
        </section>
      ))}
      <section className="space-y-2" data-testid="privacy-how-long">
        <h2 className="text-xl font-bold">{t("privacy.howLongTitle")}</h2>
        <p>{notice.howLongLead}</p>
        <ul className="list-disc space-y-1 pl-5">
          {notice.howLong.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section className="space-y-2" data-testid="privacy-recipients">
        <h2 className="text-xl font-bold">{t("privacy.recipientsTitle")}</h2>
        <p>{notice.recipientsLead}</p>
        <ul className="list-disc space-y-1 pl-5 [overflow-wrap:anywhere]">
          {notice.recipients.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      {AFTER.map((key) => (
        <section key={key} className="space-y-2">
          <h2 className="text-xl font-bold">{t(`privacy.${key}Title`)}</h2>
          <p>{t(`privacy.${key}`, { org: org.name })}</p>
        </section>
      ))}
      <p>
        <Link href={`${scope.base}/manage`}>{t("privacy.manage")}</Link>
      </p>
    </ProsePage>
  );
}
