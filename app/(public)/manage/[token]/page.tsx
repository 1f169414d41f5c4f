import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Card } from "@/components/ui/card";
import { PostButton, ProsePage } from "@/components/ui/page";
import { busyToPage } from "@/lib/http/busy";
import { inspectSignInToken } from "@/lib/volunteers/sign-in";
import { signInAction } from "../actions";

export const dynamic = "force-dynamic";

/** One look-up per render; pool exhausted → the busy page. */
const inspect = cache((token: string) => busyToPage(() => inspectSignInToken(token)));

/** An invalid link gets the not-found page's own title. */
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  if (!(await inspect((await params).token))) notFound();
  const t = await getTranslations("volunteers.signIn");
  return { title: t("title") };
}

/** GET shows a button and changes nothing; the POST uses the link and opens the session. */
export default async function SignInLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await inspect(token))) notFound();
  const t = await getTranslations("volunteers.signIn");
  return (
    <ProsePage title={t("title")}>
      <Card className="space-y-4">
        <p>{t("lead")}</p>
        <PostButton action={signInAction} fields={{ token }}>
          {t("button")}
        </PostButton>
      </Card>
    </ProsePage>
  );
}
