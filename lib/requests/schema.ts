import { z } from "zod";
import { isLanguageCode } from "@/lib/volunteers/languages";
import { zonedLocalToUtc } from "./time";

/**
 * Input rules for requests. Error messages are codes; the UI translates them
 * (messages/<locale>/requests.json → form.errors.<code>).
 */
export const MAX_HELPERS = 500;
export const MAX_INVITES_PER_SEND = 1000;

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());
const optionalCheckbox = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? undefined : v === true || v === "on" || v === "true" || v === "1"),
  z.boolean().optional(),
);
const intField = (min: number, max: number, code: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z.number({ error: code }).int({ error: code }).min(min, { error: code }).max(max, { error: code }),
  );

export const requestFields = z.object({
  activityId: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(z.uuid({ error: "activityUnknown" })),
  title: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(120, { error: "tooLong" }),
  details: z.string().trim().max(2000, { error: "tooLong" }).default(""),
  place: z.string().trim().max(300, { error: "tooLong" }).default(""),
  startsAt: z.string({ error: "required" }).trim().min(1, { error: "required" }),
  endsAt: z.string({ error: "required" }).trim().min(1, { error: "required" }),
  helpersNeeded: intField(1, MAX_HELPERS, "helpersRange"),
  languageMode: z.enum(["none", "any", "all"], { error: "required" }).default("none"),
  languages: z
    .preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().trim().toLowerCase()).max(20, { error: "tooMany" }))
    .default([]),
  channels: z.enum(["sms", "email", "both"], { error: "required" }).default("both"),
  requireDrivingLicence: checkbox.default(false),
  requireCar: checkbox.default(false),
  /** default: on unless the request goes out by SMS only (an SMS costs money) */
  notifyPendingWhenFilled: optionalCheckbox,
  /** ask at most this many matching volunteers now (default: all matching, up to 1000) */
  inviteLimit: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, MAX_INVITES_PER_SEND, "inviteLimitRange").optional()),
  /** waves: ask waveSize at a time (default 3 × helpers needed), the next after waveIntervalMinutes (default 30) */
  waves: checkbox.default(false),
  waveSize: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, MAX_INVITES_PER_SEND, "waveSizeRange").optional()),
  waveIntervalMinutes: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, 7 * 24 * 60, "waveIntervalRange").optional()),
  /** no wave after this (wall-clock time like startsAt); default: the start */
  waveDeadline: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().trim().optional()),
  /** one random key per rendered form: a second submission of the same form creates nothing new */
  submissionKey: z.string().regex(/^[A-Za-z0-9-]{16,64}$/).optional().catch(undefined),
});

export type RequestFieldsRaw = z.input<typeof requestFields>;
export type RequestField = keyof z.infer<typeof requestFields>;
export type FieldErrors = Partial<Record<RequestField, string>>;

export type RequestInput = Omit<z.infer<typeof requestFields>, "startsAt" | "endsAt" | "notifyPendingWhenFilled" | "waveDeadline"> & {
  startsAt: Date;
  endsAt: Date;
  waveDeadline: Date | null;
  notifyPendingWhenFilled: boolean;
};

export type ParsedRequestInput = { ok: true; data: RequestInput } | { ok: false; fieldErrors: FieldErrors };

/**
 * Validates what a coordinator typed: times are wall-clock times in the organisation's zone
 * (or ISO instants / Date objects from code and tests). Activity ownership is checked by the
 * domain function against the database.
 */
