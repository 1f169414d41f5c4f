import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { PostButton } from "@/components/ui/page";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { isolateIn } from "@/i18n/bidi";
import { toLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { busyPage } from "@/lib/http/busy";
import { listOpenNeeds } from "@/lib/requests/open-needs";
import { formatWhen } from "@/lib/requests/messages";
import { getVolunteerSession } from "@/lib/volunteers/session";
import { acceptOpenNeedAction } from "../actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("commitments.openNeeds");
  return { title: t("title") };
}

const OUTCOMES = ["accepted", "already_accepted", "full", "request_cancelled", "request_closed", "request_past", "not_matching", "not_found", "limit"] as const;
type Outcome = (typeof OUTCOMES)[number];
const toneOf = (o: Outcome) => (o === "accepted" || o === "already_accepted" ? "success" : o === "limit" || o === "not_found" ? "error" : "info");

/**
 * Open needs (issue 15): the open requests the signed-in volunteer matches (the rule of
 * lib/requests/matching.ts), each with one "Ich helfe" button — a plain POST form, no JavaScript.
 */
export default busyPage(async function OpenNeedsPage({ searchParams }: { searchParams: Promise<{ outcome?: string }> }) {
  const session = await getVolunteerSession();
  if (!session) redirect("/manage");
  const { outcome: raw } = await searchParams;
  const outcome = OUTCOMES.find((o) => o === raw) ?? null;
  const locale = toLocale(await getLocale());
  const t = await getTranslations("commitments.openNeeds");
  const db = await getDb();
  const [needs, [org]] = await Promise.all([listOpenNeeds(db, session.volunteerId), db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, session.organizationId))]);
  const timeZone = org?.timeZone ?? "Europe/Berlin";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold sm:text-3xl">{t("title")}</h1>
      <p>{t("lead")}</p>
      {outcome ? (
        <div id="outcome" tabIndex={-1}>
          <Notice tone={toneOf(outcome)}>
            <p data-testid="open-need-outcome" data-outcome={outcome}>
              {t(`outcome.${outcome}`)}
            </p>
            {outcome === "accepted" ? <p className="mt-1">{t("acceptedNext")}</p> : null}
          </Notice>
        </div>
      ) : null}
      {needs.length === 0 ? (
        <Card>
          <p data-testid="open-needs-none">{t("none")}</p>
        </Card>
      ) : (
        <ul className="space-y-4" data-testid="open-needs">
          {needs.map((n) => (
            <li key={n.requestId}>
              <Card className="space-y-2">
                <h2 className="text-xl font-bold [overflow-wrap:anywhere]">{isolateIn(locale, n.title)}</h2>
                <p className="font-semibold">
                  <time dateTime={n.startsAt.toISOString()}>{formatWhen(locale, timeZone, n.startsAt, n.endsAt)}</time>
                </p>
                <p className="text-sm text-slate-800">
                  {activityName(n, locale)}
                  {n.place ? <> · {isolateIn(locale, n.place)}</> : null}
                </p>
                {n.details ? <p className="whitespace-pre-line [overflow-wrap:anywhere]">{isolateIn(locale, n.details)}</p> : null}
                <p className="text-sm">{t("stillNeeded", { count: n.stillNeeded, total: n.helpersNeeded })}</p>
                <PostButton action={acceptOpenNeedAction} fields={{ requestId: n.requestId }} className="w-full text-lg sm:w-auto">
                  {t("accept")}
                  <span className="sr-only">: {n.title}</span>
                </PostButton>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <LinkButton href="/profile" variant="ghost">
        {t("back")}
      </LinkButton>
    </div>
  );
});
