import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { distinctAuditActions, listAuditEvents, parseAuditFilters } from "@/lib/audit/query";
import { requireActor } from "@/lib/auth/guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("audit.title") };
}

const OUTCOMES = ["ok", "denied", "invalid", "error"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const format = await getFormatter();
  const sp = await searchParams;
  const filters = parseAuditFilters(sp);
  const before = typeof sp.before === "string" && /^\d{1,15}$/.test(sp.before) ? Number(sp.before) : undefined;
  const [result, actions] = await Promise.all([listAuditEvents(actor, filters, before), distinctAuditActions(await getDb(), actor.organizationId)]);
  if (!result.ok) return null;
  const nextQuery = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  if (result.next) nextQuery.set("before", String(result.next));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
      <Card>
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" role="search" aria-label={t("audit.filters")}>
          <div className="flex flex-col gap-1">
            <label htmlFor="a-action" className="font-semibold">{t("audit.action")}</label>
            <select id="a-action" name="action" defaultValue={filters.action ?? ""} className={inputClass}>
              <option value="">{t("volunteers.any")}</option>
              {actions.map((a) => (
                <option key={a} value={a}>{a}</option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="a-outcome" className="font-semibold">{t("audit.outcome")}</label>
            <select id="a-outcome" name="outcome" defaultValue={filters.outcome ?? ""} className={inputClass}>
              <option value="">{t("volunteers.any")}</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>{t(`audit.outcomes.${o}`)}</option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="a-actor" className="font-semibold">{t("audit.actor")}</label>
            <input id="a-actor" name="actor" type="search" defaultValue={filters.actor ?? ""} className={inputClass} />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="a-from" className="font-semibold">{t("audit.from")}</label>
            <input id="a-from" name="from" type="date" defaultValue={filters.from ?? ""} className={inputClass} />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="a-to" className="font-semibold">{t("audit.to")}</label>
            <input id="a-to" name="to" type="date" defaultValue={filters.to ?? ""} className={inputClass} />
          </div>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-5">
            <Button type="submit">{t("volunteers.apply")}</Button>
            <LinkButton href="/admin/audit" variant="secondary">{t("volunteers.reset")}</LinkButton>
          </div>
        </form>
      </Card>
      {result.rows.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-start text-sm">
            <caption className="sr-only">{t("audit.title")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">{t("audit.when")}</th>
                <th scope="col" className="p-2">{t("audit.actor")}</th>
                <th scope="col" className="p-2">{t("audit.action")}</th>
                <th scope="col" className="p-2">{t("audit.object")}</th>
                <th scope="col" className="p-2">{t("audit.ip")}</th>
                <th scope="col" className="p-2">{t("audit.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((e) => (
                <tr key={e.id} className="border-b border-slate-200">
                  <td className="p-2"><time dateTime={e.createdAt.toISOString()}>{format.dateTime(e.createdAt, { dateStyle: "short", timeStyle: "medium" })}</time></td>
                  <td className="p-2">{e.actorEmail ?? t("audit.anonymous")}</td>
                  <td className="p-2">{e.action}</td>
                  <td className="p-2">{e.objectType ? `${e.objectType} ${e.objectId ?? ""}` : "—"}</td>
                  <td className="p-2">{e.ip ?? "—"}</td>
                  <td className="p-2">{t(`audit.outcomes.${e.outcome}` as "audit.outcomes.ok")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.next ? <LinkButton href={`/admin/audit?${nextQuery}`} variant="secondary" rel="next">{t("volunteers.next")}</LinkButton> : null}
    </div>
  );
}
