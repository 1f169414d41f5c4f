import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { LinkButton } from "@/components/ui/button";
import { getPublicAccessibility } from "@/lib/accessibility/public";
import { pageScope, type PublicPageProps } from "../../_scope/scope";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accessibility.feedback");
  return { title: t("sentTitle") };
}

/** Where the feedback form leads after sending (post/redirect/get: a reload sends nothing again). */
export default async function FeedbackSentPage({ params }: PublicPageProps) {
  await connection();
  const t = await getTranslations("accessibility.feedback");
  const scope = await pageScope(params);
  const { organization } = await getPublicAccessibility(scope.org);
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("sentTitle")}</h1>
      <p>{t("sentBody", { org: organization })}</p>
      <LinkButton href={`${scope.base}/accessibility`} variant="secondary">
        {t("back")}
      </LinkButton>
    </div>
  );
}
