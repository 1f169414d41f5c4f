import { localeDirection } from "./config";

/**
 * A value put into a sentence of a right-to-left language (a Latin name, an e-mail address, a
 * date) is wrapped in Unicode isolates (FSI … PDI, what <bdi> does in HTML), so it cannot reorder
 * the punctuation around it. Left-to-right locales get the value unchanged.
 */
export function isolateIn(locale: string, value: string | number): string {
  return localeDirection(locale) === "rtl" ? `\u2068${value}\u2069` : String(value);
}

// phone numbers ("+49 151 2345 6789"), e-mail addresses and links inside a translated text
const LTR_RUNS = /https?:\/\/[^\s]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ]{4,}\d/g;

/**
 * A translated right-to-left text that quotes a phone number, an e-mail address or a link keeps
 * it readable: each is wrapped in left-to-right isolates (LRI … PDI), otherwise "0151 2345 6789"
 * shows as "6789 2345 0151". Left-to-right locales get the text unchanged.
 */
export function isolateLtrRuns(locale: string, text: string): string {
  return localeDirection(locale) === "rtl" ? text.replace(LTR_RUNS, (m) => `\u2066${m}\u2069`) : text;
}
