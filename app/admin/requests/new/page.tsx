import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db";
import { toAdminLocale, volunteerLocales } from "@/i18n/config";
import { listActiveActivities } from "@/lib/activities/queries";
import { activityName } from "@/lib/activities/names";
import { requireActor } from "@/lib/auth/guard";
import { listQualificationTypes } from "@/lib/qualifications";
import { organizationEscalationHours } from "@/lib/requests/escalation";
import { copyRequestValues, defaultTimes, organizationFormSettings } from "@/lib/requests/form-values";
import { listTemplates, templateRequestValues } from "@/lib/requests/templates";
import { languageName } from "@/lib/volunteers/languages";
import { languageChoices } from "@/lib/volunteers/options";
import { DeleteTemplateButton } from "../template-forms";
import { RequestForm } from "./request-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.form");
  return { title: t("pageTitle") };
}

/**
 * `?copy=<id>`: the form starts from that request of the coordinator's organisation (a week later);
 * `?template=<id>`: from that template of the organisation (at the default time). Another
 * organisation's id is ignored: the form starts empty.
 */
export default async function NewRequestPage({ searchParams }: { searchParams: Promise<{ copy?: string | string[]; template?: string | string[] }> }) {
  const actor = await requireActor();
  const t = await getTranslations("requests.form");
  const tt = await getTranslations("requests.templates");
  const ts = await getTranslations("requests.series");
  const locale = toAdminLocale(await getLocale());
  const db = await getDb();
  const { copy, template } = await searchParams;
  const [activities, org, copied, fromTemplate, templates, escalationHours, qualifications] = await Promise.all([
    listActiveActivities(db, actor.organizationId),
    organizationFormSettings(db, actor.organizationId),
    typeof copy === "string" ? copyRequestValues(db, actor, copy) : null,
    typeof template === "string" && typeof copy !== "string" ? templateRequestValues(db, actor, template) : null,
    listTemplates(db, actor.organizationId),
    organizationEscalationHours(db, actor.organizationId),
    listQualificationTypes(db, actor.organizationId, { activeOnly: true }),
  ]);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests">{t("back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("pageTitle")}</h1>
      <p>{t("intro")}</p>
      <p>
        {ts("newHint")} <Link href="/admin/requests/series/new">{ts("new")}</Link>
      </p>
      {templates.length > 0 ? (
        <section aria-labelledby="templates-title" className="space-y-2" data-testid="templates">
          <h2 id="templates-title" className="text-xl font-bold">
            {tt("listTitle")}
          </h2>
          <p className="text-sm text-slate-700">{tt("listIntro")}</p>
          <ul className="space-y-2">
            {templates.map((x) => (
              <li key={x.id} className="flex flex-wrap items-center gap-3">
                <Link href={`/admin/requests/new?template=${x.id}`} className="inline-flex min-h-11 items-center font-semibold break-words" aria-current={fromTemplate && template === x.id ? "true" : undefined}>
                  {tt("use", { name: x.name })}
                </Link>
                <DeleteTemplateButton templateId={x.id} name={x.name} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {copied ? <p data-testid="copy-notice">{t("copyNotice")}</p> : null}
      {fromTemplate ? <p data-testid="template-notice">{tt("notice", { name: templates.find((x) => x.id === template)?.name ?? "" })}</p> : null}
      {/* a new key per source: following a template link from this page starts a fresh form (no state of the previous one kept) */}
      <RequestForm
        key={copied ? `copy-${copy}` : fromTemplate ? `template-${template}` : "new"}
        activities={activities.map((a) => ({ id: a.id, name: activityName(a, locale) }))}
        qualifications={qualifications.map((q) => ({ id: q.id, name: q.name }))}
        languages={languageChoices(locale)}
        localeNames={Object.fromEntries(volunteerLocales.map((l) => [l, languageName(l, locale)]))}
        timeZone={org.timeZone}
        defaults={defaultTimes(org.timeZone, org.durationMinutes)}
        durationMinutes={org.durationMinutes}
        initial={copied ?? fromTemplate ?? undefined}
        submissionKey={randomUUID()}
        escalationHours={escalationHours}
      />
    </div>
  );
}
