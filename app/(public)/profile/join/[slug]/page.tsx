import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { VolunteerForm } from "@/components/volunteers/volunteer-form";
import { VolunteerIntl } from "@/components/volunteers/volunteer-intl";
import { isolateIn } from "@/i18n/bidi";
import { toLocale } from "@/i18n/config";
import { busyPage } from "@/lib/http/busy";
import { publicBaseOf } from "@/lib/organizations/public";
import { getConsentRenewal } from "@/lib/volunteers/consent-renewal";
import { currentConsentText } from "@/lib/volunteers/consent";
import { joinFormValues, joinTarget } from "@/lib/volunteers/join";
import { activityOptions, languageChoices, messageLanguageChoices } from "@/lib/volunteers/options";
import { getVolunteerSession } from "@/lib/volunteers/session";
import { joinOrganizationAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.join");
  return { title: t("title") };
}

/**
 * Joining a further listed organisation (lib/volunteers/join.ts): the volunteer's details and
 * choices prefilled, the other organisation's activities, its consent text naming it as the
 * controller. Reading the page changes nothing; the form posts (works without JavaScript).
 */
export default busyPage(async function JoinOrganizationPage({ params }: { params: Promise<{ slug: string }> }) {
  const session = await getVolunteerSession();
  if (!session) redirect("/manage");
  const locale = toLocale(await getLocale());
  if (await getConsentRenewal(session.volunteerId, locale)) redirect("/profile/consent");
  const t = await getTranslations("volunteers.join");
  const db = await getDb();
  const slug = decodeURIComponent((await params).slug);
  const target = await joinTarget(session.volunteerId, slug, db);
  if (!target.ok) {
    return (
      <div className="mx-auto max-w-prose space-y-4">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
        <Notice tone={target.error === "already_member" ? "info" : "warning"}>
          <p data-testid="join-refused">{t(`errors.${target.error}`)}</p>
        </Notice>
        <LinkButton href="/profile#organizations" variant="secondary">
          {t("back")}
        </LinkButton>
      </div>
    );
  }
  const org = target.organization;
  const initial = await joinFormValues(session.volunteerId, org.id, db);
  if (!initial) redirect("/manage");
  const base = await publicBaseOf(db, org);
  const name = isolateIn(locale, org.name);
  const { version, locale: consentLocale, text } = currentConsentText(locale, org.name);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl" data-testid="join-title">
          {t("heading", { org: name })}
        </h1>
        <p>{t("lead", { org: name })}</p>
        <ul className="list-disc space-y-1 ps-5">
          <li>{t("copy")}</li>
          <li>{t("separate", { org: name })}</li>
          <li>{t("confirmed")}</li>
        </ul>
      </div>
      <VolunteerIntl>
        <VolunteerForm
          mode="register"
          action={joinOrganizationAction}
          initial={initial}
          activities={await activityOptions(db, org.id, locale)}
          languages={languageChoices(locale)}
          messageLanguages={messageLanguageChoices(locale)}
          consent={{ version, locale: consentLocale, text, privacyHref: `${base}/privacy` }}
          organization={org.slug}
          submitLabel={t("submit", { org: org.name })}
        />
      </VolunteerIntl>
    </div>
  );
});
