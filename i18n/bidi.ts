import { localeDirection } from "./config";

/**
 * A value put into a sentence of a right-to-left language (a Latin name, an e-mail address, a
 * date) is wrapped in Unicode isolates (FSI … PDI, what <bdi> does in HTML), so it cannot reorder
 * the punctuation around it. Left-to-right locales get the value unchanged.
 */
export function isolateIn(locale: string, value: string | number): string {
  return localeDirection(locale) === "rtl" ? `\u2068${value}\u2069` : String(value);
}
