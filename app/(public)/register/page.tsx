import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { getDb } from "@/db";
import { busyPage } from "@/lib/http/busy";
import { VolunteerForm } from "@/components/volunteers/volunteer-form";
import { getPublicOrganization } from "@/lib/organizations";
import { currentConsentText } from "@/lib/volunteers/consent";
import { activityOptions, languageChoices, messageLanguageChoices } from "@/lib/volunteers/options";
import { emptyFormValues } from "@/lib/volunteers/schema";
import { registerAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.register");
  return { title: t("title") };
}

export default busyPage(async function RegisterPage() {
  await connection();
  const locale = await getLocale();
  const t = await getTranslations("volunteers.register");
  const db = await getDb();
  const org = await getPublicOrganization(db);
  const activities = await activityOptions(db, org.id, locale);
  const { version, locale: consentLocale, text } = currentConsentText(locale);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
        <p>{t("lead")}</p>
        <p className="text-sm">
          {t("alreadyHint")} <Link href="/manage">{t("alreadyLink")}</Link>
        </p>
      </div>
      <VolunteerForm
        mode="register"
        action={registerAction}
        initial={{ ...emptyFormValues, locale }}
        activities={activities}
        languages={languageChoices(locale)}
        messageLanguages={messageLanguageChoices(locale)}
        consent={{ version, locale: consentLocale, text }}
      />
    </div>
  );
});
