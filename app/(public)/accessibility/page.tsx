import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { ContactList } from "@/components/accessibility/contact-list";
import { AccessibleOffers } from "@/components/accessibility/offers";
import { ClientTexts } from "@/i18n/client";
import { defaultLocale, toLocale } from "@/i18n/config";
import { getMessages } from "@/i18n/messages";
import { getPublicAccessibility } from "@/lib/accessibility/public";
import { config } from "@/lib/config";
import { pageScope, type PublicPageProps } from "../_scope/scope";
import { FeedbackForm } from "./feedback-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accessibility.statement");
  return { title: t("title") };
}

/**
 * The accessibility statement in the structure of the EU model (Implementing Decision (EU)
 * 2018/1523, Annex): compliance status, non-accessible content, preparation, feedback and
 * contact, enforcement procedure. Everything organisation-specific comes from the settings.
 */
export default async function AccessibilityStatementPage({ params }: PublicPageProps) {
  await connection();
  const scope = await pageScope(params);
  const locale = toLocale(await getLocale());
  const t = await getTranslations("accessibility.statement");
  const tf = await getTranslations("accessibility.feedback");
  const tl = await getTranslations("legal");
  const format = await getFormatter();
  const a = await getPublicAccessibility(scope.org);
  const org = a.organization;
  const date = (d: string) => format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
  const messages = getMessages(locale);
  return (
    <article className="mx-auto max-w-prose space-y-8">
      <div className="space-y-3">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
        {locale === defaultLocale ? null : <p className="text-sm text-slate-700" data-testid="translation-note">{tl("translationNote")}</p>}
        <p>{t("intro", { org })}</p>
        <p className="break-words">{t("scope", { url: `${config().appUrl}${scope.base}` })}</p>
      </div>

      <section aria-labelledby="status-title" className="space-y-2">
        <h2 id="status-title" className="text-xl font-bold">{t("statusTitle")}</h2>
        <p data-testid="conformance" className="font-semibold">{t(`status.${a.conformance}`)}</p>
        <p>{t("standard")}</p>
      </section>

      <section aria-labelledby="barriers-title" className="space-y-2">
        <h2 id="barriers-title" className="text-xl font-bold">{t("barriersTitle")}</h2>
        {a.barriers.length ? (
          <>
            <p>{t("barriersLead")}</p>
            <ul className="space-y-3">
              {a.barriers.map((b, i) => (
                <li key={i} className="break-words rounded-lg border border-slate-300 bg-white p-3">
                  <p className="font-semibold">{b.part}</p>
                  {b.reason ? <p><span className="font-semibold">{t("reason")}</span> {b.reason}</p> : null}
                  {b.alternative ? <p><span className="font-semibold">{t("alternative")}</span> {b.alternative}</p> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{a.conformance === "full" ? t("barriersNone") : t("barriersMissing", { org })}</p>
        )}
      </section>

      <section aria-labelledby="preparation-title" className="space-y-2">
        <h2 id="preparation-title" className="text-xl font-bold">{t("preparationTitle")}</h2>
        {a.preparedOn ? (
          <p>
            {t("preparedOn", { date: date(a.preparedOn) })} {a.reviewedOn ? t("reviewedOn", { date: date(a.reviewedOn) }) : null}
          </p>
        ) : (
          <p>{t("datesMissing")}</p>
        )}
        <p>{t(`method.${a.method}`, { org })}</p>
        {a.methodDetails ? <p className="break-words">{t("methodDetails", { details: a.methodDetails })}</p> : null}
      </section>

      <section id="feedback" aria-labelledby="feedback-title" className="scroll-mt-4 space-y-4">
        <h2 id="feedback-title" className="text-xl font-bold">{t("feedbackTitle")}</h2>
        <p>{t("feedbackLead", { org })}</p>
        {a.email || a.phone ? (
          <ContactList
            email={a.email}
            phone={a.phone}
            address={a.address}
            labels={{ email: t("contactEmail"), phone: t("contactPhone"), address: t("contactAddress") }}
            mailSubject={tf("mailtoSubject")}
          />
        ) : (
          <p>
            {t("contactMissing", { org })} <Link href={`${scope.base}/imprint`}>{t("imprintLink")}</Link>
          </p>
        )}
        {a.email ? (
          <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
            <h3 className="text-lg font-bold">{tf("title")}</h3>
            <p>{tf("lead", { org })}</p>
            {/* only the form's texts travel to the browser */}
            <ClientTexts locale={locale} messages={{ accessibility: { feedback: messages.accessibility.feedback } }}>
              <FeedbackForm organization={scope.slug ?? ""} />
            </ClientTexts>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="enforcement-title" className="space-y-2">
        <h2 id="enforcement-title" className="text-xl font-bold">{t("enforcementTitle")}</h2>
        <p>{t("enforcementBody")}</p>
        <p className="break-words font-semibold">
          {a.enforcement.url ? (
            <a href={a.enforcement.url} rel="noopener">{a.enforcement.name ?? t("enforcementFederalName")}</a>
          ) : (
            a.enforcement.name
          )}
        </p>
        {a.enforcement.name === null ? <p>{t("enforcementAbout")}</p> : null}
      </section>

      <AccessibleOffers title={t("moreTitle")} exclude="statement" base={scope.base} />
    </article>
  );
}
