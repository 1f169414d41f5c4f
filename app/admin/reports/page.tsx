import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { Notice } from "@/components/ui/card";
import { toLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import { loadReport } from "@/lib/reports";
import { reportQuery } from "@/lib/reports/period";
import { ReportFilterForm } from "./filter-form";
import { ReportBody } from "./report-body";
import { PeriodLine } from "./period-line";
import "./reports.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Reports for a period: coordinators and admins of the organisation (the domain checks again). */
export default async function ReportsPage({ searchParams }: Props) {
  const actor = await requireActor("coordinator");
  const result = await loadReport(actor, await searchParams, { ip: clientIpFrom(await headers()) });
  if (!result.ok) return null; // requireActor already sent everyone else away
  const { report, fieldErrors, values } = result;
  const t = await getTranslations("reports");
  const locale = toLocale(await getLocale());
  const hasErrors = Object.keys(fieldErrors).length > 0;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="print:hidden">{t("lead")}</p>
      </div>
      <ReportFilterForm report={report} values={values} fieldErrors={fieldErrors} locale={locale} />
      {hasErrors ? (
        <Notice tone="warning">
          <p data-testid="report-default-shown">{t("defaultShown")}</p>
        </Notice>
      ) : null}
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <PeriodLine report={report} locale={locale} />
        <Link href={`/admin/reports/print?${reportQuery(report.params)}`} className="inline-flex min-h-11 items-center font-semibold print:hidden">
          {t("printView")}
        </Link>
      </div>
      <ReportBody report={report} locale={locale} role={actor.role} mode="screen" />
    </div>
  );
}
