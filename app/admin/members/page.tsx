import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InviteForm } from "@/components/admin/invite-form";
import { MemberActions } from "@/components/admin/member-actions";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/guard";
import { listMembers } from "@/lib/members";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("members.title") };
}

export default async function MembersPage() {
  const actor = await requireActor("admin");
  const t = await getTranslations("admin");
  const result = await listMembers(actor, { ip: null });
  if (!result.ok) return null;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("members.title")}</h1>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("members.inviteTitle")}</h2>
        <InviteForm />
      </Card>
      <Card>
        <h2 className="mb-3 text-xl font-bold">{t("members.listTitle")}</h2>
        <ul className="divide-y divide-slate-200">
          {result.members.map((m) => (
            <li key={m.userId} className="space-y-2 py-3">
              <p className="[overflow-wrap:anywhere]">
                <strong>{m.email}</strong> · {t(`roles.${m.role}`)}
                {m.userId === actor.userId ? ` (${t("members.you")})` : ""}
              </p>
              <MemberActions userId={m.userId} email={m.email} role={m.role} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
