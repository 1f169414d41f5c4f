import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { VolunteerStatusForm } from "@/components/admin/volunteer-status-form";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { getVolunteerDetail } from "@/lib/volunteers/directory";
import { consentStateOf } from "@/lib/volunteers/consent";
import { languageName } from "@/lib/volunteers/languages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("volunteers.detailTitle") };
}

export default async function VolunteerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const result = await getVolunteerDetail(actor, id);
  if (!result.ok) notFound();
  const { volunteer: v, activities, languages, availability, invitations } = result.detail;
  const t = await getTranslations("admin");
  const locale = (await getLocale()) as "de" | "en";
  const format = await getFormatter();
  const date = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : "—");
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3">
      <dt className="font-semibold">{label}</dt>
      <dd className="sm:col-span-2">{value}</dd>
    </div>
  );
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/volunteers" className="inline-flex min-h-11 items-center">← {t("volunteers.back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">
        {v.firstName} {v.lastName}
      </h1>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("volunteers.profile")}</h2>
        <dl className="divide-y divide-slate-200">
          {row(t("volunteers.status"), `${t(`status.${v.status}`)}${v.statusReason ? ` — ${v.statusReason}` : ""}${v.pausedUntil ? ` (${t("volunteers.until", { date: format.dateTime(v.pausedUntil, { dateStyle: "medium" }) })})` : ""}`)}
          {row(t("volunteers.activities"), activities.map((a) => (locale === "de" ? a.nameDe : a.nameEn)).join(", ") || "—")}
          {row(t("volunteers.languages"), languages.map((l) => languageName(l, locale)).join(", ") || "—")}
          {row(
            t("volunteers.availability"),
            v.availableFlexible ? t("volunteers.flexible") : availability.map((a) => `${t(`weekdays.${a.weekday}` as "weekdays.1")} ${t(`parts.${a.partOfDay}`)}`).join(", ") || "—",
          )}
          {row(t("volunteers.mobility"), [v.hasDrivingLicence ? t("volunteers.licence") : null, v.hasCar ? t("volunteers.car") : null].filter(Boolean).join(", ") || "—")}
          {row(t("volunteers.preferredChannel"), t(`channels.${v.contactPreference}`))}
          {row(t("volunteers.messageLanguage"), languageName(v.locale, locale))}
          {v.note ? row(t("volunteers.note"), v.note) : null}
        </dl>
      </Card>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("volunteers.channels")}</h2>
        <dl className="divide-y divide-slate-200">
          {row(t("volunteers.channelEmail"), v.email ? `${v.email} — ${v.emailConfirmedAt ? t("volunteers.confirmedAt", { date: date(v.emailConfirmedAt) }) : t("volunteers.unconfirmed")}` : "—")}
          {row(t("volunteers.channelSms"), v.phone ? `${v.phone} — ${v.phoneConfirmedAt ? t("volunteers.confirmedAt", { date: date(v.phoneConfirmedAt) }) : t("volunteers.unconfirmed")}` : "—")}
        </dl>
      </Card>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("volunteers.consent")}</h2>
        <dl className="divide-y divide-slate-200">
          {row(t("volunteers.consentState"), <span data-testid="consent-state">{t(`volunteers.consentStates.${consentStateOf(v)}`, { version: v.consentVersion })}</span>)}
          {row(t("volunteers.consentVersion"), v.consentVersion)}
          {row(t("volunteers.consentAt"), date(v.consentAt))}
          {row(t("volunteers.consentChannel"), v.consentChannel)}
          {row(t("volunteers.consentLocale"), v.consentLocale ? languageName(v.consentLocale, locale) : t("volunteers.consentUnknown"))}
          {row(t("volunteers.consentHash"), v.consentTextSha256 ? <code className="text-sm [overflow-wrap:anywhere]">{v.consentTextSha256}</code> : t("volunteers.consentUnknown"))}
        </dl>
      </Card>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("volunteers.invitations")}</h2>
        {invitations.length === 0 ? (
          <p>{t("volunteers.noInvitations")}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {invitations.map((i) => (
              <li key={i.id} className="py-2">
                <strong>{i.requestTitle}</strong> ({date(i.requestStartsAt)}) — {t(`invitationStatus.${i.status}`)}
                {i.respondedAt ? ` · ${t("volunteers.answeredAt", { date: date(i.respondedAt) })}` : ""}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("volunteers.changeStatus")}</h2>
        <VolunteerStatusForm id={v.id} status={v.status} reason={v.statusReason ?? ""} />
      </Card>
    </div>
  );
}
