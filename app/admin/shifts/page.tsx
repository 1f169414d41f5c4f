import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { LinkButton } from "@/components/ui/button";
import { getDb } from "@/db";
import { toAdminLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { formatPlanDay } from "@/lib/shifts/messages";
import { listShiftPlans } from "@/lib/shifts/queries";
import { getLocale } from "next-intl/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("shifts.admin"))("list.title") };
}

/** The organisation's shift plans, newest day first, each with how full it is. */
export default async function ShiftPlansPage() {
  const actor = await requireActor();
  const t = await getTranslations("shifts.admin");
  const locale = toAdminLocale(await getLocale());
  const plans = await listShiftPlans(await getDb(), actor.organizationId);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      <p>
        <LinkButton href="/admin/shifts/new">{t("list.new")}</LinkButton>
      </p>
      <DataTable
        caption={t("list.title")}
        headers={[t("list.day"), t("list.plan"), t("list.slots"), t("list.filled"), t("list.status")]}
        empty={t("list.empty")}
        count={plans.length}
        testId="shift-plans"
      >
        {plans.map((p) => (
          <tr key={p.id} className="border-b border-slate-200">
            <td className="p-2">{formatPlanDay(locale, p.day)}</td>
            <td className="p-2">
              <Link href={`/admin/shifts/${p.id}`} className="inline-flex min-h-11 items-center font-semibold [overflow-wrap:anywhere]">
                {p.title}
              </Link>
            </td>
            <td className="p-2">{p.slots}</td>
            <td className="p-2">{t("overview.filledValue", { accepted: p.accepted, needed: p.needed })}</td>
            <td className="p-2">{t(`status.${p.status}`)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
