import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { toLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import { loadReport } from "@/lib/reports";
import { reportQuery } from "@/lib/reports/period";
import { PeriodLine } from "../period-line";
import { ReportBody } from "../report-body";
import { PrintButton } from "./print-button";
import "../reports.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("printView") };
}

/** The whole period on one printable page (print CSS hides the frame): for a council meeting. */
export default async function ReportPrintPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("coordinator");
  const result = await loadReport(actor, await searchParams, { ip: clientIpFrom(await headers()) });
  if (!result.ok) return null;
  const { report } = result;
  const t = await getTranslations("reports");
  const locale = toLocale(await getLocale());
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4 print:hidden">
        <PrintButton label={t("print")} />
        <span className="text-sm text-slate-700">{t("printHint")}</span>
        <Link href={`/admin/reports?${reportQuery(report.params)}`} className="inline-flex min-h-11 items-center">
          {t("backToReport")}
        </Link>
      </div>
      <h1 className="text-2xl font-bold">{t("printTitle", { organization: report.organizationName })}</h1>
      <PeriodLine report={report} locale={locale} />
      <ReportBody report={report} locale={locale} role={actor.role} mode="print" />
    </div>
  );
}
