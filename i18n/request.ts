import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getDb } from "@/db";
import { recipientLocaleOfLink } from "@/lib/i18n/recipient-locale";
import { responseRow } from "@/app/r/[token]/view";
import { isLocale, LOCALE_COOKIE } from "./config";
import { getMessages } from "./messages";
import { messageLinkOf, PATHNAME_HEADER, resolveLocale } from "./resolve";

/** The recipient's language; on the response page from the page's own row (one round trip per view). */
async function recipientLocale(pathname: string): Promise<string | null> {
  const link = messageLinkOf(pathname);
  if (link?.kind === "r") return (await responseRow(link.token))?.locale ?? null;
  return recipientLocaleOfLink(await getDb(), pathname);
}

/**
 * The page's locale (no locale prefix in URLs): see resolveLocale — de/en only in the
 * coordinator area, else the visitor's choice (cookie), else on message links the recipient's
 * language, else German. An explicit locale (getTranslations({ locale })) is used as asked.
 */
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const pathname = (await headers()).get(PATHNAME_HEADER) ?? "/";
  const locale = isLocale(requested)
    ? requested
    : await resolveLocale({
        pathname,
        cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
        recipientLocale: () => recipientLocale(pathname),
      });
  return { locale, messages: getMessages(locale), timeZone: "Europe/Berlin" };
});
