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
import enCommon from "@/messages/en/common.json";
import enLanding from "@/messages/en/landing.json";
import enDevOutbox from "@/messages/en/dev-outbox.json";
import enMail from "@/messages/en/mail.json";
import enVolunteers from "@/messages/en/volunteers.json";
import enVolunteerMessages from "@/messages/en/volunteer-messages.json";
import enLegal from "@/messages/en/legal.json";
import enSms from "@/messages/en/sms.json";
import enUnsubscribe from "@/messages/en/unsubscribe.json";
import enAdmin from "@/messages/en/admin.json";
import enRequests from "@/messages/en/requests.json";
import enRespond from "@/messages/en/respond.json";
import enTimed from "@/messages/en/timed.json";
import enAccessibility from "@/messages/en/accessibility.json";
import enReports from "@/messages/en/reports.json";
import enCommitments from "@/messages/en/commitments.json";
import enPrivacy from "@/messages/en/privacy.json";
import type { Locale } from "./config";

/**
 * One JSON file per namespace and language (messages/<locale>/<namespace>.json), so that features
 * own their texts. A test checks that both languages have the same keys.
 */
export const catalogues = {
  de: { common: deCommon, landing: deLanding, devOutbox: deDevOutbox, mail: deMail, volunteers: deVolunteers, volunteerMessages: deVolunteerMessages, legal: deLegal, sms: deSms, unsubscribe: deUnsubscribe, admin: deAdmin, requests: deRequests, respond: deRespond, timed: deTimed, accessibility: deAccessibility, reports: deReports, commitments: deCommitments, privacy: dePrivacy },
  en: { common: enCommon, landing: enLanding, devOutbox: enDevOutbox, mail: enMail, volunteers: enVolunteers, volunteerMessages: enVolunteerMessages, legal: enLegal, sms: enSms, unsubscribe: enUnsubscribe, admin: enAdmin, requests: enRequests, respond: enRespond, timed: enTimed, accessibility: enAccessibility, reports: enReports, commitments: enCommitments, privacy: enPrivacy },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof catalogues)["de"];

export function getMessages(locale: Locale): Messages {
  return catalogues[locale];
}
