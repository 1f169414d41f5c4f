import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getDb } from "@/db";
import { busyPage } from "@/lib/http/busy";
import { VolunteerForm } from "@/components/volunteers/volunteer-form";
import { VolunteerIntl } from "@/components/volunteers/volunteer-intl";
import { isolateIn } from "@/i18n/bidi";
import { pageScope, type PublicPageProps } from "../_scope/scope";
import { brandOf } from "@/lib/organizations/branding-rules";
import { BrandScope } from "@/components/brand-scope";
import { currentConsentText } from "@/lib/volunteers/consent";
import { activityOptions, languageChoices, messageLanguageChoices } from "@/lib/volunteers/options";
import { emptyFormValues } from "@/lib/volunteers/schema";
import { Notice } from "@/components/ui/card";
import { registerAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.register");
  return { title: t("title") };
}

/** At /register (the public organisation) and at /o/<slug>/register (app/(public)/o/[slug]/register re-exports it). */
export default busyPage(async function RegisterPage({ params }: PublicPageProps) {
  await connection();
  const locale = await getLocale();
  const t = await getTranslations("volunteers.register");
  const db = await getDb();
  const { org, base, slug } = await pageScope(params);
  if (org.suspendedAt) return <RegistrationClosed orgName={org.name} />;
  const activities = await activityOptions(db, org.id, locale);
  // the text names this organisation as the controller (lib/volunteers/consent-texts.ts)
  const { version, locale: consentLocale, text } = currentConsentText(locale, org.name);
  return (
    <BrandScope brand={brandOf(org)} className="mx-auto max-w-3xl">
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
        {slug ? (
          <p className="font-semibold [overflow-wrap:anywhere]" data-testid="register-organization">
            {t("organization", { org: isolateIn(locale, org.name) })}
          </p>
        ) : null}
        <p>{t("lead")}</p>
        <p className="text-sm">
          {t("alreadyHint")} <Link href={`${base}/manage`}>{t("alreadyLink")}</Link>
        </p>
      </div>
      <VolunteerIntl>
      <VolunteerForm
        mode="register"
        action={registerAction}
        initial={{ ...emptyFormValues, locale }}
        activities={activities}
        languages={languageChoices(locale)}
        messageLanguages={messageLanguageChoices(locale)}
        consent={{ version, locale: consentLocale, text, privacyHref: `${base}/privacy` }}
        organization={slug ?? undefined}
      />
      </VolunteerIntl>
    </div>
    </BrandScope>
  );
});

/** A suspended organisation (lib/platform) takes no registrations; its volunteers can still manage theirs. */
async function RegistrationClosed({ orgName }: { orgName: string }) {
  const t = await getTranslations("volunteers.register");
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("closedTitle")}</h1>
      <Notice tone="info">{t("closed", { org: orgName })}</Notice>
      <p>
        <Link href="/manage">{t("alreadyLink")}</Link>
      </p>
    </div>
  );
}
