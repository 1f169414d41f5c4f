import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { config } from "@/lib/config";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("checkEmail.title") };
}

/** Shown for every address, known or not: nobody learns here who is a coordinator. */
export default async function CheckEmailPage() {
  const t = await getTranslations("admin");
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-bold">{t("checkEmail.title")}</h1>
      <p className="mb-2">{t("checkEmail.body", { minutes: config().AUTH_LINK_MINUTES })}</p>
      <p className="mb-4 text-slate-700">{t("checkEmail.notArrived")}</p>
      <LinkButton href="/admin/sign-in" variant="secondary">{t("checkEmail.again")}</LinkButton>
    </Card>
  );
}
