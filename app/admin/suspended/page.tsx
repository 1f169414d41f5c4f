import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/admin/sign-in/actions";
import { Button } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { getSessionIdentity } from "@/lib/auth/guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.suspended"))("title") };
}

/** Where a member of a suspended organisation lands (lib/auth/guard.ts requireActor): why nothing works. */
export default async function SuspendedPage() {
  const identity = await getSessionIdentity();
  if (!identity) redirect("/admin/sign-in");
  if (identity.actor || !identity.suspendedOrganization) redirect(identity.actor || !identity.platformAdmin ? "/admin" : "/platform");
  const t = await getTranslations("admin");
  return (
    <Card>
      <h1 className="mb-3 text-2xl font-bold">{t("suspended.title")}</h1>
      <div className="space-y-3">
        <Notice tone="warning">{t("suspended.body", { org: identity.suspendedOrganization.name })}</Notice>
        <p>{t("suspended.contact")}</p>
        <form action={signOutAction}>
          <Button type="submit" variant="secondary">{t("nav.signOut")}</Button>
        </form>
      </div>
    </Card>
  );
}
