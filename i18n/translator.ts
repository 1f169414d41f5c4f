import { _createCache, _createIntlFormatters, createTranslator } from "next-intl";
import type { Locale } from "./config";
import { getMessages } from "./messages";

/**
 * One cache of compiled messages and Intl formatters for the whole process: the catalogues do not
 * change at run time, so each ICU message is parsed once instead of on every translator call (a
 * translator is made per message sent; without this, every confirmation and invitation compiled
 * its texts again — issue 19). The keys are the catalogue's messages and their formats: bounded.
 */
const cache = _createCache();
const formatters = _createIntlFormatters(cache);

/** Translations outside React (messages, e-mails, SMS) from the same catalogues as the UI. */
export function translator<N extends keyof ReturnType<typeof getMessages>>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: getMessages(locale), namespace, _cache: cache, _formatters: formatters });
}
