import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { getOrganizationSettings } from "@/lib/organizations/settings";
import { updateBrandingAction, updateSendersAction, updateSettingsAction } from "../actions";
import { BrandingForm, SendersForm } from "@/components/admin/branding-forms";
import { getSendersAndBranding } from "@/lib/organizations/branding";
import { adminMetadata } from "../_shared/metadata";

export const generateMetadata = adminMetadata("settings.title");

export default async function SettingsPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const [{ values }, brand] = await Promise.all([getOrganizationSettings(actor), getSendersAndBranding(actor)]);
  return (
    <AdminPage title={t("settings.title")}>
      <Card>
        <SettingsForm values={values} timeZones={["UTC", ...Intl.supportedValuesOf("timeZone")]} action={updateSettingsAction} />
      </Card>
      <Card>
        <SendersForm values={brand.senders} verifiedDomains={brand.verifiedDomains} action={updateSendersAction} />
      </Card>
      <Card>
        <BrandingForm values={brand.branding} action={updateBrandingAction} />
      </Card>
    </AdminPage>
  );
}
