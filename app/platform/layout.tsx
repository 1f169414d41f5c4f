import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { signOutAction } from "@/app/admin/sign-in/actions";
import { Button } from "@/components/ui/button";
import { clientMessages } from "@/i18n/client-messages";
import { isLocale } from "@/i18n/config";
import { getSessionIdentity } from "@/lib/auth/guard";

/**
 * The platform area's frame (platform administrators, lib/platform). It only decides what to
 * show; every page and action below checks the platform role itself.
 */
export default async function PlatformLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const identity = await getSessionIdentity();
  const t = await getTranslations("admin");
  const raw = await getLocale();
  const messages = clientMessages(isLocale(raw) ? raw : "de", ["common", "admin"]);
  return (
    <NextIntlClientProvider messages={messages}>
      <div className="space-y-6">
        {identity?.platformAdmin ? (
          <div className="flex flex-col gap-2 border-b border-slate-200 pb-3 md:flex-row md:items-center md:justify-between">
            <nav aria-label={t("nav.label")}>
              <ul className="flex flex-wrap gap-x-1 gap-y-1">
                <li>
                  <Link href="/platform" className="inline-flex min-h-11 items-center rounded px-3 font-semibold hover:bg-brand-50">
                    {t("nav.platform")}
                  </Link>
                </li>
                {identity.actor ? (
                  <li>
                    <Link href="/admin" className="inline-flex min-h-11 items-center rounded px-3 font-semibold hover:bg-brand-50">
                      {t("platform.toAdmin")}
                    </Link>
                  </li>
                ) : null}
              </ul>
            </nav>
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <span className="[overflow-wrap:anywhere]">{t("platform.signedInAs", { email: identity.email })}</span>
              <form action={signOutAction}>
                <Button type="submit" variant="secondary">{t("nav.signOut")}</Button>
              </form>
            </div>
          </div>
        ) : null}
        {children}
      </div>
    </NextIntlClientProvider>
  );
}
