import { getLocale, getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { getDb } from "@/db";
import { ActivityForm, ActivityRowActions } from "@/components/admin/activity-forms";
import { Card } from "@/components/ui/card";
import { translatedFieldsOf } from "@/lib/activities/manage";
import { listActivities } from "@/lib/activities/queries";
import { requireActor } from "@/lib/auth/guard";
import { createActivityAction, moveActivityAction, setActivityActiveAction, updateActivityAction } from "../actions";
import { adminMetadata } from "../_shared/metadata";

export const generateMetadata = adminMetadata("activities.title");

export default async function ActivitiesPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const locale = await getLocale();
  const activities = await listActivities(await getDb(), actor.organizationId);
  return (
    <AdminPage title={t("activities.title")}>
      <p>{t("activities.lead")}</p>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("activities.addTitle")}</h2>
        <ActivityForm action={createActivityAction} />
      </Card>
      <ol className="space-y-3">
        {activities.map((a, i) => {
          const name = locale === "de" ? a.nameDe : a.nameEn;
          return (
            <li key={a.id}>
              <Card>
                <h2 className="text-lg font-bold">
                  {i + 1}. {name} {a.active ? null : <span className="text-sm font-normal">({t("activities.inactive")})</span>}
                </h2>
                <p className="mb-2 text-sm text-slate-700">{t("activities.usedBy", { count: a.volunteerCount })}</p>
                <ActivityRowActions id={a.id} name={name} active={a.active} first={i === 0} last={i === activities.length - 1} actions={{ move: moveActivityAction, setActive: setActivityActiveAction }} />
                <details className="mt-3">
                  <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold">{t("activities.edit", { name })}</summary>
                  <div className="mt-2">
                    <ActivityForm
                      activity={{ id: a.id, nameDe: a.nameDe, nameEn: a.nameEn, descriptionDe: a.descriptionDe, descriptionEn: a.descriptionEn, ...translatedFieldsOf(a) }}
                      action={updateActivityAction}
                    />
                  </div>
                </details>
              </Card>
            </li>
          );
        })}
      </ol>
    </AdminPage>
  );
}
