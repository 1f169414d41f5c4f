import type { Locale } from "@/i18n/config";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import {
  cancellationSms,
  confirmationMessages,
  filledNoticeMessages,
  invitationSms,
  neededAgainMessages,
  requestChangedMessages,
  type MessageOrg,
  type MessageRequest,
} from "@/lib/requests/messages";
import { reminderSms } from "@/lib/requests/reminders";
import { urls } from "@/lib/urls";

/**
 * Every SMS about a request, as a volunteer reached by SMS only gets it, built through the real
 * message builders (links from urls.response, so SMS_LINK_BASE_URL applies). For the SMS length
 * tests and the measured table in docs/i18n/README.md.
 */
export const TOKEN = "A".repeat(22);
export const smsKinds = ["invitation", "neededAgain", "confirm", "confirmWithLink", "changed", "changedReconfirm", "reminder", "filled", "cancelled", "cancelledReason"] as const;
export type SmsKind = (typeof smsKinds)[number];
/** the kinds whose SMS carries a link */
export const linkKinds: readonly SmsKind[] = ["invitation", "neededAgain", "confirmWithLink", "changed", "changedReconfirm", "reminder"];

export function requestSmsText(org: MessageOrg, r: MessageRequest, locale: Locale, kind: SmsKind): string {
  const link = urls.response(TOKEN);
  const to = { volunteerId: "v", invitationId: "i", firstName: "Anna", email: null, phone: "+491701234567", locale, channels: ["sms" as const] };
  const only = (m: { channel: string; body: string }[]) => m.find((x) => x.channel === "sms")!.body;
  switch (kind) {
    case "invitation":
      return invitationSms(org, r, locale, link);
    case "neededAgain":
      return only(neededAgainMessages(org, r, to, TOKEN));
    case "confirm":
      return only(confirmationMessages(org, r, to));
    case "confirmWithLink":
      return only(confirmationMessages(org, r, to, link));
    case "changed":
    case "changedReconfirm":
      return only(requestChangedMessages(org, r, to, ["time"], { reconfirm: kind === "changedReconfirm", link }));
    case "reminder":
      return reminderSms(org, r, locale, link);
    case "filled":
      return only(filledNoticeMessages(org, r, to));
    case "cancelled":
      return cancellationSms(org, r, locale, "");
    case "cancelledReason":
      return cancellationSms(org, r, locale, "Die Veranstaltung fällt wegen Krankheit der Leitung aus, wir melden uns mit einem neuen Termin");
  }
}

export const segmentsOf = (text: string) => analyzeSms(text).segments;

export const typicalOrg: MessageOrg = { id: "org", name: "Helferkreis Musterstadt", timeZone: "Europe/Berlin", smsSenderName: "Helferkreis" };

export const request = (title: string, place = ""): MessageRequest => ({
  id: "r",
  title,
  details: "",
  place,
  startsAt: new Date("2026-05-12T07:00:00Z"),
  endsAt: new Date("2026-05-12T09:00:00Z"),
  helpersNeeded: 2,
  acceptedCount: 0,
  activityNameDe: "Fahrdienst",
  activityNameEn: "Driving service",
});

/** realistic requests: short and long titles, with and without a place */
export const realisticRequests: [string, MessageRequest][] = [
  ["short title", request("Kleiderkammer")],
  ["short title, place", request("Kleiderkammer", "Gemeindehaus St. Marien, Kirchstraße 4")],
  ["typical title", request("Fahrt zur Ausländerbehörde")],
  ["typical title, place", request("Fahrt zur Ausländerbehörde", "Rathaus, Zimmer 112")],
  ["long title", request("Begleitung einer Familie mit drei Kindern zum Jobcenter")],
  ["very long title, place", request("Begleitung einer Familie mit drei Kindern zum Jobcenter und danach zur Kita in der Nordstadt", "Jobcenter Musterstadt, Eingang B")],
  ["title with quotes and dash", request("„Sprachcafé“ – Aufbau und Abbau")],
];
