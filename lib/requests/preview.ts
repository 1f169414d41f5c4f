import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import type { Actor } from "@/lib/auth/guard";
import { urls } from "@/lib/urls";
import { isLanguageCode } from "@/lib/volunteers/languages";
import { loadMessageOrg } from "./internal";
import { countMatchesByLocale } from "./matching";
import { invitationEmail, invitationSms, type MessageRequest } from "./messages";
import { isUuid } from "./schema";
import { smsLength, type SmsLength } from "./sms";
import { zonedLocalToUtc } from "./time";

export type RequestPreview = {
  /** null while no valid activity or start is chosen */
  matches: number | null;
  /** the SMS in German (the coordinator's language of reference) */
  sms: { text: string } & SmsLength;
  /**
   * The SMS per message language of the matching volunteers who get one (most recipients
   * first): non-Latin languages are sent as UCS-2 and may need more segments.
   */
  smsByLocale: ({ locale: Locale; recipients: number; text: string } & SmsLength)[];
  email: { subject: string; text: string };
};

/**
 * What the new-request form shows before sending, from a half-filled form: how many volunteers
 * match right now, and the SMS and e-mail as a volunteer would get them (with a link of the real
 * length). Reads only; never fails on incomplete input.
 */
export async function previewRequest(db: Db, actor: Actor, raw: Record<string, unknown>): Promise<RequestPreview> {
  const org = await loadMessageOrg(db, actor.organizationId);
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string).trim() : "");
  const start = str("startsAt") ? zonedLocalToUtc(str("startsAt"), org.timeZone) : null;
  const end = str("endsAt") ? zonedLocalToUtc(str("endsAt"), org.timeZone) : null;
  const activityId = str("activityId");
  let matches: number | null = null;
  let byLocale: { locale: Locale; matches: number; sms: number }[] = [];
  const [activity] = isUuid(activityId)
    ? await db
        .select({ nameDe: s.activities.nameDe, nameEn: s.activities.nameEn, names: s.activities.names })
        .from(s.activities)
        .where(and(eq(s.activities.id, activityId), eq(s.activities.organizationId, actor.organizationId), eq(s.activities.active, true)))
    : [];
  if (start && activity) {
    const languages = (Array.isArray(raw.languages) ? raw.languages : []).filter((l): l is string => typeof l === "string" && isLanguageCode(l)).slice(0, 20);
    const mode = raw.languageMode === "any" || raw.languageMode === "all" ? raw.languageMode : "none";
    byLocale = await countMatchesByLocale(db, actor.organizationId, {
      activityId,
      startsAt: start,
      languageMode: languages.length ? mode : "none",
      languages,
      channels: raw.channels === "sms" || raw.channels === "email" ? raw.channels : "both",
      requireDrivingLicence: raw.requireDrivingLicence === "on" || raw.requireDrivingLicence === true,
      requireCar: raw.requireCar === "on" || raw.requireCar === true,
      timeZone: org.timeZone,
    });
    matches = byLocale.reduce((n, l) => n + l.matches, 0);
  }
  const startsAt = start ?? new Date();
  const helpers = Number(str("helpersNeeded"));
  const sample: MessageRequest = {
    id: "preview",
    title: str("title").slice(0, 120) || "…",
    details: str("details").slice(0, 2000),
    place: str("place").slice(0, 300),
    startsAt,
    endsAt: end && end > startsAt ? end : new Date(startsAt.getTime() + 3600e3),
    helpersNeeded: Number.isInteger(helpers) && helpers >= 1 && helpers <= 500 ? helpers : 1,
    acceptedCount: 0,
    activityNameDe: activity?.nameDe ?? "…",
    activityNameEn: activity?.nameEn ?? "…",
    activityNames: activity?.names ?? {},
  };
  const link = urls.response("x".repeat(43));
  const text = invitationSms(org, sample, "de", link);
  const mail = invitationEmail(org, sample, "de", "Anna", link);
  const smsByLocale = byLocale
    .filter((l) => l.sms > 0)
    .map((l) => {
      const localized = invitationSms(org, sample, l.locale, link);
      return { locale: l.locale, recipients: l.sms, text: localized, ...smsLength(localized) };
    });
  return { matches, sms: { text, ...smsLength(text) }, smsByLocale, email: { subject: mail.subject, text: mail.text } };
}
