import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db";
import { toAdminLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { listActiveActivities } from "@/lib/activities/queries";
import { requireActor } from "@/lib/auth/guard";
import { seriesSettings } from "@/lib/series/create";
import { addDays, calendarDateIn } from "@/lib/time-zone";
import { seriesFormAction } from "../actions";
import { SeriesForm } from "./series-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.series");
  return { title: t("pageTitle") };
}

/** A new series: the shared fields, the recurrence, the lead time; "Vorschau" lists the first dates. */
export default async function NewSeriesPage() {
  const actor = await requireActor();
  const t = await getTranslations("requests.series");
  const locale = toAdminLocale(await getLocale());
  const db = await getDb();
  const [activities, bounds] = await Promise.all([listActiveActivities(db, actor.organizationId), seriesSettings(db, actor.organizationId)]);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests/series">{t("back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("pageTitle")}</h1>
      <p>{t("intro")}</p>
      <SeriesForm
        action={seriesFormAction}
        activities={activities.map((a) => ({ id: a.id, name: activityName(a, locale) }))}
        timeZone={bounds.timeZone}
        submissionKey={randomUUID()}
        defaults={{ firstDate: addDays(calendarDateIn(new Date(), bounds.timeZone), 7), leadDays: bounds.leadDays }}
        max={bounds.max}
      />
    </div>
  );
}
