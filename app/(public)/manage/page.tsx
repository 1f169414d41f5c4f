import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, Notice } from "@/components/ui/card";
import { ManageForm } from "./manage-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.manage");
  return { title: t("title") };
}

export default async function ManagePage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  const t = await getTranslations("volunteers.manage");
  const { signedOut } = await searchParams;
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
      {signedOut ? <Notice tone="success">{t("signedOut")}</Notice> : null}
      <p>{t("lead")}</p>
      <Card>
        <ManageForm />
      </Card>
      <p>
        {t("register")} <Link href="/register">{t("registerLink")}</Link>
      </p>
    </div>
  );
}
