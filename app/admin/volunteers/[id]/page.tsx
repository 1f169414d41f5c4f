import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { VolunteerStatusForm } from "@/components/admin/volunteer-status-form";
import { ListCard, TitledCard } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { getVolunteerDetail } from "@/lib/volunteers/directory";
import { consentStateOf } from "@/lib/volunteers/consent";
import { languageName } from "@/lib/volunteers/languages";
import { setVolunteerStatusAction } from "../../actions";
import { toLocale } from "@/i18n/config";
import { CertificateCard } from "./certificate-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("volunteers.detailTitle") };
}

export default async function VolunteerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const { id } = await params;
  const result = await getVolunteerDetail(actor, id);
  if (!result.ok) notFound();
  const { volunteer: v, activities, languages, availability, invitations } = result.detail;
  const t = await getTranslations("admin");
  const locale = toLocale(await getLocale());
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
      <TitledCard title={t("volunteers.profile")}>
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
      </TitledCard>
      <TitledCard title={t("volunteers.channels")}>
        <dl className="divide-y divide-slate-200">
          {row(t("volunteers.channelEmail"), v.email ? `${v.email} — ${v.emailConfirmedAt ? t("volunteers.confirmedAt", { date: date(v.emailConfirmedAt) }) : t("volunteers.unconfirmed")}` : "—")}
          {row(t("volunteers.channelSms"), v.phone ? `${v.phone} — ${v.phoneConfirmedAt ? t("volunteers.confirmedAt", { date: date(v.phoneConfirmedAt) }) : t("volunteers.unconfirmed")}` : "—")}
        </dl>
      </TitledCard>
      <TitledCard title={t("volunteers.consent")}>
        <dl className="divide-y divide-slate-200">
          {row(t("volunteers.consentState"), <span data-testid="consent-state">{t(`volunteers.consentStates.${consentStateOf(v)}`, { version: v.consentVersion })}</span>)}
          {row(t("volunteers.consentVersion"), v.consentVersion)}
          {row(t("volunteers.consentAt"), date(v.consentAt))}
          {row(t("volunteers.consentChannel"), v.consentChannel)}
          {row(t("volunteers.consentLocale"), v.consentLocale ? languageName(v.consentLocale, locale) : t("volunteers.consentUnknown"))}
          {row(t("volunteers.consentHash"), v.consentTextSha256 ? <code className="text-sm [overflow-wrap:anywhere]">{v.consentTextSha256}</code> : t("volunteers.consentUnknown"))}
        </dl>
      </TitledCard>
      <ListCard title={t("volunteers.invitations")} empty={t("volunteers.noInvitations")} count={invitations.length}>
            {invitations.map((i) => (
              <li key={i.id} className="py-2">
                <strong>{i.requestTitle}</strong> ({date(i.requestStartsAt)}) — {t(`invitationStatus.${i.status}`)}
                {i.respondedAt ? ` · ${t("volunteers.answeredAt", { date: date(i.respondedAt) })}` : ""}
              </li>
            ))}
      </ListCard>
      <TitledCard title={t("volunteers.changeStatus")}>
        <VolunteerStatusForm id={v.id} status={v.status} reason={v.statusReason ?? ""} action={setVolunteerStatusAction} />
      </TitledCard>
      <CertificateCard volunteerId={v.id} searchParams={await searchParams} />
    </div>
  );
}
