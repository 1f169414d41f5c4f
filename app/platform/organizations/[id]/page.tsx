import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { InviteAdminForm, ReactivateForm, RenameOrganizationForm, SuspendForm } from "@/components/platform/organization-forms";
import { Card, Notice } from "@/components/ui/card";
import { requirePlatformAdmin } from "@/lib/platform/guard";
import { getOrganizationOverview } from "@/lib/platform/organizations";
import { inviteOrganizationAdminAction, reactivateOrganizationAction, renameOrganizationAction, suspendOrganizationAction } from "../../actions";
import { OrganizationStatus } from "../../status";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.platform"))("title") };
}

export default async function PlatformOrganizationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePlatformAdmin();
  const t = await getTranslations("admin.platform");
  const { id } = await params;
  const org = await getOrganizationOverview(actor, id);
  if (!org) notFound();
  const created = (await searchParams).created === "1";
  return (
    <AdminPage title={org.name}>
      <p>
        <Link href="/platform" className="inline-flex min-h-11 items-center">{t("back")}</Link>
      </p>
      {created ? <Notice tone="success">{t("created")}</Notice> : null}
      <p className="space-x-2">
        <OrganizationStatus suspendedAt={org.suspendedAt} /> <span className="text-slate-700">/{org.slug}</span>
      </p>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("figuresTitle")}</h2>
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]" data-testid="platform-figures">
          <dt className="font-semibold">{t("colVolunteers")}</dt>
          <dd>{t("volunteerCounts", { active: org.volunteers.active, paused: org.volunteers.paused, pending: org.volunteers.pending })}</dd>
          <dt className="font-semibold">{t("colRequests")}</dt>
          <dd>{t("requestCounts", { open: org.requestsOpen, year: org.requestsThisYear })}</dd>
          <dt className="font-semibold">{t("colMembers")}</dt>
          <dd>{t("memberCounts", { members: org.members, admins: org.admins })}</dd>
        </dl>
      </Card>
      {org.suspendedAt ? null : (
        <Card>
          <h2 className="mb-2 text-xl font-bold">{t("inviteTitle")}</h2>
          <p className="mb-3">{t("inviteLead")}</p>
          <InviteAdminForm action={inviteOrganizationAdminAction} organizationId={org.id} />
        </Card>
      )}
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("renameTitle")}</h2>
        <RenameOrganizationForm action={renameOrganizationAction} organizationId={org.id} name={org.name} />
      </Card>
      <Card>
        <h2 className="mb-2 text-xl font-bold">{t("suspensionTitle")}</h2>
        {org.suspendedAt ? (
          <>
            <p className="mb-3">{t("reactivateLead")}</p>
            <ReactivateForm action={reactivateOrganizationAction} organizationId={org.id} />
          </>
        ) : (
          <>
            <p className="mb-3">{t("suspendLead")}</p>
            <SuspendForm action={suspendOrganizationAction} organizationId={org.id} />
          </>
        )}
      </Card>
    </AdminPage>
  );
}
