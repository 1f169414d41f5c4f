import { eq } from "drizzle-orm";
import { getLocale, getTranslations } from "next-intl/server";
import { CertificateForm } from "@/components/reports/certificate-form";
import { buttonClass, LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { PostButton } from "@/components/ui/page";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { defaultCertificatePeriod, formatHours } from "@/lib/attendance/certificate";
import { readCertificateFormState } from "@/lib/attendance/certificate-query";
import { listCommitments, type Commitment } from "@/lib/attendance/commitments";
import { getCalendarFeed } from "@/lib/volunteers/calendar-feed";
import { createCalendarFeedAction, revokeCalendarFeedAction, withdrawCommitmentAction } from "./actions";

/**
 * "My commitments" on /profile (issue 14): the signed-in volunteer's own upcoming and past
 * commitments with their state and hours, and the certificate of volunteering. The page passes
 * the session's own ids; nothing here takes an id from the request.
 */
export async function MyCommitments({ volunteerId, organizationId, searchParams }: { volunteerId: string; organizationId: string; searchParams: Record<string, string | string[] | undefined> }) {
  const db = await getDb();
  const t = await getTranslations("commitments");
  const locale = toLocale(await getLocale());
  const [mine, [org], feed] = await Promise.all([
    listCommitments(db, volunteerId),
    db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId)),
    getCalendarFeed(db, volunteerId),
  ]);
  const withdrawn = typeof searchParams.withdrawn === "string" && ["withdrawn", "past", "unchanged"].includes(searchParams.withdrawn) ? (searchParams.withdrawn as "withdrawn" | "past" | "unchanged") : null;
  const feedNotice = searchParams.feed === "created" || searchParams.feed === "revoked" ? searchParams.feed : null;
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
      {withdrawn ? (
        <Notice tone={withdrawn === "withdrawn" ? "success" : "info"}>
          <p data-testid="withdraw-outcome">{t(`withdrawOutcome.${withdrawn}`)}</p>
        </Notice>
      ) : null}
      <Card className="space-y-3">
        <h3 className="text-xl font-bold">{t("openNeedsTitle")}</h3>
        <p>{t("openNeedsLead")}</p>
        <LinkButton href="/profile/open-needs" variant="secondary">
          {t("openNeedsLink")}
        </LinkButton>
      </Card>
      <p className="text-lg font-semibold" data-testid="commitments-total">
        {t("total", { hours: formatHours(mine.confirmedMinutes, locale) })}
      </p>
      <Card className="space-y-3">
        <h3 className="text-xl font-bold">{t("upcoming")}</h3>
        {mine.upcoming.length === 0 ? <p>{t("noUpcoming")}</p> : <CommitmentList items={mine.upcoming} locale={locale} timeZone={timeZone} withdrawable />}
      </Card>
      <Card className="space-y-3">
        <h3 className="text-xl font-bold">{t("past")}</h3>
        {mine.past.length === 0 ? <p>{t("noPast")}</p> : <CommitmentList items={mine.past} locale={locale} timeZone={timeZone} />}
        {mine.pastTotal > mine.past.length ? <p className="text-sm">{t("pastMore", { shown: mine.past.length, total: mine.pastTotal })}</p> : null}
      </Card>
      <CalendarFeedCard feed={feed} notice={feedNotice} />
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

async function CommitmentList({ items, locale, timeZone, withdrawable = false }: { items: Commitment[]; locale: Locale; timeZone: string; withdrawable?: boolean }) {
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
          {withdrawable && c.canWithdraw ? (
            // the response page's withdraw path: the seat is freed and the coordinators are told
            <PostButton action={withdrawCommitmentAction} fields={{ invitationId: c.invitationId }} variant="secondary" formClassName="mt-1">
              {t("withdraw")}
              <span className="sr-only">: {c.title}</span>
            </PostButton>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The personal calendar feed (lib/volunteers/calendar-feed.ts): subscribe, download, renew, revoke. */
async function CalendarFeedCard({ feed, notice }: { feed: Awaited<ReturnType<typeof getCalendarFeed>>; notice: "created" | "revoked" | null }) {
  const t = await getTranslations("commitments.feed");
  return (
    <Card className="space-y-3">
      <h3 id="calendar-feed" className="text-xl font-bold">
        {t("title")}
      </h3>
      {notice ? <Notice tone="success">{t(notice)}</Notice> : null}
      <p>{t("lead")}</p>
      {feed ? (
        <>
          <p className="text-sm">{t("cancelledHint")}</p>
          <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
            <a href={feed.webcal} className={buttonClass("primary")} data-testid="feed-webcal">
              {t("subscribe")}
            </a>
            <a href={feed.https} download="helferruf.ics" className={buttonClass("secondary")} data-testid="feed-download">
              {t("download")}
            </a>
          </div>
          <label htmlFor="feed-url" className="block font-semibold">
            {t("urlLabel")}
          </label>
          <input id="feed-url" readOnly value={feed.https} dir="ltr" className="w-full min-w-0 rounded-lg border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm" data-testid="feed-url" />
          <p className="text-sm">{t("secretHint")}</p>
          <div className="flex flex-col gap-3 sm:flex-row">
            <PostButton action={createCalendarFeedAction} variant="secondary">
              {t("renew")}
            </PostButton>
            <PostButton action={revokeCalendarFeedAction} variant="danger">
              {t("revoke")}
            </PostButton>
          </div>
        </>
      ) : (
        <PostButton action={createCalendarFeedAction}>{t("create")}</PostButton>
      )}
    </Card>
  );
}
