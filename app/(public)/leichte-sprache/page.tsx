import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { ContactList } from "@/components/accessibility/contact-list";
import { LinkButton } from "@/components/ui/button";
import { getPublicAccessibility } from "@/lib/accessibility/public";
import { pageScope, type PublicPageProps } from "../_scope/scope";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accessibility.easy");
  return { title: t("title") };
}

/** One sentence per line (a rule of Leichte Sprache): the catalogue separates them with "\n". */
function Lines({ text, className = "" }: { text: string; className?: string }) {
  return (
    <p className={className}>
      {text.split("\n").map((line, i) => (
        <span key={i} className="block">
          {line}
        </span>
      ))}
    </p>
  );
}

const REGISTER_STEPS = ["register1", "register2", "register3", "register4", "register5", "register6", "register7", "register8"] as const;
const ANSWER_STEPS = ["answer1", "answer2", "answer3"] as const;

/**
 * Helferruf in Leichter Sprache (BITV 2.0 § 4; rules of Netzwerk Leichte Sprache and DIN SPEC
 * 33429): short sentences, one statement each, hard words explained, long words split with a
 * Mediopunkt, large text, clear headings, numbered steps. The English catalogue carries a
 * plain-English version.
 */
export default async function EasyLanguagePage({ params }: PublicPageProps) {
  await connection();
  const t = await getTranslations("accessibility.easy");
  const scope = await pageScope(params);
  const a = await getPublicAccessibility(scope.org);
  const org = a.organization;
  const section = "space-y-4";
  const h2 = "text-2xl font-bold sm:text-3xl";
  return (
    <article className="mx-auto max-w-prose space-y-10 text-xl leading-relaxed">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold leading-tight sm:text-4xl">{t("heading")}</h1>
        <Lines text={t("intro")} />
      </div>

      <section aria-labelledby="easy-what" className={section}>
        <h2 id="easy-what" className={h2}>{t("whatTitle")}</h2>
        <Lines text={t("what")} />
        <Lines text={t("who", { org })} />
        <p>{t("examples")}</p>
        <ul className="list-disc space-y-2 ps-7">
          <li>{t("example1")}</li>
          <li>{t("example2")}</li>
          <li>{t("example3")}</li>
        </ul>
        <Lines text={t("honorary")} />
      </section>

      <section aria-labelledby="easy-register" className={section}>
        <h2 id="easy-register" className={h2}>{t("registerTitle")}</h2>
        <Lines text={t("registerLead")} />
        <ol className="list-decimal space-y-3 ps-8 marker:font-bold">
          {REGISTER_STEPS.map((k) => (
            <li key={k}>
              <Lines text={t(k)} />
            </li>
          ))}
        </ol>
        <Lines text={t("registerConfirm")} />
        <Lines text={t("linkExplain")} className="rounded-lg border-l-4 border-brand-600 bg-brand-50 p-4" />
        <LinkButton href={`${scope.base}/register`} className="w-full text-xl sm:w-auto">
          {t("registerButton")}
        </LinkButton>
      </section>

      <section aria-labelledby="easy-answer" className={section}>
        <h2 id="easy-answer" className={h2}>{t("answerTitle")}</h2>
        <Lines text={t("answer", { org })} />
        <Lines text={t("answerWhat")} />
        <ol className="list-decimal space-y-3 ps-8 marker:font-bold">
          {ANSWER_STEPS.map((k) => (
            <li key={k}>
              <Lines text={t(k)} />
            </li>
          ))}
        </ol>
        <Lines text={t("answerSms")} />
        <Lines text={t("answerConfirm")} />
        <Lines text={t("answerFull")} />
        <Lines text={t("answerWithdraw", { org })} />
      </section>

      <section aria-labelledby="easy-change" className={section}>
        <h2 id="easy-change" className={h2}>{t("changeTitle")}</h2>
        <Lines text={t("change")} />
        <LinkButton href={`${scope.base}/manage`} variant="secondary" className="w-full text-xl sm:w-auto">
          {t("changeButton")}
        </LinkButton>
      </section>

      <section aria-labelledby="easy-contact" className={section}>
        <h2 id="easy-contact" className={h2}>{t("contactTitle")}</h2>
        <Lines text={t("contactLead", { org })} />
        <ContactList email={a.email} phone={a.phone} address={a.address} labels={{ email: t("contactEmail"), phone: t("contactPhone"), address: t("contactAddress") }} large />
        <p>
          {t("contactImprint")} <Link href={`${scope.base}/imprint`}>{t("imprintLink")}</Link>
        </p>
        <Lines text={t("signLanguage")} />
        <p>
          <Link href={`${scope.base}/gebaerdensprache`} className="inline-flex min-h-11 items-center font-semibold">
            {t("signLanguageLink")}
          </Link>
        </p>
      </section>
    </article>
  );
}
