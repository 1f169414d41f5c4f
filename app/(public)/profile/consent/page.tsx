import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { ConsentTextView } from "@/components/volunteers/consent-text";
import { getDb } from "@/db";
import { publicBaseOfId } from "@/lib/organizations/public";
import { getConsentRenewal } from "@/lib/volunteers/consent-renewal";
import { getVolunteerSession } from "@/lib/volunteers/session";
import { signOutAction } from "../actions";
import { acceptConsentAction, declineConsentAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.consentRenewal");
  return { title: t("title") };
}

/**
 * The step a volunteer passes at sign-in when the consent text changed (CONSENT_VERSION raised):
 * agree (stores the new version, language and text hash), decline (paused without end), or
 * delete. Works without JavaScript; reading the page changes nothing.
 */
export default async function ConsentRenewalPage({ searchParams }: { searchParams: Promise<{ outdated?: string }> }) {
  const session = await getVolunteerSession();
  if (!session) redirect("/manage");
  const renewal = await getConsentRenewal(session.volunteerId, await getLocale());
  if (!renewal) redirect("/profile");
  const { outdated } = await searchParams;
  const t = await getTranslations("volunteers");
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "long" });
  return (
    <div className="mx-auto max-w-prose space-y-6">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("consentRenewal.title")}</h1>
      {outdated ? <Notice tone="warning">{t("consentRenewal.textOutdated")}</Notice> : null}
      {renewal.declinedAt ? (
        <Notice tone="info">
          <p data-testid="consent-declined">{t("consentRenewal.declined", { date: day(renewal.declinedAt) })}</p>
        </Notice>
      ) : null}
      <Card className="space-y-4">
        <p>{renewal.agreedAt ? t("consentRenewal.lead", { date: day(renewal.agreedAt), agreed: renewal.agreedVersion ?? "", current: renewal.text.version }) : t("consentRenewal.leadNone")}</p>
        <figure className="space-y-1">
          <figcaption className="text-sm font-semibold text-slate-700">{t("consentRenewal.textLabel", { version: renewal.text.version })}</figcaption>
          <blockquote lang={renewal.text.locale} className="border-l-4 border-brand-600 bg-brand-50 p-4">
            <ConsentTextView text={renewal.text.text} privacyHref={`${await publicBaseOfId(await getDb(), session.organizationId)}/privacy`} />
          </blockquote>
        </figure>
        <form action={acceptConsentAction}>
          <input type="hidden" name="consentVersion" value={renewal.text.version} />
          <input type="hidden" name="consentLocale" value={renewal.text.locale} />
          <Button type="submit" className="w-full sm:w-auto">
            {t("consentRenewal.accept")}
          </Button>
        </form>
      </Card>
      <Card className="space-y-3">
        <h2 className="text-xl font-bold">{t("consentRenewal.declineTitle")}</h2>
        <p>{t("consentRenewal.declineLead")}</p>
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          {renewal.declinedAt ? null : (
            <form action={declineConsentAction}>
              <Button type="submit" variant="secondary" className="w-full sm:w-auto">
                {t("consentRenewal.decline")}
              </Button>
            </form>
          )}
          <LinkButton href="/profile/delete" variant="danger">
            {t("profile.delete")}
          </LinkButton>
        </div>
      </Card>
      <Card className="space-y-3">
        <h2 className="text-xl font-bold">{t("profile.dataTitle")}</h2>
        <p>{t("profile.exportLead")}</p>
        <a href="/profile/export" download className="inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 no-underline hover:bg-slate-100">
          {t("profile.export")}
        </a>
      </Card>
      <form action={signOutAction}>
        <Button type="submit" variant="ghost">
          {t("profile.signOut")}
        </Button>
      </form>
    </div>
  );
}
