import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Where the catalogues live and how a translation is laid over German — without importing any
 * JSON, so that tools outside the app (the e2e tests) can use it too. i18n/messages.ts builds the
 * app's messages from it.
 */

/** Namespace → file name in messages/<locale>/. */
export const namespaceFiles = {
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
  accessibility: "accessibility",
  reports: "reports",
  commitments: "commitments",
  privacy: "privacy",
  coordinatorNotices: "coordinator-notices",
  shifts: "shifts",
} as const;

export type Namespace = keyof typeof namespaceFiles;

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
  timed: ["reminder", "inactive", "expired", "qualification"],
  // the statement, its feedback form, Leichte Sprache (an easy-read version per language) and the
  // sign-language page; not `feedbackMail`, which goes to the organisation in German
  accessibility: ["links", "statement", "feedback", "easy", "sign"],
  // "my commitments" on /profile and the certificate form; not `certificate`: the PDF itself is
  // issued in German or English only (lib/attendance/certificate.ts)
  commitments: ["title", "lead", "total", "upcoming", "past", "noUpcoming", "noPast", "pastMore", "hours", "plannedHours", "states", "form", "errors",
    // issue 15: withdraw, open needs, the personal calendar feed
    "withdraw", "withdrawOutcome", "openNeedsTitle", "openNeedsLead", "openNeedsLink", "feed", "openNeeds"],
  // what the public privacy page (/privacy) says about periods and processors; the rest is the
  // record of processing activities of the coordinator area
  privacy: ["public", "processors", "locations"],
  // the shift-plan message and the slot page (/s/<token>); not `admin`, the coordinators' plan pages
  shifts: ["mail", "sms", "page"],
};

const MESSAGES_DIR = path.join(process.cwd(), "messages");

/** messages/<locale>/<file>.json parsed, or undefined when there is none; invalid JSON throws. */
export function readCatalogue(locale: string, namespace: Namespace): Record<string, unknown> | undefined {
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