export function parseRequestInput(raw: unknown, opts: { timeZone: string; now?: Date }): ParsedRequestInput {
  const now = opts.now ?? new Date();
  const normalized = normalizeDates(raw);
  const parsed = requestFields.safeParse(normalized);
  const fieldErrors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form") as RequestField;
      fieldErrors[field] ??= issue.message && /^[a-zA-Z]+$/.test(issue.message) ? issue.message : "invalid";
    }
  }
  const d = parsed.success ? parsed.data : undefined;
  const rawObj = (normalized ?? {}) as Record<string, unknown>;
  const startsAt = typeof rawObj.startsAt === "string" && rawObj.startsAt.trim() ? toInstant(rawObj.startsAt.trim(), opts.timeZone) : null;
  const endsAt = typeof rawObj.endsAt === "string" && rawObj.endsAt.trim() ? toInstant(rawObj.endsAt.trim(), opts.timeZone) : null;
  if (!fieldErrors.startsAt && !startsAt) fieldErrors.startsAt = "invalidDate";
  if (!fieldErrors.endsAt && !endsAt) fieldErrors.endsAt = "invalidDate";
  if (startsAt && !fieldErrors.startsAt && startsAt.getTime() < now.getTime()) fieldErrors.startsAt = "startInPast";
  if (startsAt && endsAt && !fieldErrors.endsAt && endsAt.getTime() <= startsAt.getTime()) fieldErrors.endsAt = "endBeforeStart";
  if (endsAt && startsAt && endsAt.getTime() - startsAt.getTime() > 14 * 86_400_000 && !fieldErrors.endsAt) fieldErrors.endsAt = "tooLongDuration";
  const waveDeadlineRaw = typeof rawObj.waveDeadline === "string" ? rawObj.waveDeadline.trim() : "";
  const waveDeadline = waveDeadlineRaw ? toInstant(waveDeadlineRaw, opts.timeZone) : null;
  if (!fieldErrors.waveDeadline && waveDeadlineRaw) {
    if (!waveDeadline) fieldErrors.waveDeadline = "invalidDate";
    else if (startsAt && waveDeadline.getTime() >= startsAt.getTime()) fieldErrors.waveDeadline = "waveDeadlineAfterStart";
    else if (waveDeadline.getTime() <= now.getTime()) fieldErrors.waveDeadline = "waveDeadlineInPast";
  }
  // checked even when other fields failed, so that every error shows at once
  const langs = Array.isArray(rawObj.languages) ? rawObj.languages : rawObj.languages === undefined ? [] : [rawObj.languages];
  const mode = d?.languageMode ?? rawObj.languageMode;
  if (!fieldErrors.languages) {
    if (langs.some((code) => typeof code !== "string" || !isLanguageCode(code.trim().toLowerCase()))) fieldErrors.languages = "invalidLanguage";
    else if ((mode === "any" || mode === "all") && langs.length === 0) fieldErrors.languages = "languagesRequired";
  }
  if (Object.keys(fieldErrors).length > 0 || !d || !startsAt || !endsAt) return { ok: false, fieldErrors };
  return {
    ok: true,
    data: {
      ...d,
      languages: d.languageMode === "none" ? [] : Array.from(new Set(d.languages)),
      startsAt,
      endsAt,
      waveDeadline: d.waves ? waveDeadline : null,
      notifyPendingWhenFilled: d.notifyPendingWhenFilled ?? d.channels !== "sms",
    },
  };
}

function normalizeDates(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const o = { ...(raw as Record<string, unknown>) };
  for (const k of ["startsAt", "endsAt", "waveDeadline"]) if (o[k] instanceof Date) o[k] = (o[k] as Date).toISOString();
  return o;
}

function toInstant(value: string, timeZone: string): Date | null {
  // A full ISO instant (with Z or offset) from code; otherwise a wall-clock time in the zone.
  if (/[zZ]$|[+-]\d{2}:\d{2}$/.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return zonedLocalToUtc(value, timeZone);
}

/** FormData → the plain object parseRequestInput expects (checkbox groups become arrays). */
export function requestRawFromFormData(fd: FormData): Record<string, unknown> {
  const get = (k: string) => {
    const v = fd.get(k);
    return typeof v === "string" ? v : undefined;
  };
  return {
    activityId: get("activityId"),
    title: get("title"),
    details: get("details"),
    place: get("place"),
    startsAt: get("startsAt"),
    endsAt: get("endsAt"),
    helpersNeeded: get("helpersNeeded"),
    languageMode: get("languageMode") || undefined,
    // checkboxes for the common languages plus a free field for other ISO codes ("sq, ro")
    languages: [
      ...fd.getAll("languages").filter((v): v is string => typeof v === "string"),
      ...(get("languagesOther") ?? "").split(/[\s,;]+/).filter(Boolean).slice(0, 20),
    ],
    channels: get("channels") || undefined,
    requireDrivingLicence: get("requireDrivingLicence"),
    requireCar: get("requireCar"),
    notifyPendingWhenFilled: fd.has("notifyPendingWhenFilledShown") ? get("notifyPendingWhenFilled") ?? "false" : undefined,
    inviteLimit: get("inviteLimit"),
    waves: get("waves"),
    submissionKey: get("submissionKey"),
    waveSize: get("waveSize"),
    waveIntervalMinutes: get("waveIntervalMinutes"),
    waveDeadline: get("waveDeadline"),
  };
}

export const helpersNeededSchema = z.object({ helpersNeeded: intField(1, MAX_HELPERS, "helpersRange") });
export const messageToHelpersSchema = z.object({
  text: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(600, { error: "tooLong" }),
});
export const askMoreSchema = z.object({ limit: intField(1, MAX_INVITES_PER_SEND, "inviteLimitRange").optional() });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids from URLs and forms are checked before they reach a uuid column (a bad cast would be a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}
