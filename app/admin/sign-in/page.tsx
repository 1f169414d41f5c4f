import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/admin/sign-in-form";
import { requestSignInAction } from "./actions";
import { Card, Notice } from "@/components/ui/card";
import { getSessionIdentity } from "@/lib/auth/guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("signIn.title") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const identity = await getSessionIdentity();
  if (identity?.actor) redirect("/admin");
  if (identity?.suspendedOrganization) redirect("/admin/suspended");
  if (identity?.platformAdmin) redirect("/platform");
  const t = await getTranslations("admin");
  const sp = await searchParams;
  const error = typeof sp.error === "string" ? sp.error : undefined;
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-bold">{t("signIn.title")}</h1>
      <p className="mb-4">{t("signIn.lead")}</p>
      <div className="mb-4 space-y-2">
        {sp.signedOut ? <Notice tone="success">{t("signIn.signedOut")}</Notice> : null}
        {error ? <Notice tone="error">{error === "Verification" ? t("signIn.linkInvalid") : error === "AccessDenied" ? t("signIn.accessDenied") : t("signIn.failed")}</Notice> : null}
      </div>
      <SignInForm action={requestSignInAction} />
    </Card>
  );
}
