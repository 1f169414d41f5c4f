import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { PostButton, ProsePage } from "@/components/ui/page";
import { inspectConfirmToken } from "@/lib/volunteers/confirm";
import { confirmAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("volunteers.confirm");
  return { title: t("title") };
}

/** GET shows a button and changes nothing: mail scanners and link previews open every link. */
export default async function ConfirmPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> }) {
  const { token } = await params;
  const { done } = await searchParams;
  const state = await inspectConfirmToken(token);
  if (state.state === "invalid") notFound();
  const t = await getTranslations("volunteers.confirm");
  const sms = state.channel === "sms";
  if (state.state === "already") {
    return (
      <ProsePage title={done ? t("title") : t("alreadyTitle")}>
        <Notice tone="success">
          <p>{done ? (sms ? t("confirmedSms") : t("confirmedEmail")) : sms ? t("alreadySms") : t("alreadyEmail")}</p>
        </Notice>
        <p>{t("next")}</p>
        <LinkButton href="/manage" variant="secondary">
          {t("manage")}
        </LinkButton>
      </ProsePage>
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
