import type { Metadata } from "next";
import { VolunteerIntl } from "@/components/volunteers/volunteer-intl";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { isolateIn } from "@/i18n/bidi";
import { pageScope, type PublicPageProps } from "../_scope/scope";
import { Card, Notice } from "@/components/ui/card";
import { ManageForm } from "./manage-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.manage");
  return { title: t("title") };
}

/**
 * At /manage (a sign-in link for every organisation the address is registered with) and at
 * /o/<slug>/manage (only that organisation; app/(public)/o/[slug]/manage re-exports this page).
 */
export default async function ManagePage({ searchParams, params }: PublicPageProps & { searchParams: Promise<{ signedOut?: string }> }) {
  const t = await getTranslations("volunteers.manage");
  const { signedOut } = await searchParams;
  const { base, slug, org } = await pageScope(params);
  const locale = await getLocale();
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
      {signedOut ? <Notice tone="success">{t("signedOut")}</Notice> : null}
      {slug ? (
        <p className="font-semibold [overflow-wrap:anywhere]" data-testid="manage-organization">
          {t("organization", { org: isolateIn(locale, org.name) })}
        </p>
      ) : null}
      <p>{t("lead")}</p>
      <Card>
        <VolunteerIntl>
          <ManageForm organization={slug ?? ""} />
        </VolunteerIntl>
      </Card>
      <p>
        {t("register")} <Link href={`${base}/register`}>{t("registerLink")}</Link>
      </p>
    </div>
  );
}
