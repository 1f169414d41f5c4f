import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { CreateOrganizationForm } from "@/components/platform/organization-forms";
import { Card } from "@/components/ui/card";
import { requirePlatformAdmin } from "@/lib/platform/guard";
import { listOrganizationsOverview } from "@/lib/platform/organizations";
import { createOrganizationAction } from "./actions";
import { OrganizationStatus } from "./status";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.platform"))("title") };
}

export default async function PlatformPage() {
  const actor = await requirePlatformAdmin();
  const t = await getTranslations("admin.platform");
  const organizations = await listOrganizationsOverview(actor);
  const format = await getFormatter();
  return (
    <AdminPage title={t("title")}>
      <p>{t("lead")}</p>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("listTitle")}</h2>
        {organizations.length === 0 ? <p>{t("empty")}</p> : null}
        <ul className="divide-y divide-slate-200" aria-label={t("tableCaption")}>
          {organizations.map((o) => (
            <li key={o.id} className="space-y-1 py-3" data-testid="platform-organization">
              <p className="text-lg font-semibold [overflow-wrap:anywhere]">
                <Link href={`/platform/organizations/${o.id}`} className="inline-flex min-h-11 items-center">
                  {o.name}
                </Link>{" "}
                <span className="text-sm font-normal text-slate-700">/{o.slug}</span>
              </p>
              <p>
                <OrganizationStatus suspendedAt={o.suspendedAt} />
              </p>
              <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="font-semibold">{t("colVolunteers")}</dt>
                <dd>{t("volunteerCounts", { active: format.number(o.volunteers.active), paused: format.number(o.volunteers.paused), pending: format.number(o.volunteers.pending) })}</dd>
                <dt className="font-semibold">{t("colRequests")}</dt>
                <dd>{t("requestCounts", { open: format.number(o.requestsOpen), year: format.number(o.requestsThisYear) })}</dd>
                <dt className="font-semibold">{t("colMembers")}</dt>
                <dd>{t("memberCounts", { members: o.members, admins: o.admins })}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("createTitle")}</h2>
        <CreateOrganizationForm action={createOrganizationAction} />
      </Card>
    </AdminPage>
  );
}
