import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { DataTable, FilterField, FilterForm } from "@/components/admin/data-table";
import { QualificationTypeForm } from "@/components/admin/volunteer-record-forms";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { getDb } from "@/db";
import { requireActor } from "@/lib/auth/guard";
import { DEFAULT_EXPIRING_DAYS, listExpiringQualifications, listQualificationTypes, MAX_EXPIRING_DAYS, organizationToday, REMINDER_DAYS_BEFORE } from "@/lib/qualifications";
import { createQualificationTypeAction, updateQualificationTypeAction } from "../../actions";
import { adminMetadata } from "../../_shared/metadata";

export const generateMetadata = adminMetadata("qualifications.title");
export const dynamic = "force-dynamic";

/**
 * Qualifications (issue 16): the list of expired and soon expiring entries (every coordinator;
 * `?days=N&type=<id>`), and the kinds of qualification (admins edit them).
 */
export default async function QualificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const t = await getTranslations("admin");
  const format = await getFormatter();
  const sp = await searchParams;
  const rawDays = typeof sp.days === "string" && /^\d{1,3}$/.test(sp.days) ? Number(sp.days) : DEFAULT_EXPIRING_DAYS;
  const days = Math.min(rawDays, MAX_EXPIRING_DAYS);
  const typeId = typeof sp.type === "string" ? sp.type : undefined;
  const db = await getDb();
  const today = await organizationToday(db, actor.organizationId);
  const [expiring, types] = await Promise.all([listExpiringQualifications(actor, { days, typeId }), listQualificationTypes(db, actor.organizationId, { today })]);
  const day = (d: string) => format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  return (
    <AdminPage title={t("qualifications.title")}>
      <p>
        <Link href="/admin/volunteers" className="inline-flex min-h-11 items-center">← {t("volunteers.back")}</Link>
      </p>
      <p>{t("qualifications.intro")}</p>
      <section aria-labelledby="expiring-title" className="space-y-3">
        <h2 id="expiring-title" className="text-xl font-bold">{t("qualifications.expiringTitle")}</h2>
        <p className="text-sm text-slate-700">{t("qualifications.expiringIntro", { days: REMINDER_DAYS_BEFORE })}</p>
        <FilterForm label={t("volunteers.filters")} grid="sm:grid-cols-2" resetHref="/admin/volunteers/qualifications" apply={t("qualifications.show")} reset={t("volunteers.reset")}>
          <FilterField id="f-days" label={t("qualifications.days")}>
            <input id="f-days" name="days" type="number" inputMode="numeric" min={0} max={MAX_EXPIRING_DAYS} defaultValue={days} className={`${inputClass} max-w-32`} />
          </FilterField>
          <FilterField id="f-type" label={t("qualifications.type")}>
            <select id="f-type" name="type" defaultValue={typeId ?? ""} className={inputClass}>
              <option value="">{t("qualifications.anyType")}</option>
              {types.map((x) => (
                <option key={x.id} value={x.id}>{x.name}</option>
              ))}
            </select>
          </FilterField>
        </FilterForm>
        <DataTable
          caption={t("qualifications.expiringTitle")}
          headers={[t("qualifications.person"), t("qualifications.type"), t("qualifications.expiresOn"), t("qualifications.state"), t("qualifications.reminder")]}
          empty={t("qualifications.noneExpiring")}
          count={expiring.rows.length}
          className="stack-table"
        >
          {expiring.rows.map((r) => (
            <tr key={`${r.volunteerId}-${r.typeId}`} className="border-b border-slate-200" data-testid="expiring-row">
              <td className="p-2" data-label={t("qualifications.person")}>
                <Link href={`/admin/volunteers/${r.volunteerId}`} className="inline-flex min-h-11 items-center font-semibold">{r.lastName}, {r.firstName}</Link>
              </td>
              <td className="p-2" data-label={t("qualifications.type")}>{r.name}</td>
              <td className="p-2" data-label={t("qualifications.expiresOn")}>{day(r.expiresOn)}</td>
              <td className="p-2" data-label={t("qualifications.state")}>
                <strong className={r.expired ? "text-red-800" : "text-amber-900"}>{t(`qualifications.states.${r.expired ? "expired" : "expiring"}`)}</strong>
              </td>
              <td className="p-2 text-sm" data-label={t("qualifications.reminder")}>
                {r.reminderSentAt ? t("qualifications.reminderSent", { date: format.dateTime(r.reminderSentAt, { dateStyle: "medium" }) }) : t("qualifications.reminderPending")}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section aria-labelledby="types-title" className="space-y-3">
        <h2 id="types-title" className="text-xl font-bold">{t("qualifications.typesTitle")}</h2>
        <p className="text-sm text-slate-700">{t("qualifications.typesIntro")}</p>
        <ul className="space-y-3">
          {types.map((x) => (
            <li key={x.id}>
              <Card>
                <h3 className="text-lg font-bold [overflow-wrap:anywhere]">
                  {x.name} {x.active ? null : <span className="text-sm font-normal">({t("qualifications.inactiveNote")})</span>}
                </h3>
                <p className="text-sm text-slate-700">
                  {x.validityMonths ? t("qualifications.months", { count: x.validityMonths }) : t("qualifications.noExpiry")} · {t("qualifications.holders", { count: x.holders })}
                </p>
                {actor.role === "admin" ? (
                  <details className="mt-2">
                    <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold">{t("qualifications.edit", { name: x.name })}</summary>
                    <div className="mt-2">
                      <QualificationTypeForm type={{ id: x.id, name: x.name, validityMonths: x.validityMonths, active: x.active }} action={updateQualificationTypeAction} />
                    </div>
                  </details>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
        {actor.role === "admin" ? (
          <Card>
            <h3 className="mb-3 text-lg font-bold">{t("qualifications.newType")}</h3>
            <QualificationTypeForm action={createQualificationTypeAction} />
          </Card>
        ) : null}
      </section>
    </AdminPage>
  );
}
