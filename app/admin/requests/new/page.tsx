import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db";
import { toAdminLocale, volunteerLocales } from "@/i18n/config";
import { listActiveActivities } from "@/lib/activities/queries";
import { activityName } from "@/lib/activities/names";
import { requireActor } from "@/lib/auth/guard";
import { organizationEscalationHours } from "@/lib/requests/escalation";
import { copyRequestValues, defaultTimes, organizationFormSettings } from "@/lib/requests/form-values";
import { languageName } from "@/lib/volunteers/languages";
import { languageChoices } from "@/lib/volunteers/options";
import { RequestForm } from "./request-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.form");
  return { title: t("pageTitle") };
}

/** `?copy=<id>`: the form starts from that request of the coordinator's organisation (a week later). */
export default async function NewRequestPage({ searchParams }: { searchParams: Promise<{ copy?: string | string[] }> }) {
  const actor = await requireActor();
  const t = await getTranslations("requests.form");
  const locale = toAdminLocale(await getLocale());
  const db = await getDb();
  const { copy } = await searchParams;
  const [activities, org, copied, escalationHours] = await Promise.all([
    listActiveActivities(db, actor.organizationId),
    organizationFormSettings(db, actor.organizationId),
    typeof copy === "string" ? copyRequestValues(db, actor, copy) : null,
    organizationEscalationHours(db, actor.organizationId),
  ]);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests">{t("back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("pageTitle")}</h1>
      <p>{t("intro")}</p>
      {copied ? <p data-testid="copy-notice">{t("copyNotice")}</p> : null}
      <RequestForm
        activities={activities.map((a) => ({ id: a.id, name: activityName(a, locale) }))}
        languages={languageChoices(locale)}
        localeNames={Object.fromEntries(volunteerLocales.map((l) => [l, languageName(l, locale)]))}
        timeZone={org.timeZone}
        defaults={defaultTimes(org.timeZone, org.durationMinutes)}
        durationMinutes={org.durationMinutes}
        initial={copied ?? undefined}
        submissionKey={randomUUID()}
        escalationHours={escalationHours}
      />
    </div>
  );
}
