import type { Db } from "@/db";
import type { Locale } from "@/i18n/config";
import { findActiveActivity } from "@/lib/activities/queries";
import type { Actor } from "@/lib/auth/guard-types";
import { config } from "@/lib/config";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { findQualificationType } from "@/lib/qualifications";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { urls } from "@/lib/urls";
import { isLanguageCode } from "@/lib/volunteers/languages";
import { defaultWaveSize, MAX_DETAILS_LENGTH, MAX_HELPERS, MAX_INVITES_PER_SEND, MAX_LANGUAGES, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH } from "./limits";
import { loadMessageOrg } from "./load";
import { countMatchesByLocale } from "./matching";
import { invitationEmail, invitationSms, type MessageRequest } from "./messages";

/** An SMS as the preview shows it: counted like the transport sends it (smart encoding: „“ – stay GSM-7); cost from SMS_SEGMENT_PRICE_CENTS. */
export type SmsPreview = { text: string; encoding: "GSM-7" | "UCS-2"; characters: number; segments: number; costCents: number };

export type RequestPreview = {
  /** null while no valid activity or start is chosen */
  matches: number | null;
  /** the qualification the count is limited to (valid on the start's day), when one is required */
  requiredQualification: { name: string } | null;
  /** how many of them sending would ask now (the first wave, or at most the limit): what the server does */
  askedNow: number | null;
  /** the SMS in German (the coordinator's language of reference) */
  sms: SmsPreview;
  /**
   * The SMS per message language of the matching volunteers who get one (most recipients
   * first), each with its cost for all of them. Non-Latin languages are sent as UCS-2 (70
   * characters per segment): an SMS with a link needs one segment more there than in German
   * (`moreThanGerman`; lib/requests/messages.ts localizedSms).
   */
  smsByLocale: (SmsPreview & { locale: Locale; recipients: number; totalCents: number; moreThanGerman: number })[];
  /** the host the SMS links go to (SMS_LINK_BASE_URL, else APP_URL), and whether it is the short one */
  smsLinkHost: { host: string; short: boolean };
  email: { subject: string; text: string };
};

function smsPreview(text: string): SmsPreview {
  const a = analyzeSms(text, { priceCentsPerSegment: config().SMS_SEGMENT_PRICE_CENTS });
  return { text, encoding: a.encoding, characters: a.characters, segments: a.segments, costCents: a.costCents };
}

/**
 * What the new-request form shows before sending, from a half-filled form: how many volunteers
 * match right now (split by message language), and the SMS (length, segments, estimated price
 * per recipient; in German and in every message language among the matches) and e-mail as a
 * volunteer would get them (with a link of the real length). Reads only; never fails on
 * incomplete input.
 */
export async function previewRequest(db: Db, actor: Actor, raw: Record<string, unknown>): Promise<RequestPreview> {
  const org = await loadMessageOrg(db, actor.organizationId);
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string).trim() : "");
  const start = str("startsAt") ? zonedLocalToUtc(str("startsAt"), org.timeZone) : null;
  const end = str("endsAt") ? zonedLocalToUtc(str("endsAt"), org.timeZone) : null;
  const activityId = str("activityId");
  let matches: number | null = null;
  let byLocale: { locale: Locale; matches: number; sms: number }[] = [];
  const activity = await findActiveActivity(db, actor.organizationId, activityId);
  // only a type of the coordinator's own organisation counts (another one's id is ignored)
  const qualification = str("requiredQualificationId") ? await findQualificationType(db, actor.organizationId, str("requiredQualificationId"), { activeOnly: true }) : null;
  if (start && activity) {
    const languages = (Array.isArray(raw.languages) ? raw.languages : []).filter((l): l is string => typeof l === "string" && isLanguageCode(l)).slice(0, MAX_LANGUAGES);
    const mode = raw.languageMode === "any" || raw.languageMode === "all" ? raw.languageMode : "none";
    byLocale = await countMatchesByLocale(db, actor.organizationId, {
      activityId,
      startsAt: start,
      languageMode: languages.length ? mode : "none",
      languages,
      channels: raw.channels === "sms" || raw.channels === "email" ? raw.channels : "both",
      requireDrivingLicence: raw.requireDrivingLicence === "on" || raw.requireDrivingLicence === true,
      requireCar: raw.requireCar === "on" || raw.requireCar === true,
      requiredQualificationId: qualification?.id ?? null,
      timeZone: org.timeZone,
    });
    matches = byLocale.reduce((n, l) => n + l.matches, 0);
  }
  const startsAt = start ?? new Date();
  const helpers = Number(str("helpersNeeded"));
  const sample: MessageRequest = {
    id: "preview",
    title: str("title").slice(0, MAX_TITLE_LENGTH) || "…",
    details: str("details").slice(0, MAX_DETAILS_LENGTH),
    place: str("place").slice(0, MAX_PLACE_LENGTH),
    startsAt,
    endsAt: end && end > startsAt ? end : new Date(startsAt.getTime() + 3600e3),
    helpersNeeded: Number.isInteger(helpers) && helpers >= 1 && helpers <= MAX_HELPERS ? helpers : 1,
    acceptedCount: 0,
    activityNameDe: activity?.nameDe ?? "…",
    activityNameEn: activity?.nameEn ?? "…",
    activityNames: activity?.names ?? {},
  };
  // the same limit createAndSendRequest applies: the first wave, else the limit typed, else all (up to the maximum)
  const whole = (k: string) => (/^\d+$/.test(str(k)) ? Math.min(Number(str(k)), MAX_INVITES_PER_SEND) : null);
  const waves = raw.waves === "on" || raw.waves === true;
  const limit = waves ? (whole("waveSize") ?? defaultWaveSize(sample.helpersNeeded)) : (whole("inviteLimit") ?? MAX_INVITES_PER_SEND);
  const link = urls.response("x".repeat(22)); // a response token is 22 characters (lib/requests/tokens.ts)
  const mail = invitationEmail(org, sample, "de", "Anna", link);
  const german = smsPreview(invitationSms(org, sample, "de", link));
  const c = config();
  return {
    matches,
    requiredQualification: qualification ? { name: qualification.name } : null,
    askedNow: matches === null ? null : Math.min(matches, limit),
    sms: german,
    smsByLocale: byLocale
      .filter((l) => l.sms > 0)
      .map((l) => {
        const sms = smsPreview(invitationSms(org, sample, l.locale, link));
        return { locale: l.locale, recipients: l.sms, ...sms, totalCents: Math.round(sms.costCents * l.sms * 100) / 100, moreThanGerman: Math.max(0, sms.segments - german.segments) };
      }),
    smsLinkHost: { host: new URL(c.smsLinkBaseUrl).host, short: c.smsLinkBaseUrl !== c.appUrl },
    email: { subject: mail.subject, text: mail.text },
  };
}
