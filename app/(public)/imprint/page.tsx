import { ProsePage } from "@/components/ui/page";
import { legalMetadata, legalPage } from "../_legal/legal-page";
import type { PublicPageProps } from "../_scope/scope";

export const generateMetadata = legalMetadata("imprint");

export default async function ImprintPage({ params }: PublicPageProps) {
  const { t, org, notSet } = await legalPage(params);
  return (
    <ProsePage as="article" title={t("imprint.title")}>
      <dl className="space-y-3">
        <div>
          <dt className="font-semibold">{t("imprint.provider")}</dt>
          <dd dir="auto" className="whitespace-pre-line">
            {org.imprint ?? org.name}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">{t("imprint.address")}</dt>
          <dd dir={org.address ? "auto" : undefined}>{org.address ?? notSet}</dd>
        </div>
        <div>
          <dt className="font-semibold">{t("imprint.contact")}</dt>
          <dd dir={org.privacyContact ? "auto" : undefined} className="break-words">
            {org.privacyContact ?? notSet}
          </dd>
        </div>
      </dl>
    </ProsePage>
  );
}
