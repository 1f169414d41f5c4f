import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getDb } from "@/db";
import { recipientLocaleOfLink } from "@/lib/i18n/recipient-locale";
import { isLocale, LOCALE_COOKIE } from "./config";
import { getMessages } from "./messages";
import { PATHNAME_HEADER, resolveLocale } from "./resolve";

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
        recipientLocale: async () => recipientLocaleOfLink(await getDb(), pathname),
      });
  return { locale, messages: getMessages(locale), timeZone: "Europe/Berlin" };
});
