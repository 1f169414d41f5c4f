import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { parseSignInCode } from "@/lib/auth/sign-in-mail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("confirm.title"), robots: { index: false } };
}

/**
 * Opened from the sign-in e-mail. Opening it uses nothing (link scanners open every URL); only
 * the button posts the one-time token to /admin/sign-in/verify.
 */
export default async function ConfirmSignInPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const t = await getTranslations("admin");
  const parsed = parseSignInCode(code);
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-bold">{t("confirm.title")}</h1>
      {parsed ? (
        <>
          <p className="mb-4">{t("confirm.body", { email: parsed.email })}</p>
          <form method="post" action="/admin/sign-in/verify">
            <input type="hidden" name="code" value={code} />
            <Button type="submit">{t("confirm.submit")}</Button>
          </form>
        </>
      ) : (
        <Notice tone="error">{t("signIn.linkInvalid")}</Notice>
      )}
    </Card>
  );
}
