import deCommon from "@/messages/de/common.json";
import deLanding from "@/messages/de/landing.json";
import deDevOutbox from "@/messages/de/dev-outbox.json";
import deMail from "@/messages/de/mail.json";
import deRequests from "@/messages/de/requests.json";
import deRespond from "@/messages/de/respond.json";
import enCommon from "@/messages/en/common.json";
import enLanding from "@/messages/en/landing.json";
import enDevOutbox from "@/messages/en/dev-outbox.json";
import enMail from "@/messages/en/mail.json";
import enRequests from "@/messages/en/requests.json";
import enRespond from "@/messages/en/respond.json";
import type { Locale } from "./config";

/**
 * One JSON file per namespace and language (messages/<locale>/<namespace>.json), so that features
 * own their texts. A test checks that both languages have the same keys.
 */
export const catalogues = {
  de: { common: deCommon, landing: deLanding, devOutbox: deDevOutbox, mail: deMail, requests: deRequests, respond: deRespond },
  en: { common: enCommon, landing: enLanding, devOutbox: enDevOutbox, mail: enMail, requests: enRequests, respond: enRespond },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof catalogues)["de"];

export function getMessages(locale: Locale): Messages {
  return catalogues[locale];
}
