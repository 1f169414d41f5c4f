import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, LOCALE_COOKIE } from "./config";
import { getMessages } from "./messages";

/** Locale from the visitor's choice (cookie); German otherwise. No locale prefix in URLs. */
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  let locale = isLocale(requested) ? requested : undefined;
  if (!locale) {
    const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
    locale = isLocale(fromCookie) ? fromCookie : defaultLocale;
  }
  return { locale, messages: getMessages(locale), timeZone: "Europe/Berlin" };
});
