import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { listActivities } from "@/lib/activities/manage";
import { requireActor } from "@/lib/auth/guard";
import { listVolunteers, parseDirectoryFilters, SLOTS, STATUSES, type DirectoryFilters } from "@/lib/volunteers/directory";
import { languageOptions } from "@/lib/volunteers/languages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("volunteers.title") };
}

function query(filters: DirectoryFilters, extra: Record<string, string> = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) p.set(k, String(v));
  return `?${p.toString()}`;
}

export default async function VolunteersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const t = await getTranslations("admin");
  const locale = (await getLocale()) as "de" | "en";
  const format = await getFormatter();
  const sp = await searchParams;
  const filters = parseDirectoryFilters(sp);
  const page = { after: typeof sp.after === "string" ? sp.after : undefined, before: typeof sp.before === "string" ? sp.before : undefined };
  const [result, activities] = await Promise.all([listVolunteers(actor, filters, page), listActivities(await getDb(), actor.organizationId)]);
  if (!result.ok) return null;
  const languages = languageOptions(locale).filter((l) => l.common || l.code === "de");
  const days = [1, 2, 3, 4, 5, 6, 7];
  const select = (name: keyof DirectoryFilters, label: string, options: { value: string; label: string }[]) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`f-${name}`} className="font-semibold">{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={filters[name] ?? ""} className={inputClass}>
        <option value="">{t("volunteers.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("volunteers.title")}</h1>
      <Card>
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label={t("volunteers.filters")}>
          <div className="flex flex-col gap-1 sm:col-span-2">
            <label htmlFor="f-q" className="font-semibold">{t("volunteers.search")}</label>
            <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ""} className={inputClass} />
          </div>
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
          <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-4">
            <Button type="submit">{t("volunteers.apply")}</Button>
            <LinkButton href="/admin/volunteers" variant="secondary">{t("volunteers.reset")}</LinkButton>
          </div>
        </form>
      </Card>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p role="status" data-testid="volunteer-count">{t("volunteers.count", { count: result.total })}</p>
        {actor.role === "admin" ? (
          <form method="post" action="/admin/volunteers/export">
            {Object.entries(filters).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={String(v)} /> : null))}
            <Button type="submit" variant="secondary">{t("volunteers.export")}</Button>
          </form>
        ) : null}
      </div>
      {result.rows.length === 0 ? (
        <p>{t("volunteers.none")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">{t("volunteers.title")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">{t("volunteers.name")}</th>
                <th scope="col" className="p-2">{t("volunteers.status")}</th>
                <th scope="col" className="p-2">{t("volunteers.contact")}</th>
                <th scope="col" className="p-2">{t("volunteers.registered")}</th>
                <th scope="col" className="p-2">{t("volunteers.consentColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((v) => (
                <tr key={v.id} className="border-b border-slate-200">
                  <td className="p-2">
                    <Link href={`/admin/volunteers/${v.id}`} className="inline-flex min-h-11 items-center font-semibold">
                      {v.lastName}, {v.firstName}
                    </Link>
                  </td>
                  <td className="p-2">{t(`status.${v.status}`)}</td>
                  <td className="p-2 text-sm">{[v.email, v.phone].filter(Boolean).join(" · ")}</td>
                  <td className="p-2 text-sm">{format.dateTime(v.createdAt, { dateStyle: "medium" })}</td>
                  <td className="p-2 text-sm" data-testid="consent-state">{t(`volunteers.consentShort.${v.consent}`, { version: v.consentVersion })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("volunteers.pagination")} className="flex gap-2">
        {result.prev ? <LinkButton href={`/admin/volunteers${query(filters, { before: result.prev })}`} variant="secondary" rel="prev">{t("volunteers.prev")}</LinkButton> : null}
        {result.next ? <LinkButton href={`/admin/volunteers${query(filters, { after: result.next })}`} variant="secondary" rel="next">{t("volunteers.next")}</LinkButton> : null}
      </nav>
    </div>
  );
}
