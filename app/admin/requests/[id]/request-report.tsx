import { eq } from "drizzle-orm";
import { getLocale, getTranslations } from "next-intl/server";
import { confirmAttendanceAction } from "@/app/admin/reports/actions";
import { AttendanceForm } from "@/components/reports/attendance-form";
import { LineChart, Responsive } from "@/components/reports/charts";
import { DataTable } from "@/components/reports/data-table";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { getAttendanceSheet } from "@/lib/attendance";
import { requireActor } from "@/lib/auth/guard";
import { responseCurve } from "@/lib/reports/figures";
import { formatHoursOf } from "@/lib/reports/format";
import { durationLabel, type ReportT } from "@/lib/reports/tables";

/**
 * The board's report part (issue 14): this request's response curve, and after its end the
 * attendance to confirm (who came, how many hours). Authorised like the board itself.
 */
export async function RequestReport({ requestId }: { requestId: string }) {
  const actor = await requireActor();
  const db = await getDb();
  const [sheet, curve, [org]] = await Promise.all([
    getAttendanceSheet(db, actor, requestId),
    responseCurve(db, { organizationId: actor.organizationId, requestId }),
    db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, actor.organizationId)),
  ]);
  if (!sheet) return null;
  const t = (await getTranslations("reports")) as unknown as ReportT;
  const locale = toLocale(await getLocale());
  const pct = (v: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(v);
  const confirmedMinutes = sheet.helpers.reduce((n, h) => n + (h.attended ? (h.minutes ?? 0) : 0), 0);
  const cameCount = sheet.helpers.filter((h) => h.attended).length;
  const when = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: org?.timeZone ?? "Europe/Berlin" }).format(d);
  return (
    <>
      {sheet.status !== "cancelled" ? (
        <Card className="space-y-3">
          <h2 id="attendance" className="text-xl font-bold">
            {t("attendance.title")}
          </h2>
          {!sheet.ended ? (
            <p>{t("attendance.notEnded", { date: when(sheet.endsAt) })}</p>
          ) : sheet.helpers.length === 0 ? (
            <p>{t("attendance.noHelpers")}</p>
          ) : (
            <>
              <p>{sheet.confirmedAt ? t("attendance.confirmedLead", { date: when(sheet.confirmedAt) }) : t("attendance.lead", { hours: formatHoursOf(sheet.defaultMinutes, locale) })}</p>
              {sheet.confirmedAt ? <p data-testid="attendance-totals">{t("attendance.totals", { hours: formatHoursOf(confirmedMinutes, locale), count: cameCount })}</p> : null}
              <AttendanceForm action={confirmAttendanceAction} requestId={sheet.requestId} helpers={sheet.helpers} defaultMinutes={sheet.defaultMinutes} confirmed={!!sheet.confirmedAt} />
            </>
          )}
        </Card>
      ) : null}
      <Card className="space-y-3">
        <h2 className="text-xl font-bold">{t("requestCurve.title")}</h2>
        {curve.asked === 0 ? (
          <p>{t("requestCurve.empty")}</p>
        ) : (
          <figure className="space-y-3" aria-labelledby="request-curve-caption">
            <figcaption id="request-curve-caption">{t("charts.curveLead", { answered: curve.answered, asked: curve.asked })}</figcaption>
            <Responsive
              render={(width, sfx) => (
                <LineChart
                  id={`request-curve${sfx}`}
                  width={width}
                  title={t("requestCurve.title")}
                  desc={t("charts.curveDesc", { items: curve.points.map((p) => t("charts.item", { label: durationLabel(p.minutes, t), value: pct(p.answered / curve.asked) })).join(", ") })}
                  labels={curve.points.map((p) => durationLabel(p.minutes, t))}
                  values={curve.points.map((p) => p.answered / curve.asked)}
                  format={pct}
                />
              )}
            />
            <DataTable
              id="table-request-curve"
              caption={t("charts.dataTable", { title: t("requestCurve.title") })}
              columns={[t("columns.within"), t("columns.answeredCumulative"), t("columns.answeredShare")]}
              numeric={[false, true, true]}
              rows={curve.points.map((p) => [durationLabel(p.minutes, t), String(p.answered), pct(p.answered / curve.asked)])}
            />
          </figure>
        )}
      </Card>
    </>
  );
}
