import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db";
import { toAdminLocale } from "@/i18n/config";
import { activityName } from "@/lib/activities/names";
import { listActiveActivities } from "@/lib/activities/queries";
import { requireActor } from "@/lib/auth/guard";
import { DEFAULT_SLOT_ROWS } from "@/lib/shifts/limits";
import { copyShiftPlanValues } from "@/lib/shifts/queries";
import { createShiftPlanAction } from "../actions";
import { ShiftPlanForm } from "./shift-plan-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("shifts.admin"))("form.pageTitle") };
}

/** `?copy=<id>`: the form starts from that plan of the organisation, a week later (another organisation's id: empty form). */
export default async function NewShiftPlanPage({ searchParams }: { searchParams: Promise<{ copy?: string | string[] }> }) {
  const actor = await requireActor();
  const t = await getTranslations("shifts.admin");
  const locale = toAdminLocale(await getLocale());
  const db = await getDb();
  const { copy } = await searchParams;
  const [activities, copied] = await Promise.all([listActiveActivities(db, actor.organizationId), typeof copy === "string" ? copyShiftPlanValues(db, actor, copy) : null]);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/shifts">{t("form.back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("form.pageTitle")}</h1>
      <p>{t("form.intro")}</p>
      {copied ? <p data-testid="copy-notice">{t("form.copyNotice")}</p> : null}
      <ShiftPlanForm
        key={copied ? `copy-${copy}` : "new"}
        action={createShiftPlanAction}
        activities={activities.map((a) => ({ id: a.id, name: activityName(a, locale) }))}
        initial={copied ?? { slots: Array.from({ length: DEFAULT_SLOT_ROWS }, () => ({})) }}
        submissionKey={randomUUID()}
      />
    </div>
  );
}
