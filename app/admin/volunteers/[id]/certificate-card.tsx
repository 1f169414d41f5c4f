import { eq } from "drizzle-orm";
import { getLocale, getTranslations } from "next-intl/server";
import { CertificateForm } from "@/components/reports/certificate-form";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { defaultCertificatePeriod } from "@/lib/attendance/certificate";
import { readCertificateFormState } from "@/lib/attendance/certificate-query";
import { requireActor } from "@/lib/auth/guard";

/** On the volunteer's admin page: issue their certificate of volunteering (the route authorises again). */
export async function CertificateCard({ volunteerId, searchParams }: { volunteerId: string; searchParams: Record<string, string | string[] | undefined> }) {
  const actor = await requireActor();
  const t = await getTranslations("reports");
  const [org] = await (await getDb()).select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, actor.organizationId));
  const form = readCertificateFormState(searchParams);
  const defaults = { ...defaultCertificatePeriod(new Date(), org?.timeZone ?? "Europe/Berlin"), locale: toLocale(await getLocale()) };
  const err = (code?: string) => (code ? t(`errors.${code}` as "errors.invalid") : undefined);
  return (
    <Card className="space-y-3">
      <h2 id="certificate" className="text-xl font-bold">
        {t("certificate.title")}
      </h2>
      <p>{t("certificate.lead")}</p>
      <CertificateForm
        action={`/admin/volunteers/${volunteerId}/certificate`}
        labels={{ from: t("certificate.from"), to: t("certificate.to"), language: t("certificate.language"), de: t("certificate.de"), en: t("certificate.en"), submit: t("certificate.submit") }}
        defaults={{ from: form?.values.from ?? defaults.from, to: form?.values.to ?? defaults.to, locale: form?.values.locale ?? defaults.locale }}
        errors={{ from: err(form?.errors.from), to: err(form?.errors.to), locale: err(form?.errors.locale) }}
        formError={err(form?.errors.form)}
      />
    </Card>
  );
}
