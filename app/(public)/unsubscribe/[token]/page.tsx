import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { getDb } from "@/db";
import { busyPage } from "@/lib/http/busy";
import { isKnownUnsubscribeToken } from "@/lib/messaging/unsubscribe";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("unsubscribe"))("title"), robots: { index: false, follow: false } };
}

/** Shown for the List-Unsubscribe link opened in a browser: reading it changes nothing; the button POSTs. */
export default busyPage(async function UnsubscribePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> }) {
  const t = await getTranslations("unsubscribe");
  const { token } = await params;
  const { done } = await searchParams;
  const known = await isKnownUnsubscribeToken(await getDb(), token);
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      {!known ? (
        <Notice tone="error">{t("unknown")}</Notice>
      ) : done ? (
        <Notice tone="success">{t("done")}</Notice>
      ) : (
        <Card>
          <p className="mb-4">{t("intro")}</p>
          <form method="post" action={`/api/unsubscribe/${encodeURIComponent(token)}`}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <Button type="submit">{t("confirm")}</Button>
          </form>
        </Card>
      )}
      <LinkButton href="/manage" variant="secondary">
        {t("manage")}
      </LinkButton>
    </div>
  );
});
