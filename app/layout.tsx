import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { switchLocale } from "./actions/locale";
import { clientMessages } from "@/i18n/client-messages";
import { adminLocales, isAdminPath, localeDirection, volunteerLocales } from "@/i18n/config";
import { PATHNAME_HEADER } from "@/i18n/resolve";
import { config } from "@/lib/config";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: t("appName"), template: `%s · ${t("appName")}` }, description: t("tagline") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#174c99" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  const ta = await getTranslations("accessibility");
  const adminArea = isAdminPath((await headers()).get(PATHNAME_HEADER) ?? "/");
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
          {/* only what client components everywhere need (error page); route groups add their own */}
          <NextIntlClientProvider messages={clientMessages(locale, ["common"])}>{children}</NextIntlClientProvider>
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <nav aria-label={t("footer.label")} className="mx-auto flex max-w-5xl flex-wrap gap-x-4 px-4 py-3 text-sm">
            <Link href="/privacy" className="inline-flex min-h-11 items-center">{t("footer.privacy")}</Link>
            <Link href="/imprint" className="inline-flex min-h-11 items-center">{t("footer.imprint")}</Link>
            <Link href="/accessibility" className="inline-flex min-h-11 items-center">{t("footer.accessibility")}</Link>
            <Link href="/leichte-sprache" className="inline-flex min-h-11 items-center">{ta("links.easy")}</Link>
            <Link href="/gebaerdensprache" className="inline-flex min-h-11 items-center">{ta("links.sign")}</Link>
          </nav>
        </footer>
      </body>
    </html>
  );
}
