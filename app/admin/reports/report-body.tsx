import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Columns, COLORS, HorizontalBars, Legend, LineChart, Responsive, type Series } from "@/components/reports/charts";
import { DataTable } from "@/components/reports/data-table";
import { Card } from "@/components/ui/card";
import type { Locale } from "@/i18n/config";
import type { Role } from "@/lib/auth/guard-types";
import { config } from "@/lib/config";
import type { Report } from "@/lib/reports";
import { formatCell, formatHoursOf, formatMinutes } from "@/lib/reports/format";
import { reportQuery } from "@/lib/reports/period";
import { durationLabel, monthLabel, PERSONAL_TABLES, reportTables, type ReportT, type ReportTable, type TableKey } from "@/lib/reports/tables";

/** one colour per channel (Okabe–Ito, as the other charts) */
const CHANNEL_COLORS = { email: COLORS.blue, sms: COLORS.vermillion, voice: COLORS.green, telegram: COLORS.sky, whatsapp: COLORS.purple } as const;

/**
 * Everything the reports page shows for one period, used by the page and by its print view
 * (mode "print": no export buttons, nothing interactive). Server component: the charts are SVG
 * rendered here, each followed by its data table.
 */
export async function ReportBody({ report, locale, role, mode }: { report: Report; locale: Locale; role: Role; mode: "screen" | "print" }) {
  const t = (await getTranslations("reports")) as unknown as ReportT;
  const f = report.figures;
  const tables = reportTables(f, t, locale, report.timeZone);
  const query = new URLSearchParams(reportQuery(report.params));
  const num = (n: number) => new Intl.NumberFormat(locale).format(n);
  const hours = (min: number) => formatHoursOf(min, locale);
  const pct = (v: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(v);
  const caption = (key: TableKey) => t(`tableCaptions.${key}`);

  const table = (tb: ReportTable, opts: { captionOverride?: string; srCaption?: boolean } = {}) => (
    <DataTable
      id={`table-${tb.key}`}
      caption={opts.captionOverride ?? caption(tb.key)}
      srCaption={opts.srCaption}
      columns={tb.columns}
      numeric={tb.columns.map((_, i) => i > 0 && tb.rows.some((r) => r[i] && r[i].kind !== "text"))}
      rows={tb.rows.map((r) => r.map((c) => formatCell(c, locale, t)))}
    />
  );
  const csv = (key: TableKey) => {
    if (mode === "print") return null;
    if (PERSONAL_TABLES.includes(key) && role !== "admin") return <p className="text-sm text-slate-700 print:hidden">{t("csvAdminOnly")}</p>;
    return (
      <form method="post" action="/admin/reports/export" className="print:hidden">
        {[...query.entries()].map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="table" value={key} />
        <button type="submit" className="inline-flex min-h-11 items-center gap-1 rounded-lg border border-slate-400 bg-white px-3 py-1 text-sm font-semibold hover:bg-slate-100">
          {t("csv")}
          <span className="sr-only">({caption(key)})</span>
        </button>
      </form>
    );
  };
  const hoursSeries: Series[] = [
    { key: "confirmed", label: t("charts.confirmed"), color: COLORS.blue },
    { key: "planned", label: t("charts.planned"), color: COLORS.orange, hatched: true },
  ];
  const activityName = (a: { nameDe: string; nameEn: string }) => (locale === "de" ? a.nameDe : a.nameEn);
  const stacked = (label: string, c: number, p: number) => t("charts.itemStacked", { label, confirmed: hours(c), planned: hours(p) });
  const totalConfirmed = f.hoursByActivity.reduce((n, a) => n + a.confirmedMinutes, 0);
  const totalPlanned = f.hoursByActivity.reduce((n, a) => n + a.plannedMinutes, 0);
  const section = (id: string, title: string, lead: string | null, children: React.ReactNode) => (
    <Card className="space-y-4 print:break-inside-avoid-page print:border-0 print:p-0 print:shadow-none">
      <h2 id={id} className="text-xl font-bold">
        {title}
      </h2>
      {lead ? <p className="text-slate-700">{lead}</p> : null}
      {children}
    </Card>
  );
  const figure = (id: string, title: string, chart: React.ReactNode, tb: ReportTable, legend?: Series[]) => (
    <figure className="space-y-3 print:break-inside-avoid" aria-labelledby={`${id}-figcaption`}>
      <figcaption id={`${id}-figcaption`} className="font-semibold">
        {title}
      </figcaption>
      {legend ? <Legend id={id} series={legend} /> : null}
      {chart}
      {table(tb, { captionOverride: t("charts.dataTable", { title }) })}
      {csv(tb.key)}
    </figure>
  );

  return (
    <div className="space-y-6">
      <Card className="print:border-0 print:p-0 print:shadow-none">
        <h2 className="mb-3 text-xl font-bold">{t("summary.title")}</h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-3" data-testid="report-summary">
          {[
            [t("summary.confirmedHours"), hours(totalConfirmed), "summary-confirmed"],
            [t("summary.plannedHours"), hours(totalPlanned), "summary-planned"],
            [t("summary.requests"), num(f.requests.total), "summary-requests"],
            [t("summary.fillRate"), f.requests.fillRate === null ? "—" : pct(f.requests.fillRate), "summary-fill-rate"],
            [t("summary.firstYes"), f.requests.minutesToFirstYes ? formatMinutes(f.requests.minutesToFirstYes.median, locale, t) : "—", "summary-first-yes"],
            [t("summary.helped"), num(f.people.helped), "summary-helped"],
          ].map(([label, value, testId]) => (
            <div key={testId} className="flex flex-col-reverse rounded-lg border border-slate-300 p-3">
              <dt className="text-sm text-slate-800">{label}</dt>
              <dd className="text-2xl font-bold text-slate-900" data-testid={testId}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </Card>

      {section(
        "hours",
        t("sections.hours"),
        t("sections.hoursLead"),
        <>
          {f.hoursByActivity.length === 0 ? (
            <p>{t("noData")}</p>
          ) : (
            figure(
              "chart-hours-activity",
              t("charts.hoursActivity"),
              <Responsive
                render={(width, sfx) => (
                  <HorizontalBars
                    id={`chart-hours-activity${sfx}`}
                    width={width}
                    title={t("charts.hoursActivity")}
                    desc={t("charts.hoursActivityDesc", { items: f.hoursByActivity.map((a) => stacked(activityName(a), a.confirmedMinutes, a.plannedMinutes)).join("; ") })}
                    rows={f.hoursByActivity.map((a) => ({ label: activityName(a), values: [a.confirmedMinutes, a.plannedMinutes] }))}
                    series={hoursSeries}
                    format={(m) => `${hours(m)} ${t("charts.hours")}`}
                  />
                )}
              />,
              tables.hours_activity,
              hoursSeries,
            )
          )}
          {figure(
            "chart-hours-month",
            t("charts.hoursMonth"),
            <Responsive
              render={(width, sfx) => (
                <Columns
                  id={`chart-hours-month${sfx}`}
                  width={width}
                  title={t("charts.hoursMonth")}
                  desc={t("charts.hoursMonthDesc", { items: f.hoursByMonth.map((m) => stacked(monthLabel(m.month, locale), m.confirmedMinutes, m.plannedMinutes)).join("; ") })}
                  labels={f.hoursByMonth.map((m) => new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" }).format(new Date(`${m.month}-15T12:00:00Z`)))}
                  values={f.hoursByMonth.map((m) => [m.confirmedMinutes / 60, m.plannedMinutes / 60])}
                  series={hoursSeries}
                  format={(h) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(h)}
                />
              )}
            />,
            tables.hours_month,
            hoursSeries,
          )}
        </>,
      )}

      {section(
        "requests",
        t("sections.requests"),
        t("sections.requestsLead"),
        <>
          {table(tables.requests)}
          {csv("requests")}
        </>,
      )}

      {section(
        "response",
        t("sections.response"),
        t("sections.responseLead"),
        <>
          <div className="grid gap-6 lg:grid-cols-2">
            {f.funnel.map((c) => {
              const channel = t(`channels.${c.channel}`);
              const stages = [
                [t("columns.asked"), c.asked],
                [t("columns.delivered"), c.delivered],
                [t("columns.answered"), c.answered],
                [t("columns.yes"), c.yes],
              ] as const;
              const share = (v: number) => (c.asked > 0 ? ` (${pct(v / c.asked)})` : "");
              return (
                <figure key={c.channel} className="space-y-2 print:break-inside-avoid" aria-labelledby={`funnel-${c.channel}-figcaption`}>
                  <figcaption id={`funnel-${c.channel}-figcaption`} className="font-semibold">
                    {t("charts.funnel", { channel })}
                  </figcaption>
                  <Responsive
                    render={(width, sfx) => (
                      <HorizontalBars
                        id={`chart-funnel-${c.channel}${sfx}`}
                        width={width}
                        title={t("charts.funnel", { channel })}
                        desc={t("charts.funnelDesc", { channel, items: stages.map(([l, v]) => t("charts.item", { label: l, value: `${num(v)}${share(v)}` })).join(", ") })}
                        rows={stages.map(([label, v]) => ({ label, values: [v], note: `${num(v)}${share(v)}` }))}
                        series={[{ key: c.channel, label: channel, color: CHANNEL_COLORS[c.channel] }]}
                        format={num}
                        max={Math.max(1, c.asked)}
                      />
                    )}
                  />
                </figure>
              );
            })}
          </div>
          {table(tables.funnel)}
          {csv("funnel")}
          {figure(
            "chart-curve",
            t("charts.curve"),
            <>
              <p className="text-sm">{t("charts.curveLead", { answered: num(f.curve.answered), asked: num(f.curve.asked) })}</p>
              <Responsive
                render={(width, sfx) => (
                  <LineChart
                    id={`chart-curve${sfx}`}
                    width={width}
                    title={t("charts.curve")}
                    desc={t("charts.curveDesc", { items: f.curve.points.map((p) => t("charts.item", { label: durationLabel(p.minutes, t), value: f.curve.asked ? pct(p.answered / f.curve.asked) : "—" })).join(", ") })}
                    labels={f.curve.points.map((p) => durationLabel(p.minutes, t))}
                    values={f.curve.points.map((p) => (f.curve.asked ? p.answered / f.curve.asked : 0))}
                    format={pct}
                  />
                )}
              />
            </>,
            tables.curve,
          )}
        </>,
      )}

      {section(
        "people",
        t("sections.people"),
        t("sections.peopleLead"),
        <>
          {table(tables.people)}
          {csv("people")}
        </>,
      )}

      {section(
        "messages",
        t("sections.messages"),
        t("sections.messagesLead", { price: new Intl.NumberFormat(locale).format(config().SMS_SEGMENT_PRICE_CENTS) }),
        <>
          {table(tables.messages)}
          {csv("messages")}
        </>,
      )}

      {section(
        "fairness",
        t("sections.fairness"),
        t("sections.fairnessLead"),
        <>
          {figure(
            "chart-fairness",
            t("charts.fairness"),
            <Responsive
              render={(width, sfx) => (
                <Columns
                  id={`chart-fairness${sfx}`}
                  width={width}
                  title={t("charts.fairness")}
                  desc={t("charts.fairnessDesc", { items: tables.fairness.rows.map((r) => t("charts.item", { label: String(r[0].value), value: formatCell(r[1], locale, t) })).join(", ") })}
                  labels={["0", ...f.fairness.distribution.map((b) => (b.to === null ? `${b.from}+` : b.to === b.from ? String(b.from) : `${b.from}–${b.to}`))]}
                  values={tables.fairness.rows.map((r) => [Number(r[1].value)])}
                  series={[{ key: "volunteers", label: t("columns.volunteers"), color: COLORS.green }]}
                  format={num}
                />
              )}
            />,
            tables.fairness,
          )}
          <h3 className="text-lg font-bold">{t("sections.nonResponders")}</h3>
          <p>{t("sections.nonRespondersLead", { n: f.fairness.minAsked })}</p>
          {f.fairness.nonResponders.length === 0 ? (
            <p data-testid="non-responders-empty">{t("sections.nonRespondersEmpty")}</p>
          ) : (
            <>
              <DataTable
                id="table-non_responders"
                caption={caption("non_responders")}
                columns={[...tables.non_responders.columns, ...(mode === "screen" ? [t("sections.open")] : [])]}
                numeric={[false, false, true, false, false]}
                rows={tables.non_responders.rows.map((r, i) => {
                  const n = f.fairness.nonResponders[i];
                  const cells: React.ReactNode[] = r.map((c) => formatCell(c, locale, t));
                  if (mode === "screen")
                    cells.push(
                      <Link href={`/admin/volunteers/${n.volunteerId}`} className="inline-flex min-h-11 items-center" aria-label={t("sections.openPerson", { name: `${n.firstName} ${n.lastName}` })}>
                        {t("sections.open")}
                      </Link>,
                    );
                  return cells;
                })}
              />
              {f.fairness.nonRespondersTotal > f.fairness.nonResponders.length ? <p>{t("sections.nonRespondersMore", { shown: f.fairness.nonResponders.length, total: f.fairness.nonRespondersTotal })}</p> : null}
            </>
          )}
          {csv("non_responders")}
        </>,
      )}
    </div>
  );
}
