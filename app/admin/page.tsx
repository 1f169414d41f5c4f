import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { Card, ListCard, Notice } from "@/components/ui/card";
import { presentAuditRows, type AuditTranslator } from "@/lib/audit/present";
import { recentAuditEvents } from "@/lib/audit/query";
import { requireActor } from "@/lib/auth/guard";
import { countVolunteersByStatus, STATUSES } from "@/lib/volunteers/directory";
import { getOpenRequestSummaries } from "@/lib/requests/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("dashboard.title") };
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const t = await getTranslations("admin");
  const format = await getFormatter();
  const db = await getDb();
  const [counts, open, recent] = await Promise.all([
    countVolunteersByStatus(db, actor.organizationId),
    getOpenRequestSummaries(db, actor),
    actor.role === "admin" ? recentAuditEvents(db, actor.organizationId, 10) : Promise.resolve([]),
  ]);
  const denied = (await searchParams).denied;
  const feed = presentAuditRows(t as unknown as AuditTranslator, await getLocale(), recent);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("dashboard.title")}</h1>
      {denied ? <Notice tone="warning">{t("dashboard.denied")}</Notice> : null}
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("dashboard.volunteersByStatus")}</h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {STATUSES.map((st) => (
            <li key={st}>
              <Link href={`/admin/volunteers?status=${st}`} className="flex min-h-11 flex-col rounded-lg border border-slate-300 p-3 no-underline hover:bg-brand-50">
                <span className="text-2xl font-bold text-slate-900" data-testid={`count-${st}`}>{format.number(counts[st])}</span>
                <span className="text-slate-800">{t(`status.${st}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Card>
      <ListCard
        title={t("dashboard.openRequests")}
        empty={t("dashboard.noOpenRequests")}
        count={open.length}
        testId="open-requests"
        footer={
          <p className="mt-3 flex flex-wrap gap-4">
            <Link href="/admin/requests/new" className="inline-flex min-h-11 items-center font-semibold">{t("dashboard.newRequest")}</Link>
            <Link href="/admin/requests" className="inline-flex min-h-11 items-center">{t("dashboard.allRequests")}</Link>
          </p>
        }
      >
            {open.map((r) => (
              <li key={r.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:justify-between">
                <Link href={`/admin/requests/${r.id}`} className="inline-flex min-h-11 items-center font-semibold">
                  {r.title}
                </Link>
                <div className="flex items-center gap-3 text-sm">
                  <time dateTime={r.startsAt.toISOString()}>{format.dateTime(r.startsAt, { dateStyle: "short", timeStyle: "short" })}</time>
                  <span>{t("dashboard.filled", { accepted: r.acceptedCount, needed: r.helpersNeeded })}</span>
                  <progress max={r.helpersNeeded} value={r.acceptedCount} aria-label={t("dashboard.filled", { accepted: r.acceptedCount, needed: r.helpersNeeded })} className="h-2 w-24" />
                </div>
              </li>
            ))}
      </ListCard>
      {actor.role === "admin" ? (
        <ListCard
          title={t("dashboard.recentActivity")}
          empty={t("audit.empty")}
          count={feed.length}
          footer={
            <p className="mt-3">
              <Link href="/admin/audit" className="inline-flex min-h-11 items-center">{t("dashboard.allActivity")}</Link>
            </p>
          }
        >
              {feed.map((e) => (
                <li key={e.id} className="space-y-0.5 py-2 text-sm" data-testid="activity-item">
                  <p>
                    <span className="font-semibold">{e.action}</span> · {e.object}
                    {e.outcomeCode !== "ok" ? <span className="ms-1 font-semibold text-red-800">({e.outcome})</span> : null}
                  </p>
                  <p className="text-slate-700">
                    <time dateTime={e.at}>{e.when}</time> · {e.actor}
                  </p>
                </li>
              ))}
        </ListCard>
      ) : null}
    </div>
  );
}
