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
  // one translator per language and namespace: it holds nothing but the catalogue and the shared
  // caches above, and a confirmation alone asked for five (issue 19)
  // (in development the catalogues are read again every time, so edits show: no translator kept)
  if (process.env.NODE_ENV === "development") return make(locale, namespace);
  const key = `${locale}|${String(namespace)}`;
  let t = translators.get(key) as ReturnType<typeof make<N>> | undefined;
  if (!t) translators.set(key, (t = make(locale, namespace)));
  return t;
}

const make = <N extends keyof ReturnType<typeof getMessages>>(locale: Locale, namespace: N) =>
  createTranslator({ locale, messages: getMessages(locale), namespace, _cache: cache, _formatters: formatters });
const translators = new Map<string, unknown>();
