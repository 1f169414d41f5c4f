import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db";
import { toAdminLocale, volunteerLocales } from "@/i18n/config";
import { listActiveActivities } from "@/lib/activities/queries";
import { activityName } from "@/lib/activities/names";
import { requireActor } from "@/lib/auth/guard";
import { loadMessageOrg } from "@/lib/requests/load";
import { organizationEscalationHours } from "@/lib/requests/escalation";
import { toLocalInput } from "@/lib/time-zone";
import { languageName } from "@/lib/volunteers/languages";
import { languageChoices } from "@/lib/volunteers/options";
import { RequestForm } from "./request-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.form");
  return { title: t("pageTitle") };
}

/** default start: tomorrow 09:00–11:00 local time */
function tomorrowIn(timeZone: string): string {
  return toLocalInput(new Date(Date.now() + 86_400_000), timeZone).slice(0, 10);
}

export default async function NewRequestPage() {
  const actor = await requireActor();
  const t = await getTranslations("requests.form");
  const locale = toAdminLocale(await getLocale());
  const db = await getDb();
  const [activities, org, escalationHours] = await Promise.all([
    listActiveActivities(db, actor.organizationId),
    loadMessageOrg(db, actor.organizationId),
    organizationEscalationHours(db, actor.organizationId),
  ]);
  const day = tomorrowIn(org.timeZone);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests">{t("back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("pageTitle")}</h1>
      <p>{t("intro")}</p>
      <RequestForm
        activities={activities.map((a) => ({ id: a.id, name: activityName(a, locale) }))}
        languages={languageChoices(locale)}
        localeNames={Object.fromEntries(volunteerLocales.map((l) => [l, languageName(l, locale)]))}
        timeZone={org.timeZone}
        defaults={{ startsAt: `${day}T09:00`, endsAt: `${day}T11:00` }}
        submissionKey={randomUUID()}
        escalationHours={escalationHours}
      />
    </div>
  );
}
