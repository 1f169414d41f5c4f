import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import deCommon from "@/messages/de/common.json";
import deLanding from "@/messages/de/landing.json";
import deDevOutbox from "@/messages/de/dev-outbox.json";
import deMail from "@/messages/de/mail.json";
import deVolunteers from "@/messages/de/volunteers.json";
import deVolunteerMessages from "@/messages/de/volunteer-messages.json";
import deLegal from "@/messages/de/legal.json";
import deSms from "@/messages/de/sms.json";
import deUnsubscribe from "@/messages/de/unsubscribe.json";
import deAdmin from "@/messages/de/admin.json";
import deRequests from "@/messages/de/requests.json";
import deRespond from "@/messages/de/respond.json";
import deTimed from "@/messages/de/timed.json";
import { defaultLocale, locales, type Locale } from "./config";

/**
 * One JSON file per namespace and language (messages/<locale>/<namespace>.json), so that features
 * own their texts. German is the source: it is imported (and gives the types); every other
 * language is read from whatever files exist and laid over German KEY BY KEY, so a partial
 * catalogue (a namespace missing, or a key) shows German for exactly what is missing, never an
 * error. tests/unit/catalogues.test.ts keeps the shipped catalogues complete.
 */
const german = {
  common: deCommon,
  landing: deLanding,
  devOutbox: deDevOutbox,
  mail: deMail,
  volunteers: deVolunteers,
  volunteerMessages: deVolunteerMessages,
  legal: deLegal,
  sms: deSms,
  unsubscribe: deUnsubscribe,
  admin: deAdmin,
  requests: deRequests,
  respond: deRespond,
  timed: deTimed,
};

export type Messages = typeof german;
export type Namespace = keyof Messages;

/** Namespace → file name in messages/<locale>/. */
export const namespaceFiles: Record<Namespace, string> = {
  common: "common",
  landing: "landing",
  devOutbox: "dev-outbox",
  mail: "mail",
  volunteers: "volunteers",
  volunteerMessages: "volunteer-messages",
  legal: "legal",
  sms: "sms",
  unsubscribe: "unsubscribe",
  admin: "admin",
  requests: "requests",
  respond: "respond",
  timed: "timed",
};

/**
 * What a volunteer or helper can see, per namespace: the whole file, or only these subtrees
 * (the rest of requests/timed is the coordinator area's, which stays German/English). Every
 * volunteer locale must translate exactly this; admin and dev-outbox are de/en only.
 */
export const volunteerNamespaces: Partial<Record<Namespace, "all" | readonly string[]>> = {
  common: "all",
  landing: "all",
  legal: "all",
  mail: "all",
  respond: "all",
  sms: "all",
  unsubscribe: "all",
  volunteerMessages: "all",
  volunteers: "all",
  requests: ["mail", "sms", "ics", "status"],
  timed: ["reminder", "inactive", "expired"],
};

const MESSAGES_DIR = path.join(process.cwd(), "messages");

/**
 * The file as shipped (not merged), or undefined when there is none. A file that is not valid
 * JSON is a bug of the catalogue and throws (the completeness test finds it first).
 */
export function shippedCatalogue(locale: Locale, namespace: Namespace): Record<string, unknown> | undefined {
  if (locale === defaultLocale) return german[namespace];
  const file = path.join(MESSAGES_DIR, locale, `${namespaceFiles[namespace]}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`messages/${locale}/${namespaceFiles[namespace]}.json is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * German with the translation laid over it key by key: only keys German has are taken (a stale
 * key in a translation never leaks), and only where the translation has the same shape (a
 * string for a string, an object for an object).
 */
export function mergeOverGerman<T>(base: T, over: unknown): T {
  if (typeof base === "string") return (typeof over === "string" && over.trim() !== "" ? over : base) as T;
  if (typeof base !== "object" || base === null) return base;
  const o = typeof over === "object" && over !== null && !Array.isArray(over) ? (over as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, mergeOverGerman(v, o[k])])) as T;
}

function load(locale: Locale): Messages {
  if (locale === defaultLocale) return german;
  return Object.fromEntries(
    (Object.keys(german) as Namespace[]).map((ns) => [ns, mergeOverGerman(german[ns], shippedCatalogue(locale, ns))]),
  ) as Messages;
}

const cache = new Map<Locale, Messages>();

/** Every namespace of a locale, complete (German where a translation is missing). */
export function getMessages(locale: Locale): Messages {
  const l = locales.includes(locale) ? locale : defaultLocale;
  // read once per process; in development every time, so edited catalogues show on reload
  if (process.env.NODE_ENV === "development") return load(l);
  let m = cache.get(l);
  if (!m) cache.set(l, (m = load(l)));
  return m;
}
