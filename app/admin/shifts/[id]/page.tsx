import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { Card, DetailList, Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { toAdminLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { requireActor } from "@/lib/auth/guard";
import { formatPlanDay, formatSlotTime } from "@/lib/shifts/messages";
import { getShiftPlanOverview } from "@/lib/shifts/queries";
import { cancelShiftPlanAction } from "../actions";
import { CancelPlanForm } from "./cancel-plan-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("shifts.admin"))("list.plan") };
}

/** One plan: its slots × how full each is, links to each slot's board, copy, cancel the whole plan. */
export default async function ShiftPlanPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ sent?: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const { sent } = await searchParams;
  const t = await getTranslations("shifts.admin");
  const locale = toAdminLocale(await getLocale());
  const view = await getShiftPlanOverview(await getDb(), actor, id);
  if (!view) notFound();
  const p = view.plan;
  const canCancel = p.status === "open" && view.slots.some((x) => x.state !== "cancelled" && x.state !== "past");
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/shifts">{t("overview.back")}</Link>
      </p>
      <h1 className="text-2xl font-bold break-words">{p.title}</h1>
      {sent !== undefined && /^\d+$/.test(sent) ? (
        <div data-testid="plan-sent">
          <Notice tone="success">{t("overview.sent", { count: Number(sent) })}</Notice>
        </div>
      ) : null}
      {p.status === "cancelled" ? <Notice tone="warning">{t("overview.cancelled")}</Notice> : null}
      <Card>
        <DetailList
          items={[
            { label: t("form.day"), value: formatPlanDay(locale, p.day) },
            { label: t("form.place"), value: p.place || null, valueClassName: "break-words" },
            { label: t("list.status"), value: `${t(`status.${p.status}`)} · ${t("overview.invited", { count: view.invited })}` },
          ]}
        />
        {p.details ? <p className="mt-4 whitespace-pre-line break-words">{p.details}</p> : null}
      </Card>
      <section aria-labelledby="slots-title" className="space-y-2">
        <h2 id="slots-title" className="text-xl font-bold">
          {t("overview.slotsTitle")}
        </h2>
        <table className="w-full border-collapse" data-testid="plan-slots">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2 text-start">{t("overview.time")}</th>
              <th scope="col" className="p-2 text-start">{t("overview.activity")}</th>
              <th scope="col" className="p-2 text-start">{t("overview.filled")}</th>
              <th scope="col" className="p-2 text-start">{t("overview.asked")}</th>
              <th scope="col" className="p-2 text-start">{t("overview.state")}</th>
              <th scope="col" className="p-2 text-start">
                <span className="sr-only">{t("overview.board")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.slots.map((x) => {
              const time = formatSlotTime(locale, p.timeZone, x.startsAt, x.endsAt);
              return (
                <tr key={x.id} className="border-b border-slate-200" data-testid="plan-slot">
                  <td className="p-2 whitespace-nowrap">{time}</td>
                  <td className="p-2">{activityName(x, locale)}</td>
                  <td className="p-2" data-testid="slot-filled">
                    {t("overview.filledValue", { accepted: x.acceptedCount, needed: x.helpersNeeded })}
                  </td>
                  <td className="p-2">{x.asked}</td>
                  <td className="p-2">{t(`states.${x.state}`)}</td>
                  <td className="p-2">
                    <Link href={`/admin/requests/${x.id}`} className="inline-flex min-h-11 items-center font-semibold" aria-label={t("overview.boardLabel", { time })}>
                      {t("overview.board")}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <p>
        <LinkButton href={`/admin/shifts/new?copy=${p.id}`} variant="secondary">
          {t("overview.copy")}
        </LinkButton>
      </p>
      {canCancel ? (
        <section aria-labelledby="cancel-title" className="space-y-2">
          <h2 id="cancel-title" className="text-xl font-bold">
            {t("overview.cancelTitle")}
          </h2>
          <CancelPlanForm planId={p.id} action={cancelShiftPlanAction} />
        </section>
      ) : null}
    </div>
  );
}
