import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { isLocale } from "@/i18n/config";
import { requireActor } from "@/lib/auth/guard";
import { loadMessageOrg } from "@/lib/requests/internal";
import { formatWhen } from "@/lib/requests/messages";
import { getRequestBoard } from "@/lib/requests/queries";
import { getWavePlan } from "@/lib/requests/waves";
import { LiveBoard } from "./live-board";
import { RequestActions } from "./request-actions";
import { RequestReport } from "./request-report";
import { WavePlanCard } from "./wave-plan";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.list");
  return { title: t("pageTitle") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The status board of one request: facts, live counts and names, and the coordinator's actions. */
export default async function RequestBoardPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { id } = await params;
  const db = await getDb();
  const board = await getRequestBoard(db, actor, id);
  if (!board) notFound();
  const sp = await searchParams;
  const sent = typeof sp.sent === "string" && /^\d{1,5}$/.test(sp.sent) ? Number(sp.sent) : null;
  const t = await getTranslations("requests");
  const raw = await getLocale();
  const locale = isLocale(raw) ? raw : "de";
  const org = await loadMessageOrg(db, actor.organizationId);
  const r = board.request;
  const plan = await getWavePlan(db, actor.organizationId, r.id);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/requests">{t("board.back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{r.title}</h1>
      {sent !== null ? <Notice tone={sent > 0 ? "success" : "warning"}>{t("board.sent", { count: sent })}</Notice> : null}
      <Card>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="font-semibold">{t("board.what")}</dt>
          <dd>{locale === "de" ? r.activityNameDe : r.activityNameEn}</dd>
          <dt className="font-semibold">{t("board.when")}</dt>
          <dd>{formatWhen(locale, org.timeZone, r.startsAt, r.endsAt)}</dd>
          {r.place ? (
            <>
              <dt className="font-semibold">{t("board.where")}</dt>
              <dd>{r.place}</dd>
            </>
          ) : null}
          <dt className="font-semibold">{t("board.code")}</dt>
          <dd>{r.shortCode}</dd>
        </dl>
        {r.details ? <p className="mt-3 whitespace-pre-line">{r.details}</p> : null}
      </Card>
      <p className="text-sm text-slate-700">{t("board.live")}</p>
      <LiveBoard initial={board} />
      {plan?.enabled ? <WavePlanCard plan={plan} requestId={r.id} open={r.status === "open"} locale={locale} timeZone={org.timeZone} /> : null}
      <RequestActions requestId={r.id} status={r.status} helpersNeeded={r.helpersNeeded} />
      <RequestReport requestId={r.id} />
    </div>
  );
}
