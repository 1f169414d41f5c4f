import { getLocale, getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { getDb } from "@/db";
import { DataTable, FilterField, FilterForm } from "@/components/admin/data-table";
import { LinkButton } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { actionName, presentAuditRows, type AuditTranslator } from "@/lib/audit/present";
import { distinctAuditActions, listAuditEvents, parseAuditFilters } from "@/lib/audit/query";
import { requireActor } from "@/lib/auth/guard";
import { adminMetadata } from "../_shared/metadata";

export const generateMetadata = adminMetadata("audit.title");

const OUTCOMES = ["ok", "denied", "invalid", "error"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const sp = await searchParams;
  const filters = parseAuditFilters(sp);
  const before = typeof sp.before === "string" && /^\d{1,15}$/.test(sp.before) ? Number(sp.before) : undefined;
  const [result, actions] = await Promise.all([listAuditEvents(actor, filters, before), distinctAuditActions(await getDb(), actor.organizationId)]);
  const tr = t as unknown as AuditTranslator;
  const rows = presentAuditRows(tr, await getLocale(), result.rows, { seconds: true });
  const nextQuery = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  if (result.next) nextQuery.set("before", String(result.next));
  return (
    <AdminPage title={t("audit.title")}>
      <FilterForm label={t("audit.filters")} grid="sm:grid-cols-2 lg:grid-cols-5" resetHref="/admin/audit" apply={t("volunteers.apply")} reset={t("volunteers.reset")}>
        <FilterField id="a-action" label={t("audit.action")}>
          <select id="a-action" name="action" defaultValue={filters.action ?? ""} className={inputClass}>
            <option value="">{t("volunteers.any")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>{actionName(tr, a)}</option>
            ))}
          </select>
        </FilterField>
        <FilterField id="a-outcome" label={t("audit.outcome")}>
          <select id="a-outcome" name="outcome" defaultValue={filters.outcome ?? ""} className={inputClass}>
            <option value="">{t("volunteers.any")}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>{t(`audit.outcomes.${o}`)}</option>
            ))}
          </select>
        </FilterField>
        {(["actor", "from", "to"] as const).map((name) => (
          <FilterField key={name} id={`a-${name}`} label={t(`audit.${name}`)}>
            <input id={`a-${name}`} name={name} type={name === "actor" ? "search" : "date"} defaultValue={filters[name] ?? ""} className={inputClass} />
          </FilterField>
        ))}
      </FilterForm>
      <DataTable
        caption={t("audit.title")}
        headers={[t("audit.when"), t("audit.actor"), t("audit.action"), t("audit.object"), t("audit.ip"), t("audit.outcome")]}
        empty={t("audit.empty")}
        count={result.rows.length}
        className="stack-table text-sm"
      >
        {rows.map((e) => (
          <tr key={e.id} className="border-b border-slate-200">
            <td className="p-2" data-label={t("audit.when")}><time dateTime={e.at}>{e.when}</time></td>
            <td className="p-2" data-label={t("audit.actor")}>{e.actor}</td>
            <td className="p-2" data-label={t("audit.action")}>{e.action}</td>
            <td className="p-2" data-label={t("audit.object")}>{e.object}</td>
            <td className="p-2" data-label={t("audit.ip")}>{e.ip ?? "—"}</td>
            <td className="p-2" data-label={t("audit.outcome")}>{e.outcome}</td>
          </tr>
        ))}
      </DataTable>
      {result.next ? <LinkButton href={`/admin/audit?${nextQuery}`} variant="secondary" rel="next">{t("volunteers.next")}</LinkButton> : null}
    </AdminPage>
  );
}
