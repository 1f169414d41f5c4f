import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { BrandScope } from "@/components/brand-scope";
import { Button } from "@/components/ui/button";
import { Card, DetailList, Notice } from "@/components/ui/card";
import { isolateIn } from "@/i18n/bidi";
import { toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { BUSY_PATH, isDatabaseBusy } from "@/lib/http/busy";
import { formatWhen } from "@/lib/requests/messages";
import { invitationViewOf, type InvitationView } from "@/lib/requests/respond";
import { getSeriesStateForInvitation } from "@/lib/series/commitments";
import { hashToken } from "@/lib/tokens";
import { getDb } from "@/db";
import { formatPhone } from "@/lib/volunteers/phone";
import { responseRow } from "./view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One read per render, shared by the locale resolution, the title and the page (./view.ts). */
const loadView = cache(async (token: string) => {
  try {
    const row = await responseRow(token);
    const view = row ? invitationViewOf(row) : null;
    if (!view) return null;
    // an occurrence of a series also shows the helper's standing commitment (a second read only then)
    return { ...view, series: row!.request.seriesId ? await getSeriesStateForInvitation(await getDb(), hashToken(token)) : null };
  } catch (err) {
    // pool exhausted in a burst of taps: the calm "please try again" page (503), never a 500
    if (isDatabaseBusy(err)) redirect(BUSY_PATH);
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // an unknown or expired link gets the not-found page's own title
  if (!(await loadView((await params).token))) notFound();
  const t = await getTranslations("respond");
  // The token is the only credential: keep the page out of indexes and caches.
  return { title: t("metaTitle"), robots: { index: false, follow: false } };
}

/**
 * The helper's one-tap response page. Showing it changes nothing (mail scanners open every
 * link); ?answer= only pre-selects which button is offered first. The buttons POST.
 */
export default async function ResponsePage({ params, searchParams }: Props) {
  const { token } = await params;
  const view = await loadView(token);
  if (!view) notFound();
  const sp = await searchParams;
  const preselect = sp.answer === "decline" ? "decline" : sp.answer === "accept" ? "accept" : null;
  // The helper's own language, unless this browser chose one with the language switch
  // (i18n/resolve.ts: the whole page, <html lang dir> included, follows the same rule).
  const locale = toLocale(await getLocale());
  const t = await getTranslations({ locale, namespace: "respond" });
  const tTimed = await getTranslations({ locale, namespace: "timed" });
  const r = view.request;
  const accepted = view.status === "accepted";
  const canAnswer = view.state === "open" && !accepted;
  const canWithdraw = accepted && (view.state === "open" || view.state === "filled" || view.state === "closed");
  const offerEveryTime = !!view.series && !view.series.ended && !view.series.committed;
  // every button posts its answer to the route handler next to the page (./answer/route.ts)
  const answerPath = `/r/${token}/answer`;

  return (
    <div className="mx-auto max-w-xl">
    <BrandScope brand={view.brand}>
    <div className="space-y-4">
      <p className="text-slate-700">{t("greeting", { name: isolateIn(locale, view.firstName), org: isolateIn(locale, r.organizationName) })}</p>
      {/* typed by the coordinator: its own direction, whatever the page language */}
      <h1 dir="auto" className="text-2xl font-bold leading-tight">
        {r.title}
      </h1>
      <StateNotice view={view} t={t} expiredText={tTimed("expired")} />
      <Card>
        <DetailList
          className="gap-x-4 gap-y-2"
          items={[
            { label: t("what"), value: activityName(r, locale) },
            { label: t("when"), value: formatWhen(locale, r.timeZone, r.startsAt, r.endsAt) },
            // typed by the coordinator: its own direction, whatever the page language
            { label: t("where"), value: r.place || null, valueClassName: "break-words", dir: "auto" },
            // only while the search is open: a filled, cancelled or finished request is never "still needed 0 of 2"
            ...(view.state === "open" && r.stillNeeded > 0 ? [{ label: t("stillNeeded"), value: t("stillNeededValue", { still: r.stillNeeded, needed: r.helpersNeeded }), testId: "still-needed" }] : []),
            { label: t("yourAnswer"), value: t(`answer.${view.neededAgain ? "pending" : view.status}`), testId: "your-answer" },
          ]}
        />
        {r.details ? (
          <p dir="auto" className="mt-4 whitespace-pre-line break-words">
            {r.details}
          </p>
        ) : null}
      </Card>

      {view.briefing && (view.briefing.meetingPoint || view.briefing.contactName || view.briefing.contactPhone || view.briefing.whatToBring) ? (
        <section aria-labelledby="briefing-title" data-testid="briefing">
          <Card>
            <h2 id="briefing-title" className="mb-2 text-lg font-semibold">
              {t("briefing.title")}
            </h2>
            <DetailList
              className="gap-x-4 gap-y-2"
              items={[
                // typed by the coordinator: its own direction, whatever the page language
                { label: t("briefing.meetingPoint"), value: view.briefing.meetingPoint || null, valueClassName: "break-words", dir: "auto" },
                {
                  label: t("briefing.contact"),
                  value:
                    view.briefing.contactName || view.briefing.contactPhone ? (
                      <span dir="auto">
                        {view.briefing.contactName}
                        {view.briefing.contactName && view.briefing.contactPhone ? ", " : null}
                        {view.briefing.contactPhone ? (
                          <a href={`tel:${view.briefing.contactPhone}`} dir="ltr" className="font-semibold">
                            {formatPhone(view.briefing.contactPhone)}
                          </a>
                        ) : null}
                      </span>
                    ) : null,
                },
                { label: t("briefing.whatToBring"), value: view.briefing.whatToBring || null, valueClassName: "break-words", dir: "auto" },
              ]}
            />
          </Card>
        </section>
      ) : null}

      {view.reconfirmPending && canWithdraw ? (
        <form action={answerPath} method="post" className="space-y-3" data-testid="reconfirm">
          <Notice tone="warning">
            <p className="font-semibold">{t("reconfirm.title")}</p>
            <p>{t("reconfirm.body")}</p>
          </Notice>
          <div className="flex flex-col gap-3 sm:flex-row">
            <Button type="submit" name="answer" value="keep" className="w-full text-lg sm:w-auto">
              {t("reconfirm.keep")}
            </Button>
            <Button type="submit" name="answer" value="withdraw" variant="secondary" className="w-full text-lg sm:w-auto">
              {t("withdraw")}
            </Button>
          </div>
        </form>
      ) : null}

      {canAnswer ? (
        <form action={answerPath} method="post" className="space-y-3">
          <h2 className="text-lg font-semibold">{preselect === "decline" ? t("confirmDecline") : preselect === "accept" ? t("confirmAccept") : t("question")}</h2>
          {/* The pre-selected answer comes first in the DOM and on screen: a keyboard user or a
              scanner pressing the first button of a decline link must not accept. */}
          <div className="flex flex-col gap-3 sm:flex-row">
            {answerOrder(preselect).map((answer) =>
              answer === "decline" && view.status === "declined" ? null : (
                <Button
                  key={answer}
                  type="submit"
                  name="answer"
                  value={answer}
                  variant={answer === (preselect ?? "accept") ? "primary" : "secondary"}
                  className="w-full text-lg sm:w-auto"
                >
                  {t(answer)}
                </Button>
              ),
            )}
          </div>
          {offerEveryTime ? (
            <div className="space-y-2" data-testid="every-time">
              <p>{t("series.everyTimeHint")}</p>
              <Button type="submit" name="answer" value="every_time" variant="secondary" className="w-full text-lg sm:w-auto">
                {t("series.everyTime")}
              </Button>
            </div>
          ) : null}
        </form>
      ) : null}

      {view.series ? (
        <section className="space-y-2" data-testid="series-commitment">
          <p>{view.series.ended ? t("series.seriesEnded") : t("series.note")}</p>
          {view.series.committed ? (
            <form action={answerPath} method="post" className="space-y-2">
              <Notice tone="success">{t("series.committed")}</Notice>
              <p>{t("series.skipHint")}</p>
              <p>{t("series.endHint")}</p>
              <Button type="submit" name="answer" value="end_commitment" variant="secondary" className="w-full sm:w-auto">
                {t("series.endCommitment")}
              </Button>
            </form>
          ) : accepted && !view.series.ended && (view.state === "open" || view.state === "filled") ? (
            <form action={answerPath} method="post" className="space-y-2">
              <p>{t("series.everyTimeHint")}</p>
              <Button type="submit" name="answer" value="every_time" variant="secondary" className="w-full sm:w-auto">
                {t("series.commitNow")}
              </Button>
            </form>
          ) : null}
        </section>
      ) : null}

      {accepted && view.state !== "cancelled" ? (
        <p>
          <a href={`/r/${token}/calendar.ics`} download="helferruf.ics" className="inline-flex min-h-11 items-center font-semibold">
            {t("calendar")}
          </a>
        </p>
      ) : null}

      {canWithdraw && !view.reconfirmPending ? (
        <form action={answerPath} method="post" className="space-y-2">
          <p>{t("withdrawHint")}</p>
          <Button type="submit" name="answer" value="withdraw" variant="secondary" className="w-full sm:w-auto">
            {t("withdraw")}
          </Button>
        </form>
      ) : null}
    </div>
    </BrandScope>
    </div>
  );
}

/** The buttons' order: the pre-selected answer first, else "accept" first. */
function answerOrder(preselect: "accept" | "decline" | null): ("accept" | "decline")[] {
  return preselect === "decline" ? ["decline", "accept"] : ["accept", "decline"];
}

function StateNotice({ view, t, expiredText }: { view: InvitationView; t: Awaited<ReturnType<typeof getTranslations<"respond">>>; expiredText: string }) {
  if (view.status === "expired") return <Notice tone="info">{expiredText}</Notice>;
  if (view.state === "cancelled")
    return (
      <div data-testid="state-cancelled">
        <Notice tone="warning">
          <p>{t("state.cancelled")}</p>
          {view.request.cancelReason ? (
            <p className="mt-2">
              <span className="font-semibold">{t("cancelReason")}: </span>
              {/* typed by the coordinator: its own direction */}
              <span dir="auto" className="break-words">
                {view.request.cancelReason}
              </span>
            </p>
          ) : null}
        </Notice>
      </div>
    );
  if (view.state === "closed") return <Notice tone="info">{view.status === "accepted" ? t("state.closedAccepted") : t("state.closed")}</Notice>;
  if (view.state === "past") return <Notice tone="info">{t("state.past")}</Notice>;
  if (view.status === "accepted" && view.reconfirmPending) return null;
  if (view.status === "accepted" && view.reconfirmed) return <Notice tone="success">{t("reconfirm.kept")}</Notice>;
  if (view.status === "accepted") return <Notice tone="success">{t("state.accepted")}</Notice>;
  if (view.state === "filled") return <Notice tone="info">{t("state.filled")}</Notice>;
  if (view.neededAgain)
    return (
      <div data-testid="state-needed-again">
        <Notice tone="success">{t("state.neededAgain")}</Notice>
      </div>
    );
  if (view.status === "declined") return <Notice tone="info">{t("state.declined")}</Notice>;
  if (view.status === "withdrawn") return <Notice tone="info">{t("state.withdrawn")}</Notice>;
  return null;
}
