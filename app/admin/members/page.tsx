import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/admin-page";
import { InviteForm } from "@/components/admin/invite-form";
import { MemberActions } from "@/components/admin/member-actions";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { listMembers } from "@/lib/members";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction } from "../actions";
import { adminMetadata } from "../_shared/metadata";

export const generateMetadata = adminMetadata("members.title");

export default async function MembersPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const { members } = await listMembers(actor);
  return (
    <AdminPage title={t("members.title")}>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("members.inviteTitle")}</h2>
        <InviteForm action={inviteMemberAction} />
      </Card>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("members.listTitle")}</h2>
        <ul className="divide-y divide-slate-200">
          {members.map((m) => (
            <li key={m.userId} className="space-y-2 py-3">
              <p className="[overflow-wrap:anywhere]">
                <strong>{m.email}</strong> · {t(`roles.${m.role}`)}
                {m.userId === actor.userId ? ` (${t("members.you")})` : ""}
              </p>
              <MemberActions userId={m.userId} email={m.email} role={m.role} actions={{ changeRole: changeMemberRoleAction, remove: removeMemberAction }} />
            </li>
          ))}
        </ul>
      </Card>
    </AdminPage>
  );
}
