import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getVolunteerSession } from "@/lib/volunteers/session";
import { deleteRegistrationAction } from "../actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.delete");
  return { title: t("title") };
}

/** The confirmation step before erasure (works without JavaScript). */
export default async function DeletePage() {
  if (!(await getVolunteerSession())) redirect("/manage");
  const t = await getTranslations("volunteers.delete");
  return (
    <div className="mx-auto max-w-prose space-y-4">
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere] sm:text-3xl">{t("title")}</h1>
      <Card className="space-y-3">
        <p>{t("body")}</p>
        <ul className="list-disc space-y-1 ps-5">
          <li>{t("item1")}</li>
          <li>{t("item2")}</li>
          <li>{t("item3")}</li>
        </ul>
        <p className="font-semibold">{t("irreversible")}</p>
        <div className="flex flex-col gap-3 sm:flex-row">
          <form action={deleteRegistrationAction}>
            <Button type="submit" variant="danger" className="w-full sm:w-auto">
              {t("confirm")}
            </Button>
          </form>
          <LinkButton href="/profile" variant="secondary">
            {t("cancel")}
          </LinkButton>
        </div>
      </Card>
    </div>
  );
}
