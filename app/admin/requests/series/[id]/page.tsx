import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { notFound } from "next/navigation";
import { Card, Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { toAdminLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { formatWhen } from "@/lib/requests/messages";
import { getSeriesOverview } from "@/lib/series/queries";
import { endSeriesAction } from "../actions";
import { EndSeriesForm } from "./end-form";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string; ended?: string; notified?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.series");
  return { title: t("listTitle") };
}

/** A series' overview: every date with how full it is (links to its board, edit, skip), the regular helpers, "end the series". */
export default async function SeriesOverviewPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { id } = await params;
  const sp = await searchParams;
  const overview = await getSeriesOverview(await getDb(), actor.organizationId, id);
  if (!overview) notFound();
  const t = await getTranslations("requests.series");
  const locale = toAdminLocale(await getLocale());
  const now = new Date();
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: overview.timeZone, dateStyle: "medium", timeStyle: "short" });
  const created = Number(sp.created);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests/series">{t("back")}</Link>
      </p>
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere]" dir="auto">
        {overview.title}
      </h1>
      {Number.isInteger(created) && created > 0 ? <Notice tone="success">{t("overview.created", { count: created })}</Notice> : null}
      {overview.endedAt && sp.ended !== undefined && Number.isInteger(Number(sp.ended)) ? (
        <Notice tone="success">{t("overview.endDone", { count: Number(sp.ended), notified: Number(sp.notified) || 0 })}</Notice>
      ) : null}
      {overview.endedAt ? <Notice tone="info">{t("overview.endedAt", { when: dateTime.format(overview.endedAt) })}</Notice> : null}
      <Card>
        <p>{t("overview.times", { start: overview.startTime, end: overview.endTime, tz: overview.timeZone })}</p>
        <p>{t("overview.lead", { days: overview.leadDays })}</p>
        <p className="text-sm text-slate-700">
          {t("overview.rule")}: <code className="[overflow-wrap:anywhere]">{overview.rule}</code>
        </p>
      </Card>

      <section aria-labelledby="occurrences-title" className="space-y-2">
        <h2 id="occurrences-title" className="text-xl font-bold">
          {t("overview.occurrencesTitle")}
        </h2>
        <DataTable
          caption={t("overview.occurrencesTitle")}
          headers={[t("overview.columns.n"), t("overview.columns.when"), t("overview.columns.filled"), t("overview.columns.state"), t("overview.columns.actions")]}
          empty=""
          count={overview.occurrences.length}
          testId="series-occurrences"
        >
              {overview.occurrences.map((o) => {
                const coming = o.startsAt > now && (o.status === "open" || o.status === "filled");
                return (
                  <tr key={o.id} className="border-b border-slate-200 align-top">
                    <td className="p-2">{o.index}</td>
                    <td className="p-2">
                      {formatWhen(locale, overview.timeZone, o.startsAt, o.endsAt)}
                      {o.askAt && o.status === "open" ? <p className="text-sm text-slate-700">{t("overview.askAt", { when: dateTime.format(o.askAt) })}</p> : null}
                    </td>
                    <td className="p-2">{t("overview.filled", { accepted: o.acceptedCount, needed: o.helpersNeeded })}</td>
                    <td className="p-2">{t(`overview.states.${o.status}`)}</td>
                    <td className="p-2">
                      <ul className="flex flex-wrap gap-x-4">
                        <li>
                          <Link href={`/admin/requests/${o.id}`} className="inline-flex min-h-11 items-center font-semibold">
                            {t("overview.board")}
                            <span className="sr-only"> {o.index}</span>
                          </Link>
                        </li>
                        {coming ? (
                          <>
                            <li>
                              <Link href={`/admin/requests/${o.id}/edit`} className="inline-flex min-h-11 items-center">
                                {t("overview.edit")}
                                <span className="sr-only"> {o.index}</span>
                              </Link>
                            </li>
                            <li>
                              <Link href={`/admin/requests/${o.id}#cancel-reason`} className="inline-flex min-h-11 items-center">
                                {t("overview.skip")}
                                <span className="sr-only"> {o.index}</span>
                              </Link>
                            </li>
                          </>
                        ) : null}
                      </ul>
                    </td>
                  </tr>
                );
              })}
        </DataTable>
      </section>

      <section aria-labelledby="regulars-title" className="space-y-2">
        <h2 id="regulars-title" className="text-xl font-bold">
          {t("overview.regularsTitle")}
        </h2>
        <p>{t("overview.regularsIntro")}</p>
        {overview.regulars.length === 0 ? (
          <p>{t("overview.regularsEmpty")}</p>
        ) : (
          <ul className="list-disc ps-5" data-testid="series-regulars">
            {overview.regulars.map((r) => (
              <li key={r.volunteerId}>
                <Link href={`/admin/volunteers/${r.volunteerId}`} dir="auto">
                  {r.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {!overview.endedAt ? (
        <section aria-labelledby="end-title" className="space-y-2">
          <h2 id="end-title" className="text-xl font-bold">
            {t("overview.endTitle")}
          </h2>
          <p>{t("overview.endIntro")}</p>
          <EndSeriesForm seriesId={overview.id} action={endSeriesAction} />
        </section>
      ) : null}
    </div>
  );
}
