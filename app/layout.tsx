import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { switchLocale } from "./actions/locale";
import { ErrorTextsProvider } from "@/components/error-texts";
import { adminLocales, isAdminPath, localeDirection, volunteerLocales } from "@/i18n/config";
import { PATHNAME_HEADER } from "@/i18n/resolve";
import { getDb } from "@/db";
import { config } from "@/lib/config";
import { basePathOf, publicBaseOfId } from "@/lib/organizations/public";
import { getVolunteerSession } from "@/lib/volunteers/session";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: t("appName"), template: `%s · ${t("appName")}` }, description: t("tagline") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#174c99" };

/**
 * Where the footer's legal links point (issue 16): the organisation of an `/o/<slug>` page, the
 * signed-in volunteer's organisation on the profile pages, else the public organisation.
 */
async function footerBase(pathname: string): Promise<string> {
  const fromPath = basePathOf(pathname);
  if (fromPath) return fromPath;
  if (pathname !== "/profile" && !pathname.startsWith("/profile/")) return "";
  try {
    const session = await getVolunteerSession();
    return session ? await publicBaseOfId(await getDb(), session.organizationId) : "";
  } catch {
    return ""; // the footer never breaks a page
  }
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  const ta = await getTranslations("accessibility");
  const pathname = (await headers()).get(PATHNAME_HEADER) ?? "/";
  const adminArea = isAdminPath(pathname);
  const base = adminArea ? "" : await footerBase(pathname);
  return (
    <html lang={locale} dir={localeDirection(locale)}>
      <body className="flex min-h-dvh flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-3">
          {t("skipToContent")}
        </a>
        {config().devOutboxEnabled && config().NODE_ENV === "production" && (
          <p role="note" className="border-b-2 border-red-900 bg-red-800 px-4 py-2 text-center text-sm font-semibold text-white">
            {t("devOutboxBanner")}
          </p>
        )}
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl items-center justify-between gap-2 px-4 py-2">
            <Link href="/" className="flex min-h-11 items-center text-lg font-bold text-brand-800 no-underline">
              {t("appName")}
            </Link>
            <LocaleSwitcher current={locale} choices={adminArea ? adminLocales : volunteerLocales} label={t("locale.label")} action={switchLocale} />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">
          {/* The error page's texts only: no message catalogue travels to the browser from here; the
              parts with translated client components add their own provider with what they need. */}
          <ErrorTextsProvider texts={{ title: t("errors.genericTitle"), body: t("errors.genericBody"), retry: t("errors.retry") }}>{children}</ErrorTextsProvider>
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <nav aria-label={t("footer.label")} className="mx-auto flex max-w-5xl flex-wrap gap-x-4 px-4 py-3 text-sm">
            <Link href={`${base}/privacy`} className="inline-flex min-h-11 items-center">{t("footer.privacy")}</Link>
            <Link href={`${base}/imprint`} className="inline-flex min-h-11 items-center">{t("footer.imprint")}</Link>
            <Link href={`${base}/accessibility`} className="inline-flex min-h-11 items-center">{t("footer.accessibility")}</Link>
            <Link href={`${base}/leichte-sprache`} className="inline-flex min-h-11 items-center">{ta("links.easy")}</Link>
            <Link href={`${base}/gebaerdensprache`} className="inline-flex min-h-11 items-center">{ta("links.sign")}</Link>
          </nav>
        </footer>
      </body>
    </html>
  );
}
