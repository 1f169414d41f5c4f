import Link from "next/link";
import { AdminPage } from "@/components/admin/admin-page";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { DataTable, FilterField, FilterForm } from "@/components/admin/data-table";
import { Button, LinkButton } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { listActivities } from "@/lib/activities/queries";
import { requireActor } from "@/lib/auth/guard";
import { listQualificationTypes } from "@/lib/qualifications";
import { listOrganizationTags } from "@/lib/volunteers/notes-tags";
import { listVolunteers, parseDirectoryFilters, SLOTS, STATUSES, type DirectoryFilters } from "@/lib/volunteers/directory";
import { languageOptions } from "@/lib/volunteers/languages";
import { adminMetadata } from "../_shared/metadata";
import { toLocale } from "@/i18n/config";

export const generateMetadata = adminMetadata("volunteers.title");

function query(filters: DirectoryFilters, extra: Record<string, string> = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) p.set(k, String(v));
  return `?${p.toString()}`;
}

export default async function VolunteersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const t = await getTranslations("admin");
  const locale = toLocale(await getLocale());
  const format = await getFormatter();
  const sp = await searchParams;
  const filters = parseDirectoryFilters(sp);
  const page = { after: typeof sp.after === "string" ? sp.after : undefined, before: typeof sp.before === "string" ? sp.before : undefined };
  const db = await getDb();
  const [result, activities, tags, qualifications] = await Promise.all([
    listVolunteers(actor, filters, page),
    listActivities(db, actor.organizationId),
    listOrganizationTags(db, actor.organizationId),
    listQualificationTypes(db, actor.organizationId),
  ]);
  const languages = languageOptions(locale).filter((l) => l.common || l.code === "de");
  const days = [1, 2, 3, 4, 5, 6, 7];
  const select = (name: keyof DirectoryFilters, label: string, options: { value: string; label: string }[]) => (
    <FilterField id={`f-${name}`} label={label}>
      <select id={`f-${name}`} name={name} defaultValue={filters[name] ?? ""} className={inputClass}>
        <option value="">{t("volunteers.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </FilterField>
  );
  return (
    <AdminPage title={t("volunteers.title")}>
      <FilterForm label={t("volunteers.filters")} grid="sm:grid-cols-2 lg:grid-cols-4" resetHref="/admin/volunteers" apply={t("volunteers.apply")} reset={t("volunteers.reset")}>
          <FilterField id="f-q" label={t("volunteers.search")} className="sm:col-span-2">
            <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ""} className={inputClass} />
          </FilterField>
          {select("activity", t("volunteers.activity"), activities.map((a) => ({ value: a.id, label: (locale === "de" ? a.nameDe : a.nameEn) + (a.active ? "" : ` (${t("activities.inactive")})`) })))}
          {select("language", t("volunteers.language"), languages.map((l) => ({ value: l.code, label: l.name })))}
          {select("slot", t("volunteers.slot"), [
            { value: "flexible", label: t("volunteers.flexible") },
            ...days.flatMap((d) => SLOTS.map((p) => ({ value: `${d}-${p}`, label: `${t(`weekdays.${d}` as "weekdays.1")} · ${t(`parts.${p}`)}` }))),
          ])}
          {select("status", t("volunteers.status"), STATUSES.map((st) => ({ value: st, label: t(`status.${st}`) })))}
          {select("consent", t("volunteers.consentColumn"), [
            { value: "current", label: t("volunteers.consentFilter.current") },
            { value: "outdated", label: t("volunteers.consentFilter.outdated") },
          ])}
          {tags.length > 0 ? select("tag", t("volunteers.tag"), tags.map((x) => ({ value: x.id, label: x.name }))) : null}
          {select("qualification", t("volunteers.qualification"), qualifications.map((q) => ({ value: q.id, label: q.name + (q.active ? "" : ` (${t("activities.inactive")})`) })))}
          {select("channel", t("volunteers.channel"), [
            { value: "email", label: t("volunteers.channelEmail") },
            { value: "sms", label: t("volunteers.channelSms") },
          ])}
          <fieldset className="flex flex-col gap-1">
            <legend className="font-semibold">{t("volunteers.mobility")}</legend>
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name="licence" value="1" defaultChecked={!!filters.licence} className="h-5 w-5" /> {t("volunteers.licence")}
            </label>
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name="car" value="1" defaultChecked={!!filters.car} className="h-5 w-5" /> {t("volunteers.car")}
            </label>
          </fieldset>
      </FilterForm>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p role="status" data-testid="volunteer-count">{t("volunteers.count", { count: result.total })}</p>
        <Link href="/admin/volunteers/qualifications" className="inline-flex min-h-11 items-center">{t("qualifications.link")}</Link>
        {actor.role === "admin" ? (
          <div className="flex flex-wrap gap-2">
            <LinkButton href="/admin/volunteers/import" variant="secondary">{t("import.link")}</LinkButton>
            <form method="post" action="/admin/volunteers/export">
              {Object.entries(filters).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={String(v)} /> : null))}
              <Button type="submit" variant="secondary">{t("volunteers.export")}</Button>
            </form>
          </div>
        ) : null}
      </div>
      <DataTable
        caption={t("volunteers.title")}
        headers={[t("volunteers.name"), t("volunteers.status"), t("volunteers.contact"), t("volunteers.registered"), t("volunteers.consentColumn")]}
        empty={t("volunteers.none")}
        count={result.rows.length}
        className="stack-table"
      >
        {result.rows.map((v) => (
          <tr key={v.id} className="border-b border-slate-200">
            <td className="p-2" data-label={t("volunteers.name")}>
              <Link href={`/admin/volunteers/${v.id}`} className="inline-flex min-h-11 items-center font-semibold">
                {v.lastName}, {v.firstName}
              </Link>
            </td>
            <td className="p-2" data-label={t("volunteers.status")}>{t(`status.${v.status}`)}</td>
            <td className="p-2 text-sm" data-label={t("volunteers.contact")}>{[v.email, v.phone].filter(Boolean).join(" · ")}</td>
            <td className="p-2 text-sm" data-label={t("volunteers.registered")}>{format.dateTime(v.createdAt, { dateStyle: "medium" })}</td>
            <td className="p-2 text-sm" data-label={t("volunteers.consentColumn")} data-testid="consent-state">{t(`volunteers.consentShort.${v.consent}`, { version: v.consentVersion ?? "—" })}</td>
          </tr>
        ))}
      </DataTable>
      <nav aria-label={t("volunteers.pagination")} className="flex gap-2">
        {result.prev ? <LinkButton href={`/admin/volunteers${query(filters, { before: result.prev })}`} variant="secondary" rel="prev">{t("volunteers.prev")}</LinkButton> : null}
        {result.next ? <LinkButton href={`/admin/volunteers${query(filters, { after: result.next })}`} variant="secondary" rel="next">{t("volunteers.next")}</LinkButton> : null}
      </nav>
    </AdminPage>
  );
}
