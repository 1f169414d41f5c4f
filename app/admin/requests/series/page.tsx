import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { LinkButton } from "@/components/ui/button";
import { getDb } from "@/db";
import { requireActor } from "@/lib/auth/guard";
import { listSeries } from "@/lib/series/queries";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.series");
  return { title: t("listTitle") };
}

/** The organisation's series (newest first), each linking to its overview. */
export default async function SeriesListPage() {
  const actor = await requireActor();
  const t = await getTranslations("requests.series");
  const tr = await getTranslations("requests.list");
  const rows = await listSeries(await getDb(), actor.organizationId);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests">{tr("pageTitle")}</Link>
      </p>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("listTitle")}</h1>
        <LinkButton href="/admin/requests/series/new">{t("new")}</LinkButton>
      </div>
      <p>{t("listIntro")}</p>
      <DataTable
        caption={t("listTitle")}
        headers={[t("columns.title"), t("columns.time"), t("columns.occurrences"), t("columns.upcoming"), t("columns.state")]}
        empty={t("listEmpty")}
        count={rows.length}
      >
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-slate-200">
            <td className="p-2">
              <Link href={`/admin/requests/series/${r.id}`} className="inline-flex min-h-11 items-center font-semibold [overflow-wrap:anywhere]">
                {r.title}
              </Link>
            </td>
            <td className="p-2">
              {r.firstDate}, {r.startTime}–{r.endTime}
            </td>
            <td className="p-2">{r.occurrences}</td>
            <td className="p-2">{r.upcoming}</td>
            <td className="p-2">{r.ended ? t("ended") : t("running")}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
