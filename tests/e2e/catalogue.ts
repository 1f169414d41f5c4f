import { mergeOverGerman, namespaceFiles, readCatalogue, type Namespace } from "@/i18n/catalogue-files";
import type { Locale } from "@/i18n/config";
import type { Messages } from "@/i18n/messages";

/**
 * The app's texts for the e2e tests, read the way the app reads them (German laid under every
 * translation, key by key), so the journeys follow the translators instead of copying texts.
 */
export function messagesOf(locale: Locale): Messages {
  return Object.fromEntries(
    (Object.keys(namespaceFiles) as Namespace[]).map((ns) => [ns, mergeOverGerman(readCatalogue("de", ns), locale === "de" ? undefined : readCatalogue(locale, ns))]),
  ) as unknown as Messages;
}

/** A message with plain {placeholders} filled in (enough for subjects and labels). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);
}
