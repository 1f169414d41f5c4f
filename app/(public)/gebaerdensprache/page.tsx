import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { ContactList } from "@/components/accessibility/contact-list";
import { AccessibleOffers } from "@/components/accessibility/offers";
import { SignLanguageSymbol } from "@/components/accessibility/sign-language-symbol";
import { Notice } from "@/components/ui/card";
import { getPublicAccessibility } from "@/lib/accessibility/public";
import { pageScope, type PublicPageProps } from "../_scope/scope";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accessibility.sign");
  return { title: t("title") };
}

/**
 * Information in German Sign Language (BITV 2.0 § 4): the organisation's video (settings), with a
 * download link; a video file plays in <video>, any other https address (a platform's embed
 * page) in an <iframe>. Without a video the page says so plainly and how to reach the
 * organisation instead.
 */
export default async function SignLanguagePage({ params }: PublicPageProps) {
  await connection();
  const t = await getTranslations("accessibility.sign");
  const scope = await pageScope(params);
  const a = await getPublicAccessibility(scope.org);
  const org = a.organization;
  const video = a.signLanguage;
  return (
    <article className="mx-auto max-w-3xl space-y-8">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:gap-4">
        <SignLanguageSymbol label={t("symbol")} className="size-16 shrink-0 sm:size-20" />
        <h1 className="hyphens-auto text-2xl font-bold break-words sm:text-3xl">{t("heading")}</h1>
      </div>

      {video.videoUrl ? (
        <section aria-labelledby="sign-video" className="space-y-3">
          <h2 id="sign-video" className="text-xl font-bold">{t("videoTitle")}</h2>
          <p>{t("intro", { org })}</p>
          <div className="aspect-video w-full overflow-hidden rounded-xl bg-slate-900">
            {video.kind === "file" ? (
              <video controls preload="metadata" playsInline className="size-full" data-testid="sign-video" aria-label={t("videoTitle")}>
                <source src={video.videoUrl} />
                <p className="p-4 text-white">{t("videoFallback")}</p>
              </video>
            ) : (
              <iframe
                src={video.videoUrl}
                title={t("videoTitle")}
                className="size-full"
                data-testid="sign-video"
                loading="lazy"
                allow="fullscreen; picture-in-picture"
                allowFullScreen
                referrerPolicy="strict-origin-when-cross-origin"
                sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
              />
            )}
          </div>
          <ul className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:gap-6">
            {video.downloadUrl ? (
              <li>
                <a href={video.downloadUrl} download className="inline-flex min-h-11 items-center font-semibold" data-testid="sign-download">
                  {t("download")}
                </a>
              </li>
            ) : null}
            {video.kind === "embed" ? (
              <li>
                <a href={video.videoUrl} rel="noopener" className="inline-flex min-h-11 items-center font-semibold">
                  {t("openExternal")}
                </a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : (
        <Notice tone="info">
          <div className="space-y-2">
            <p className="font-semibold" data-testid="sign-none">{t("none")}</p>
            <p>{t("noneContact", { org })}</p>
          </div>
        </Notice>
      )}

      <section aria-labelledby="sign-contact" className="space-y-3">
        <h2 id="sign-contact" className="text-xl font-bold">{t("contactTitle", { org })}</h2>
        <ContactList email={a.email} phone={a.phone} address={a.address} labels={{ email: t("contactEmail"), phone: t("contactPhone"), address: t("contactAddress") }} />
        {a.email || a.phone ? null : (
          <p>
            {t("contactMissing")} <Link href={`${scope.base}/imprint`}>{t("imprintLink")}</Link>
          </p>
        )}
      </section>

      <AccessibleOffers title={t("moreTitle")} exclude="sign" base={scope.base} />
    </article>
  );
}
