import { eq } from "drizzle-orm";
import { getLocale, getTranslations } from "next-intl/server";
import { CertificateForm } from "@/components/reports/certificate-form";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { defaultCertificatePeriod, formatHours } from "@/lib/attendance/certificate";
import { readCertificateFormState } from "@/lib/attendance/certificate-query";
import { listCommitments, type Commitment } from "@/lib/attendance/commitments";

/**
 * "My commitments" on /profile (issue 14): the signed-in volunteer's own upcoming and past
 * commitments with their state and hours, and the certificate of volunteering. The page passes
 * the session's own ids; nothing here takes an id from the request.
 */
export async function MyCommitments({ volunteerId, organizationId, searchParams }: { volunteerId: string; organizationId: string; searchParams: Record<string, string | string[] | undefined> }) {
  const db = await getDb();
  const t = await getTranslations("commitments");
  const locale = toLocale(await getLocale());
  const [mine, [org]] = await Promise.all([listCommitments(db, volunteerId), db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId))]);
  const timeZone = org?.timeZone ?? "Europe/Berlin";
  const form = readCertificateFormState(searchParams);
  const defaults = { ...defaultCertificatePeriod(new Date(), timeZone), locale };
  const err = (code?: string) => (code ? t(`errors.${code}` as "errors.invalid") : undefined);
  return (
    <section aria-labelledby="commitments-title" className="space-y-4">
      <h2 id="commitments-title" className="text-2xl font-bold">
        {t("title")}
      </h2>
      <p>{t("lead")}</p>
      <p className="text-lg font-semibold" data-testid="commitments-total">
        {t("total", { hours: formatHours(mine.confirmedMinutes, locale) })}
      </p>
      <Card className="space-y-3">
        <h3 className="text-xl font-bold">{t("upcoming")}</h3>
        {mine.upcoming.length === 0 ? <p>{t("noUpcoming")}</p> : <CommitmentList items={mine.upcoming} locale={locale} timeZone={timeZone} />}
      </Card>
      <Card className="space-y-3">
        <h3 className="text-xl font-bold">{t("past")}</h3>
        {mine.past.length === 0 ? <p>{t("noPast")}</p> : <CommitmentList items={mine.past} locale={locale} timeZone={timeZone} />}
        {mine.pastTotal > mine.past.length ? <p className="text-sm">{t("pastMore", { shown: mine.past.length, total: mine.pastTotal })}</p> : null}
      </Card>
      <Card className="space-y-3">
        <h3 id="certificate" className="text-xl font-bold">
          {t("form.title")}
        </h3>
        <p>{t("form.lead")}</p>
        <CertificateForm
          action="/profile/certificate"
          labels={{ from: t("form.from"), to: t("form.to"), language: t("form.language"), de: t("form.de"), en: t("form.en"), submit: t("form.submit") }}
          defaults={{ from: form?.values.from ?? defaults.from, to: form?.values.to ?? defaults.to, locale: form?.values.locale ?? defaults.locale }}
          errors={{ from: err(form?.errors.from), to: err(form?.errors.to), locale: err(form?.errors.locale) }}
          formError={err(form?.errors.form)}
        />
      </Card>
    </section>
  );
}

async function CommitmentList({ items, locale, timeZone }: { items: Commitment[]; locale: Locale; timeZone: string }) {
  const t = await getTranslations("commitments");
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <ul className="divide-y divide-slate-200" data-testid="commitments">
      {items.map((c) => (
        <li key={c.invitationId} className="flex flex-col gap-1 py-3">
          <span className="font-semibold [overflow-wrap:anywhere]">{c.title}</span>
          <span className="text-sm text-slate-800">
            <time dateTime={c.startsAt.toISOString()}>{when.format(c.startsAt)}</time> · {locale === "de" ? c.activityNameDe : c.activityNameEn}
            {c.place ? ` · ${c.place}` : ""}
          </span>
          <span className="text-sm">
            <strong>{t(`states.${c.state}`)}</strong>
            {c.state === "attended" ? ` · ${t("hours", { hours: formatHours(c.minutes, locale) })}` : null}
            {c.state === "upcoming" || c.state === "unconfirmed" ? ` · ${t("plannedHours", { hours: formatHours(c.minutes, locale) })}` : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
