import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { getOrganizationSettings } from "@/lib/organizations/settings";
import { updateSettingsAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("settings.title") };
}

export default async function SettingsPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const { values } = await getOrganizationSettings(actor);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("settings.title")}</h1>
      <Card>
        <SettingsForm values={values} timeZones={["UTC", ...Intl.supportedValuesOf("timeZone")]} action={updateSettingsAction} />
      </Card>
    </div>
  );
}
