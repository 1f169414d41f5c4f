import type { Db } from "@/db";
import { findActiveActivity } from "@/lib/activities/queries";
import type { Actor } from "@/lib/auth/guard-types";
import { config } from "@/lib/config";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { urls } from "@/lib/urls";
import { isLanguageCode } from "@/lib/volunteers/languages";
import { MAX_DETAILS_LENGTH, MAX_HELPERS, MAX_LANGUAGES, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH } from "./limits";
import { loadMessageOrg } from "./load";
import { countMatches } from "./matching";
import { invitationEmail, invitationSms, type MessageRequest } from "./messages";

export type RequestPreview = {
  /** null while no valid activity or start is chosen */
  matches: number | null;
  /** counted like the transport sends it (smart encoding: „“ – stay GSM-7); cost from SMS_SEGMENT_PRICE_CENTS */
  sms: { text: string; encoding: "GSM-7" | "UCS-2"; characters: number; segments: number; costCents: number };
  email: { subject: string; text: string };
};

/**
 * What the new-request form shows before sending, from a half-filled form: how many volunteers
 * match right now, and the SMS (length, segments, estimated price per recipient) and e-mail as a
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
  const activity = await findActiveActivity(db, actor.organizationId, activityId);
  if (start && activity) {
    const languages = (Array.isArray(raw.languages) ? raw.languages : []).filter((l): l is string => typeof l === "string" && isLanguageCode(l)).slice(0, MAX_LANGUAGES);
    const mode = raw.languageMode === "any" || raw.languageMode === "all" ? raw.languageMode : "none";
    matches = await countMatches(db, actor.organizationId, {
      activityId,
      startsAt: start,
      languageMode: languages.length ? mode : "none",
      languages,
      channels: raw.channels === "sms" || raw.channels === "email" ? raw.channels : "both",
      requireDrivingLicence: raw.requireDrivingLicence === "on" || raw.requireDrivingLicence === true,
      requireCar: raw.requireCar === "on" || raw.requireCar === true,
      timeZone: org.timeZone,
    });
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
  };
  const link = urls.response("x".repeat(43));
  const text = invitationSms(org, sample, "de", link);
  const sms = analyzeSms(text, { priceCentsPerSegment: config().SMS_SEGMENT_PRICE_CENTS });
  const mail = invitationEmail(org, sample, "de", "Anna", link);
  return {
    matches,
    sms: { text, encoding: sms.encoding, characters: sms.characters, segments: sms.segments, costCents: sms.costCents },
    email: { subject: mail.subject, text: mail.text },
  };
}
