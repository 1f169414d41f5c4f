import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PostButton, ProsePage } from "@/components/ui/page";
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
    <ProsePage title={t("title")}>
      <Card className="space-y-3">
        <p>{t("body")}</p>
        <ul className="list-disc space-y-1 ps-5">
          <li>{t("item1")}</li>
          <li>{t("item2")}</li>
          <li>{t("item3")}</li>
        </ul>
        <p className="font-semibold">{t("irreversible")}</p>
        <div className="flex flex-col gap-3 sm:flex-row">
          <PostButton action={deleteRegistrationAction} variant="danger">
            {t("confirm")}
          </PostButton>
          <LinkButton href="/profile" variant="secondary">
            {t("cancel")}
          </LinkButton>
        </div>
      </Card>
    </ProsePage>
  );
}
