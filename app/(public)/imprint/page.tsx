import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getLegalDetails } from "@/lib/organizations/legal";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("legal.imprint");
  return { title: t("title") };
}

export default async function ImprintPage() {
  await connection();
  const t = await getTranslations("legal");
  const org = await getLegalDetails();
  const notSet = t("notSet");
  return (
    <article className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("imprint.title")}</h1>
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
    </article>
  );
}
