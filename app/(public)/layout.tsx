import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { isLocale } from "@/i18n/config";
import { clientMessages } from "@/i18n/client-messages";

/** Public pages: the volunteer forms are the client components here. */
export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const raw = await getLocale();
  const locale = isLocale(raw) ? raw : "de";
  return <NextIntlClientProvider messages={clientMessages(locale, ["common", "volunteers"])}>{children}</NextIntlClientProvider>;
}
