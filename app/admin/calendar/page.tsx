import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { getDb } from "@/db";
import { intlLocale, toLocale, type Locale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { listActivities } from "@/lib/activities/queries";
import { requireActor } from "@/lib/auth/guard";
import { calendarRange, fillOf, listCalendarEntries, readCalendarQuery, type CalendarEntry, type CalendarQuery } from "@/lib/requests/calendar";
import { loadMessageOrg } from "@/lib/requests/load";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("calendar.title") };
}

const FILL_CLASS = {
  full: "border-s-4 border-emerald-700 bg-emerald-50",
  partial: "border-s-4 border-amber-600 bg-amber-50",
  empty: "border-s-4 border-red-700 bg-red-50",
  cancelled: "border-s-4 border-slate-400 bg-slate-100 text-slate-700",
} as const;

/**
 * The coordinator calendar (issue 15): week and month views of every request with how full it is.
 * Server-rendered, a GET form (no JavaScript); from md up a real table (weekdays as column
 * headers), on phones the same entries as a list by day (no horizontal scrolling at 320 px).
 */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const t = await getTranslations("admin.calendar");
  const tr = await getTranslations("requests");
  const locale = toLocale(await getLocale());
  const db = await getDb();
  const org = await loadMessageOrg(db, actor.organizationId);
  const q = readCalendarQuery(await searchParams, org.timeZone);
  const range = calendarRange(q.view, q.date);
  const [{ entries, truncated }, activities] = await Promise.all([listCalendarEntries(db, actor, range, org.timeZone, q.activityId), listActivities(db, actor.organizationId)]);
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  const href = (over: Partial<CalendarQuery>) => {
    const n = { ...q, ...over };
    const p = new URLSearchParams({ view: n.view, date: n.date });
    if (n.activityId) p.set("activity", n.activityId);
    return `/admin/calendar?${p}`;
  };
  const dayFmt = new Intl.DateTimeFormat(intlLocale[locale], { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const shortFmt = new Intl.DateTimeFormat(intlLocale[locale], { weekday: "short", timeZone: "UTC" });
  const rangeFmt = new Intl.DateTimeFormat(intlLocale[locale], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const monthFmt = new Intl.DateTimeFormat(intlLocale[locale], { month: "long", year: "numeric", timeZone: "UTC" });
  const utcNoon = (d: string) => new Date(`${d}T12:00:00Z`);
  const heading = q.view === "month" ? monthFmt.format(utcNoon(range.first)) : t("weekOf", { from: rangeFmt.format(utcNoon(range.first)), to: rangeFmt.format(utcNoon(range.last)) });
  const weeks: string[][] = [];
  for (let i = 0; i < range.days.length; i += 7) weeks.push(range.days.slice(i, i + 7));
  const inView = (d: string) => q.view === "week" || d.slice(0, 7) === range.first.slice(0, 7);
  const listDays = range.days.filter((d) => inView(d) && (byDay.get(d)?.length ?? 0) > 0);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <form method="get" action="/admin/calendar" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
        <div className="flex flex-col gap-1">
          <label htmlFor="calendar-view" className="font-semibold">{t("view")}</label>
          <select id="calendar-view" name="view" defaultValue={q.view} className={inputClass}>
            <option value="week">{t("week")}</option>
            <option value="month">{t("month")}</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="calendar-date" className="font-semibold">{t("date")}</label>
          <input id="calendar-date" type="date" name="date" defaultValue={q.date} className={inputClass} />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor="calendar-activity" className="font-semibold">{t("activity")}</label>
          <select id="calendar-activity" name="activity" defaultValue={q.activityId ?? ""} className={`${inputClass} min-w-0`}>
            <option value="">{t("allActivities")}</option>
            {activities.map((a) => (
              <option key={a.id} value={a.id}>
                {activityName(a, locale)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">{t("show")}</Button>
      </form>
      <nav aria-label={t("navLabel")} className="flex flex-wrap items-center gap-2">
        <Link href={href({ date: range.previous })} className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-4 font-semibold no-underline">
          {q.view === "month" ? t("previousMonth") : t("previousWeek")}
        </Link>
        <Link href={href({ date: readCalendarQuery({}, org.timeZone).date })} className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-4 font-semibold no-underline">
          {t("today")}
        </Link>
        <Link href={href({ date: range.next })} className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-4 font-semibold no-underline">
          {q.view === "month" ? t("nextMonth") : t("nextWeek")}
        </Link>
      </nav>
      <h2 className="text-xl font-bold" id="calendar-heading">{heading}</h2>
      <p className="text-sm text-slate-700">{t("legend")}</p>
      {truncated ? <p role="status">{t("truncated")}</p> : null}

      {/* phones: a list by day */}
      <div className="md:hidden" data-testid="calendar-list">
        {listDays.length === 0 ? (
          <p>{t("empty")}</p>
        ) : (
          <ol className="space-y-4" aria-labelledby="calendar-heading">
            {listDays.map((d) => (
              <li key={d}>
                <h3 className="font-bold">{dayFmt.format(utcNoon(d))}</h3>
                <EntryList entries={byDay.get(d)!} locale={locale} timeZone={org.timeZone} t={t} tr={tr} />
              </li>
            ))}
          </ol>
        )}
      </div>

      {/* from md up: a table, weekdays as column headers */}
      <table className="hidden w-full table-fixed border-collapse md:table" data-testid="calendar-table">
        <caption className="sr-only">{heading}</caption>
        <thead>
          <tr>
            {range.days.slice(0, 7).map((d) => (
              <th key={d} scope="col" className="border border-slate-300 bg-slate-100 p-1 text-start text-sm">
                {shortFmt.format(utcNoon(d))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((d) => (
                <td key={d} className={`h-24 border border-slate-300 p-1 align-top ${inView(d) ? "bg-white" : "bg-slate-50 text-slate-600"}`}>
                  <div className="text-sm font-semibold">
                    <span aria-hidden="true">{Number(d.slice(8))}</span>
                    <span className="sr-only">{dayFmt.format(utcNoon(d))}</span>
                  </div>
                  {byDay.get(d)?.length ? <EntryList entries={byDay.get(d)!} locale={locale} timeZone={org.timeZone} t={t} tr={tr} compact /> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<"admin.calendar">>>;
type TR = Awaited<ReturnType<typeof getTranslations<"requests">>>;

function EntryList({ entries, locale, timeZone, t, tr, compact = false }: { entries: CalendarEntry[]; locale: Locale; timeZone: string; t: T; tr: TR; compact?: boolean }) {
  const time = new Intl.DateTimeFormat(intlLocale[locale], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  return (
    <ul className="space-y-1">
      {entries.map((e) => {
        const fill = fillOf(e);
        return (
          <li key={e.id} className={`rounded p-1 ${compact ? "text-xs" : "text-sm"} ${FILL_CLASS[fill]} [overflow-wrap:anywhere]`} data-testid="calendar-entry" data-fill={fill}>
            <span className="block">
              <time dateTime={e.startsAt.toISOString()}>{time.format(e.startsAt)}</time>–<time dateTime={e.endsAt.toISOString()}>{time.format(e.endsAt)}</time>
            </span>
            <Link href={`/admin/requests/${e.id}`} className={`font-semibold ${fill === "cancelled" ? "line-through" : ""}`}>
              {e.title}
            </Link>
            <span className="block">
              {t("fill", { accepted: e.acceptedCount, needed: e.helpersNeeded })} · {tr(`status.${e.status}`)}
            </span>
            {compact ? null : <span className="block text-slate-700">{activityName(e, locale)}{e.place ? ` · ${e.place}` : ""}</span>}
          </li>
        );
      })}
    </ul>
  );
}
