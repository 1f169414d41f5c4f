import { getFormatter, getTranslations } from "next-intl/server";

/** "Active" or "Suspended since …", as a badge with text (not colour alone). */
export async function OrganizationStatus({ suspendedAt }: { suspendedAt: Date | null }) {
  const t = await getTranslations("admin.platform");
  const format = await getFormatter();
  if (!suspendedAt) return <span className="inline-block rounded border border-green-700 bg-green-50 px-2 text-sm font-semibold text-green-900">{t("active")}</span>;
  return (
    <span className="inline-block rounded border border-red-700 bg-red-50 px-2 text-sm font-semibold text-red-900">
      {t("suspended", { date: format.dateTime(suspendedAt, { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }) })}
    </span>
  );
}
