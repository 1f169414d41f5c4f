import type { Locale } from "./config";
import { getMessages, type Messages } from "./messages";

/**
 * Only the namespaces a part of the app uses in client components travel to the browser: the full
 * catalogue would be serialised into every page (the response page must stay light on a weak
 * connection). Server components read every namespace on the server as before.
 */
export function clientMessages<K extends keyof Messages>(locale: Locale, namespaces: readonly K[]): Pick<Messages, K> {
  const all = getMessages(locale);
  return Object.fromEntries(namespaces.map((ns) => [ns, all[ns]])) as Pick<Messages, K>;
}
