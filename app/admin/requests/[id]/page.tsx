import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { Card, DetailList, Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { intlLocale, toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { requireActor } from "@/lib/auth/guard";
import { getCancellation } from "@/lib/requests/cancellation";
import { hasStarted } from "@/lib/requests/lifecycle";
import { formatWhen } from "@/lib/requests/messages";
import { getRequestBoard } from "@/lib/requests/queries";
import { seriesOfRequest } from "@/lib/series/queries";
import { getWavePlan } from "@/lib/requests/waves";
import { SaveTemplateForm } from "../template-forms";
import { LiveBoard } from "./live-board";
import { RequestActions } from "./request-actions";
import { RequestReport } from "./request-report";
import { WavePlanCard } from "./wave-plan";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One load per render, shared by the page and its <title> (the board's actor check included). */
const loadBoard = cache(async (id: string) => {
  const actor = await requireActor();
  const db = await getDb();
  return { actor, db, board: await getRequestBoard(db, actor, id), now: new Date() };
});

/** The tab shows which request this board is (several boards are often open side by side). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { board } = await loadBoard((await params).id);
  if (board) return { title: board.request.title };
  return { title: (await getTranslations("requests.list"))("pageTitle") };
}

/** The status board of one request: facts, live counts and names, and the coordinator's actions. */
export default async function RequestBoardPage({ params, searchParams }: Props) {
  const { actor, db, board, now } = await loadBoard((await params).id);
  if (!board) notFound();
  const sp = await searchParams;
  const sent = typeof sp.sent === "string" && /^\d{1,5}$/.test(sp.sent) ? Number(sp.sent) : null;
  const edited = typeof sp.edited === "string" && /^(\d{1,5}|none)$/.test(sp.edited) ? sp.edited : null;
  const t = await getTranslations("requests");
  const locale = toLocale(await getLocale());
  const r = board.request;
  const plan = await getWavePlan(db, actor.organizationId, r.id);
  const series = await seriesOfRequest(db, actor.organizationId, r.id);
  const cancellation = r.status === "cancelled" ? await getCancellation(db, actor, r.id) : null;
  const when = (d: Date) => new Intl.DateTimeFormat(intlLocale[locale], { timeZone: board.timeZone, dateStyle: "medium", timeStyle: "short" }).format(d);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests">{t("board.back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{r.title}</h1>
      {series ? (
        <p data-testid="board-series">
          {t("series.board.partOf", { n: series.index })} · <Link href={`/admin/requests/series/${series.seriesId}`}>{t("series.board.overview")}</Link>
        </p>
      ) : null}
      {/* the board's actions row: links that act on the whole request (reload; edit and copy belong here too) */}
      <div className="flex flex-wrap items-center gap-3" data-testid="board-actions-row">
        <LinkButton href={`/admin/requests/${r.id}`} variant="secondary" prefetch={false} data-testid="board-reload">
          {t("board.reload")}
        </LinkButton>
        {r.status !== "cancelled" && r.status !== "closed" && !hasStarted(r, now) ? (
          <Link href={`/admin/requests/${r.id}/edit`} className="inline-flex min-h-11 items-center font-semibold">
            {t("edit.edit")}
          </Link>
        ) : null}
        <Link href={`/admin/requests/new?copy=${r.id}`} className="inline-flex min-h-11 items-center font-semibold">
          {t("edit.copy")}
        </Link>
        <p className="text-sm text-slate-700">{t("board.live")}</p>
      </div>
      {sent !== null ? <Notice tone={sent > 0 ? "success" : "warning"}>{t("board.sent", { count: sent })}</Notice> : null}
      {edited !== null ? <Notice tone="success">{edited === "none" ? t("edit.unchanged") : t("edit.saved", { count: Number(edited) })}</Notice> : null}
      {cancellation ? (
        <div data-testid="cancellation">
          <Notice tone="warning">
            <p>{t("board.cancelled", { when: when(cancellation.at), who: cancellation.by ? (cancellation.by.name ?? cancellation.by.email) : t("board.cancelledBySomeone") })}</p>
            {/* typed by the coordinator: its own direction */}
            <p dir="auto" className="break-words">
              {cancellation.reason ? t("board.cancelledReason", { reason: cancellation.reason }) : t("board.cancelledNoReason")}
            </p>
          </Notice>
        </div>
      ) : null}
      <Card>
        <DetailList
          items={[
            { label: t("board.what"), value: activityName(r, locale) },
            { label: t("board.when"), value: formatWhen(locale, board.timeZone, r.startsAt, r.endsAt) },
            { label: t("board.where"), value: r.place || null },
            { label: t("board.code"), value: r.shortCode },
          ]}
        />
        {r.details ? <p className="mt-3 whitespace-pre-line">{r.details}</p> : null}
      </Card>
      {/* statusBlock: what happened to the request as a whole (e.g. a cancellation: reason, who, when), shown under the progress */}
      <LiveBoard initial={board} statusBlock={null} />
      {plan?.enabled ? <WavePlanCard plan={plan} requestId={r.id} open={r.status === "open"} locale={locale} timeZone={board.timeZone} /> : null}
      <RequestActions requestId={r.id} status={r.status} helpersNeeded={r.helpersNeeded} />
      <SaveTemplateForm requestId={r.id} suggestedName={r.title.slice(0, 80)} />
      <RequestReport requestId={r.id} />
    </div>
  );
}
