import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { NoteForm, QualificationRecordForm, RemoveButton, TagForm } from "@/components/admin/volunteer-record-forms";
import { VolunteerStatusForm } from "@/components/admin/volunteer-status-form";
import { ListCard, TitledCard } from "@/components/ui/card";
import { getDb } from "@/db";
import { requireActor } from "@/lib/auth/guard";
import { listQualificationTypes, listVolunteerQualifications, organizationToday } from "@/lib/qualifications";
import { listOrganizationTags, listVolunteerNotes, listVolunteerTags, MAX_NOTE_LENGTH, MAX_TAG_LENGTH } from "@/lib/volunteers/notes-tags";
import { getVolunteerDetail } from "@/lib/volunteers/directory";
import { consentStateOf } from "@/lib/volunteers/consent";
import { languageName } from "@/lib/volunteers/languages";
import { addVolunteerNoteAction, addVolunteerTagAction, recordQualificationAction, removeQualificationAction, removeVolunteerTagAction, setVolunteerStatusAction } from "../../actions";
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
  // calendar days ("2026-12-24") shown as dates without any time-zone shift
  const day = (d: string) => format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const db = await getDb();
  const today = await organizationToday(db, actor.organizationId);
  const [qualifications, types, notes, tags, orgTags] = await Promise.all([
    listVolunteerQualifications(db, actor.organizationId, v.id, today),
    listQualificationTypes(db, actor.organizationId, { activeOnly: true, today }),
    listVolunteerNotes(db, actor.organizationId, v.id),
    listVolunteerTags(db, actor.organizationId, v.id),
    listOrganizationTags(db, actor.organizationId),
  ]);
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
          {row(t("volunteers.consentState"), <span data-testid="consent-state">{t(`volunteers.consentStates.${consentStateOf(v)}`, { version: v.consentVersion ?? "—" })}</span>)}
          {row(t("volunteers.consentVersion"), v.consentVersion ?? "—")}
          {row(t("volunteers.consentAt"), v.consentAt ? date(v.consentAt) : "—")}
          {row(t("volunteers.consentChannel"), v.consentChannel)}
          {row(t("volunteers.consentLocale"), v.consentLocale ? languageName(v.consentLocale, locale) : t("volunteers.consentUnknown"))}
          {row(t("volunteers.consentHash"), v.consentTextSha256 ? <code className="text-sm [overflow-wrap:anywhere]">{v.consentTextSha256}</code> : t("volunteers.consentUnknown"))}
        </dl>
      </TitledCard>
      <TitledCard title={t("qualifications.cardTitle")}>
        <div className="space-y-4" data-testid="qualifications">
          <p className="text-sm text-slate-700">{t("qualifications.seenNotice")}</p>
          {qualifications.length === 0 ? (
            <p>{t("qualifications.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {qualifications.map((q) => (
                <li key={q.typeId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div>
                    <p>
                      {t("qualifications.entry", { name: q.name, issued: day(q.issuedOn), until: q.expiresOn ? t("qualifications.validUntil", { date: day(q.expiresOn) }) : t("qualifications.noExpiryValue") })}{" "}
                      <strong className={q.state === "expired" ? "text-red-800" : q.state === "expiring" ? "text-amber-900" : "text-green-800"}>({t(`qualifications.states.${q.state}`)})</strong>
                    </p>
                    <p className="text-sm text-slate-700">{t("qualifications.recordedBy", { name: q.recordedBy ?? t("notes.formerMember"), date: date(q.recordedAt) })}</p>
                  </div>
                  <RemoveButton fields={{ volunteerId: v.id, typeId: q.typeId }} label={t("qualifications.removeLabel", { name: q.name })} text={t("qualifications.remove")} action={removeQualificationAction} />
                </li>
              ))}
            </ul>
          )}
          <h3 className="text-lg font-semibold">{t("qualifications.recordTitle")}</h3>
          <QualificationRecordForm volunteerId={v.id} types={types.map((x) => ({ id: x.id, name: x.name }))} today={today} action={recordQualificationAction} />
        </div>
      </TitledCard>
      <TitledCard title={t("tags.title")}>
        <div className="space-y-3" data-testid="tags">
          <p className="text-sm text-slate-700">{t("tags.intro")}</p>
          {tags.length === 0 ? (
            <p>{t("tags.none")}</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {tags.map((x) => (
                <li key={x.id} className="flex items-center gap-1 rounded-full border border-slate-400 bg-slate-50 ps-3">
                  <Link href={`/admin/volunteers?tag=${x.id}`} className="inline-flex min-h-11 items-center break-all">{x.name}</Link>
                  <RemoveButton fields={{ volunteerId: v.id, tagId: x.id }} label={t("tags.remove", { name: x.name })} text="×" action={removeVolunteerTagAction} />
                </li>
              ))}
            </ul>
          )}
          <TagForm volunteerId={v.id} suggestions={orgTags.filter((x) => !tags.some((y) => y.id === x.id)).map((x) => x.name)} maxLength={MAX_TAG_LENGTH} action={addVolunteerTagAction} />
        </div>
      </TitledCard>
      <TitledCard title={t("notes.title")}>
        <div className="space-y-3" data-testid="notes">
          <p className="text-sm text-slate-700">{t("notes.intro")}</p>
          <NoteForm volunteerId={v.id} maxLength={MAX_NOTE_LENGTH} action={addVolunteerNoteAction} />
          {notes.length === 0 ? (
            <p>{t("notes.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {notes.map((n) => (
                <li key={n.id} className="py-2">
                  <p className="whitespace-pre-line [overflow-wrap:anywhere]">{n.body}</p>
                  <p className="text-sm text-slate-700">{t("notes.by", { author: n.author ?? t("notes.formerMember"), date: date(n.createdAt) })}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
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
