import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Card } from "@/components/ui/card";
import { MessagePage, PostButton, ProsePage } from "@/components/ui/page";
import { busyToPage } from "@/lib/http/busy";
import { inspectConfirmToken } from "@/lib/volunteers/confirm";
import { confirmAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> };

/** One look-up per render, shared by the title and the page (it only reads); pool exhausted → the busy page. */
const inspect = cache((token: string) => busyToPage(() => inspectConfirmToken(token)));

/** The title names what the page shows; an invalid link gets the not-found page's own title. */
export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const state = await inspect((await params).token);
  if (state.state === "invalid") notFound();
  const t = await getTranslations("volunteers.confirm");
  return { title: state.state === "already" && !(await searchParams).done ? t("alreadyTitle") : t("title") };
}

/** GET shows a button and changes nothing: mail scanners and link previews open every link. */
export default async function ConfirmPage({ params, searchParams }: Props) {
  const { token } = await params;
  const { done } = await searchParams;
  const state = await inspect(token);
  if (state.state === "invalid") notFound();
  const t = await getTranslations("volunteers.confirm");
  const sms = state.channel === "sms";
  if (state.state === "already") {
    return (
      <MessagePage
        title={done ? t("title") : t("alreadyTitle")}
        notice={done ? (sms ? t("confirmedSms") : t("confirmedEmail")) : sms ? t("alreadySms") : t("alreadyEmail")}
        paragraphs={[t("next")]}
        links={[{ href: "/manage", label: t("manage"), variant: "secondary" }]}
      />
    );
  }
  return (
    <ProsePage title={t("title")}>
      <Card className="space-y-4">
        <p>{sms ? t("introSms") : t("introEmail")}</p>
        <PostButton action={confirmAction} fields={{ token }}>
          {t("button")}
        </PostButton>
      </Card>
    </ProsePage>
  );
}
