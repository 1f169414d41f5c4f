import deCommon from "@/messages/de/common.json";
import deLanding from "@/messages/de/landing.json";
import deDevOutbox from "@/messages/de/dev-outbox.json";
import deMail from "@/messages/de/mail.json";
import deSms from "@/messages/de/sms.json";
import deUnsubscribe from "@/messages/de/unsubscribe.json";
import enCommon from "@/messages/en/common.json";
import enLanding from "@/messages/en/landing.json";
import enDevOutbox from "@/messages/en/dev-outbox.json";
import enMail from "@/messages/en/mail.json";
import enSms from "@/messages/en/sms.json";
import enUnsubscribe from "@/messages/en/unsubscribe.json";
import type { Locale } from "./config";

/**
 * One JSON file per namespace and language (messages/<locale>/<namespace>.json), so that features
 * own their texts. A test checks that both languages have the same keys.
 */
export const catalogues = {
  de: { common: deCommon, landing: deLanding, devOutbox: deDevOutbox, mail: deMail, sms: deSms, unsubscribe: deUnsubscribe },
  en: { common: enCommon, landing: enLanding, devOutbox: enDevOutbox, mail: enMail, sms: enSms, unsubscribe: enUnsubscribe },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof catalogues)["de"];

export function getMessages(locale: Locale): Messages {
  return catalogues[locale];
}
