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
import deAccessibility from "@/messages/de/accessibility.json";
import deReports from "@/messages/de/reports.json";
import deCommitments from "@/messages/de/commitments.json";
import dePrivacy from "@/messages/de/privacy.json";
import deCoordinatorNotices from "@/messages/de/coordinator-notices.json";
import deShifts from "@/messages/de/shifts.json";
import { mergeOverGerman, readCatalogue, type Namespace } from "./catalogue-files";
import { defaultLocale, locales, type Locale } from "./config";

export { mergeOverGerman, namespaceFiles, volunteerNamespaces, type Namespace } from "./catalogue-files";

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
  accessibility: deAccessibility,
  reports: deReports,
  commitments: deCommitments,
  privacy: dePrivacy,
  coordinatorNotices: deCoordinatorNotices,
  shifts: deShifts,
} satisfies Record<Namespace, unknown>;

export type Messages = typeof german;

/**
 * The file as shipped (not merged), or undefined when there is none. A file that is not valid
 * JSON is a bug of the catalogue and throws (the completeness test finds it first).
 */
export function shippedCatalogue(locale: Locale, namespace: Namespace): Record<string, unknown> | undefined {
  if (locale === defaultLocale) return german[namespace];
  return readCatalogue(locale, namespace);
}

function load(locale: Locale): Messages {
  if (locale === defaultLocale) return german;
  return Object.fromEntries((Object.keys(german) as Namespace[]).map((ns) => [ns, mergeOverGerman(german[ns], readCatalogue(locale, ns))])) as Messages;
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
