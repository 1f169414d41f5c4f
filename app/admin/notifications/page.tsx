import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { NoticePreferencesForm } from "@/components/admin/notice-preferences-form";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { localeNames, toAdminLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { getNoticePreferences, preferencesFormValues } from "@/lib/members/notice-preferences";
import { organizationEscalationHours } from "@/lib/requests/escalation";
import { saveNoticePreferencesAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("coordinatorNotices"))("page.title") };
}

/** "Meine Benachrichtigungen": every coordinator chooses what they are told about, and how. */
export default async function NotificationsPage() {
  const actor = await requireActor();
  const t = await getTranslations("coordinatorNotices");
  const locale = toAdminLocale(await getLocale());
  const db = await getDb();
  const [prefs, escalationHours] = await Promise.all([getNoticePreferences(actor, locale, db), organizationEscalationHours(db, actor.organizationId)]);
  return (
    <AdminPage title={t("page.title")}>
      <p>{t("page.lead")}</p>
      <Card>
        <NoticePreferencesForm
          values={preferencesFormValues(prefs)}
          email={actor.email}
          escalationHours={escalationHours}
          localeNames={{ de: localeNames.de, en: localeNames.en }}
          action={saveNoticePreferencesAction}
        />
      </Card>
    </AdminPage>
  );
}
