import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { requireActor } from "@/lib/auth/guard";
import { editFormValues, organizationFormSettings } from "@/lib/requests/form-values";
import { hasStarted } from "@/lib/requests/lifecycle";
import { loadRequest } from "@/lib/requests/load";
import { isUuid } from "@/lib/requests/schema";
import { seriesOfRequest } from "@/lib/series/queries";
import { EditRequestForm } from "./edit-form";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("requests.edit");
  return { title: t("pageTitle") };
}

async function load(organizationId: string, id: string) {
  const db = await getDb();
  const request = isUuid(id) ? await loadRequest(db, id, { organizationId }) : null;
  return { db, request, now: new Date() };
}

/** Edit a sent request of the coordinator's organisation (another organisation's: not found). */
export default async function EditRequestPage({ params }: Props) {
  const actor = await requireActor();
  const { id } = await params;
  const { db, request, now } = await load(actor.organizationId, id);
  if (!request) notFound();
  const t = await getTranslations("requests.edit");
  const org = await organizationFormSettings(db, actor.organizationId);
  const series = await seriesOfRequest(db, actor.organizationId, request.id);
  const editable = request.status !== "cancelled" && request.status !== "closed" && !hasStarted(request, now);
  return (
    <div className="space-y-4">
      <p>
        <Link href={`/admin/requests/${request.id}`}>{t("back")}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("pageTitle")}</h1>
      {editable ? (
        <>
          <p>{t("intro")}</p>
          <EditRequestForm
            requestId={request.id}
            values={editFormValues(request, org.timeZone) as Record<string, string>}
            timeZone={org.timeZone}
            durationMinutes={org.durationMinutes}
            series={series ? { following: series.following } : undefined}
          />
        </>
      ) : (
        <Notice tone="info">{t("notEditable")}</Notice>
      )}
    </div>
  );
}
