import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LinkButton } from "@/components/ui/button";
import { getDb } from "@/db";
import { toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { requireActor } from "@/lib/auth/guard";
import { loadMessageOrg } from "@/lib/requests/load";
import { formatWhen } from "@/lib/requests/messages";
import { listRequests, REQUEST_TABS, type RequestTab } from "@/lib/requests/queries";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.list");
  return { title: t("pageTitle") };
}

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const tab: RequestTab = REQUEST_TABS.includes(sp.tab as RequestTab) ? (sp.tab as RequestTab) : "open";
  const t = await getTranslations("requests");
  const locale = toLocale(await getLocale());
  const db = await getDb();
  const [rows, org] = await Promise.all([listRequests(db, actor, tab), loadMessageOrg(db, actor.organizationId)]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("list.pageTitle")}</h1>
        <div className="flex flex-wrap gap-3">
          <LinkButton href="/admin/requests/series" variant="secondary">
            {t("series.listLink")}
          </LinkButton>
          <LinkButton href="/admin/requests/new">{t("list.new")}</LinkButton>
        </div>
      </div>
      <nav aria-label={t("list.tabsLabel")}>
        <ul className="flex flex-wrap gap-2">
          {REQUEST_TABS.map((name) => (
            <li key={name}>
              <Link
                href={`/admin/requests?tab=${name}`}
                aria-current={name === tab ? "page" : undefined}
                className={`inline-flex min-h-11 items-center rounded-lg px-4 font-semibold no-underline ${name === tab ? "border border-transparent bg-brand-700 text-white" : "border border-slate-400 bg-white text-slate-900"}`}
              >
                {t(`list.tabs.${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="text-lg font-semibold">
                <Link href={`/admin/requests/${r.id}`}>{r.title}</Link>
              </h2>
              <p className="text-slate-700">
                {activityName(r, locale)} · {formatWhen(locale, org.timeZone, r.startsAt, r.endsAt)}
                {r.place ? ` · ${r.place}` : ""}
              </p>
              <p>
                <span className="font-semibold">{t("list.helpers", { accepted: r.acceptedCount, needed: r.helpersNeeded })}</span> · {t(`status.${r.status}`)} ·{" "}
                {t("list.code", { code: r.shortCode })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
