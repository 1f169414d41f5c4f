import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { getOrganizationSettings } from "@/lib/organizations/settings";
import { updateSettingsAction } from "../actions";
import { adminMetadata } from "../_shared/metadata";

export const generateMetadata = adminMetadata("settings.title");

export default async function SettingsPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const { values } = await getOrganizationSettings(actor);
  return (
    <AdminPage title={t("settings.title")}>
      <Card>
        <SettingsForm values={values} timeZones={["UTC", ...Intl.supportedValuesOf("timeZone")]} action={updateSettingsAction} />
      </Card>
    </AdminPage>
  );
}
