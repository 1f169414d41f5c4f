import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { Button } from "@/components/ui/button";
import { Card, DetailList, Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { isolateIn } from "@/i18n/bidi";
import { toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { BUSY_PATH, isDatabaseBusy } from "@/lib/http/busy";
import { formatPlanDay, formatSlotTime } from "@/lib/shifts/messages";
import { getShiftPageView, type SlotView } from "@/lib/shifts/picks";
import { hashToken, isWellFormedToken } from "@/lib/tokens";
import { pickSlotAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const OUTCOMES = ["accepted", "already_accepted", "full", "overlap", "withdrawn", "not_accepted", "request_cancelled", "request_closed", "request_past"] as const;
type Outcome = (typeof OUTCOMES)[number];
const SUCCESS: readonly Outcome[] = ["accepted", "already_accepted", "withdrawn"];

const loadView = cache(async (token: string) => {
  if (!isWellFormedToken(token)) return null;
  try {
    return await getShiftPageView(await getDb(), hashToken(token));
  } catch (err) {
    if (isDatabaseBusy(err)) redirect(BUSY_PATH);
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await loadView((await params).token))) notFound();
  const t = await getTranslations("shifts.page");
  // the token is the only credential: keep the page out of indexes and caches
  return { title: t("metaTitle"), robots: { index: false, follow: false } };
}

/**
 * The one page of a shift-plan message: the slots this helper matches, each with what / when /
 * how many still needed and one POST button to take it (or give it back). Showing it changes
 * nothing; ?done= only names the outcome of the tap that led here.
 */
export default async function ShiftPage({ params, searchParams }: Props) {
  const { token } = await params;
  const view = await loadView(token);
  if (!view) notFound();
  const done = (await searchParams).done;
  const outcome = typeof done === "string" && (OUTCOMES as readonly string[]).includes(done) ? (done as Outcome) : null;
  const locale = toLocale(await getLocale());
  const t = await getTranslations({ locale, namespace: "shifts.page" });
  const p = view.plan;
  const mine = view.slots.filter((x) => x.status === "accepted" && x.state !== "cancelled").length;

  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="text-slate-700">{t("greeting", { name: isolateIn(locale, view.firstName), org: isolateIn(locale, p.organizationName) })}</p>
      <h1 dir="auto" className="text-2xl font-bold leading-tight">
        {p.title}
      </h1>
      {outcome ? (
        <div role="status" data-testid="pick-outcome" data-outcome={outcome}>
          <Notice tone={SUCCESS.includes(outcome) ? "success" : "warning"}>{t(`outcome.${outcome}`)}</Notice>
        </div>
      ) : null}
      {p.status === "cancelled" ? (
        <div data-testid="plan-cancelled">
          <Notice tone="warning">
            <p>{t("cancelled")}</p>
            {p.cancelReason ? (
              <p className="mt-2 break-words" dir="auto">
                {t("cancelReason", { reason: p.cancelReason })}
              </p>
            ) : null}
          </Notice>
        </div>
      ) : view.over ? (
        <Notice tone="info">{t("over")}</Notice>
      ) : (
        <p>{t("lead")}</p>
      )}
      <Card>
        <DetailList
          className="gap-x-4 gap-y-2"
          items={[
            { label: t("day"), value: formatPlanDay(locale, p.day) },
            { label: t("where"), value: p.place || null, valueClassName: "break-words", dir: "auto" },
          ]}
        />
        {p.details ? (
          <p dir="auto" className="mt-4 whitespace-pre-line break-words">
            {p.details}
          </p>
        ) : null}
      </Card>

      <section aria-labelledby="slots-title" id="slots" className="space-y-3">
        <h2 id="slots-title" className="text-xl font-bold">
          {t("slotsTitle")}
        </h2>
        <p data-testid="my-count">{t("yours", { count: mine })}</p>
        <ul className="space-y-3">
          {view.slots.map((slot) => (
            <SlotItem key={slot.requestId} slot={slot} token={token} time={formatSlotTime(locale, p.timeZone, slot.startsAt, slot.endsAt)} activity={activityName(slot, locale)} t={t} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function SlotItem({ slot, token, time, activity, t }: { slot: SlotView; token: string; time: string; activity: string; t: Awaited<ReturnType<typeof getTranslations<"shifts.page">>> }) {
  const state = stateOf(slot);
  return (
    <li data-testid="slot" data-state={state ?? "open"} className="rounded-lg border border-slate-300 bg-white p-4">
      <p className="text-lg font-semibold" dir="ltr">
        {time}
      </p>
      <p>{activity}</p>
      {slot.state === "open" && slot.stillNeeded > 0 && slot.status !== "accepted" ? <p className="text-slate-700">{t("stillNeeded", { still: slot.stillNeeded, needed: slot.helpersNeeded })}</p> : null}
      {state ? <p className={state === "accepted" ? "font-semibold text-green-800" : "font-semibold text-slate-800"}>{t(`state.${state}`)}</p> : null}
      {slot.canAccept || slot.canWithdraw ? (
        <form action={pickSlotAction} className="mt-3">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="requestId" value={slot.requestId} />
          {slot.canAccept ? (
            <Button type="submit" name="answer" value="accept" className="w-full text-lg sm:w-auto">
              {t("accept")}
              <span className="sr-only"> {time}</span>
            </Button>
          ) : (
            <Button type="submit" name="answer" value="withdraw" variant="secondary" className="w-full sm:w-auto">
              {t("withdraw")}
              <span className="sr-only"> {time}</span>
            </Button>
          )}
        </form>
      ) : null}
    </li>
  );
}

/** What a slot says about itself (null: open for this helper). */
function stateOf(slot: SlotView): "accepted" | "full" | "cancelled" | "past" | "closed" | "overlap" | "withdrawn" | null {
  if (slot.state === "cancelled") return "cancelled";
  if (slot.state === "past") return "past";
  if (slot.status === "accepted") return "accepted";
  if (slot.state === "closed") return "closed";
  if (slot.state === "filled") return "full";
  if (slot.overlapsMine) return "overlap";
  if (slot.status === "withdrawn") return "withdrawn";
  return null;
}
