import { createTranslator } from "next-intl";
import type { Locale } from "./config";
import { getMessages } from "./messages";

/** Translations outside React (messages, e-mails, SMS) from the same catalogues as the UI. */
export function translator<N extends keyof ReturnType<typeof getMessages>>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: getMessages(locale), namespace });
}
