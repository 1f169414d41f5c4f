import { z } from "zod";
import { fieldErrorsOf, type FieldErrors as Errors } from "@/lib/result";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { isLanguageCode } from "@/lib/volunteers/languages";
import { normalizeCallablePhone } from "@/lib/volunteers/phone";
import {
  MAX_REASON_LENGTH,
  MAX_BRIEFING_LENGTH,
  MAX_DETAILS_LENGTH,
  MAX_DURATION_DAYS,
  MAX_ESCALATION_HOURS,
  MAX_HELPERS,
  MAX_INVITES_PER_SEND,
  MAX_LANGUAGES,
  MAX_NOTE_LENGTH,
  MAX_PLACE_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_WAVE_INTERVAL_MINUTES,
} from "./limits";

/**
 * Input rules for requests. Error messages are snake_case codes (lib/result.ts); the UI translates
 * them (messages/<locale>/requests.json → form.errors.<code>, timed.json → form.errors.<code>).
 * The numbers come from limits.ts.
 */

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

/**
 * The briefing for accepted helpers (all optional): meeting point, contact person on site with a
 * phone number (any valid number, stored as E.164 — libphonenumber-js, default country DE), what
 * to bring.
 */
export const briefingFields = {
  meetingPoint: z.string().trim().max(MAX_BRIEFING_LENGTH, { error: "too_long" }).default(""),
  contactName: z.string().trim().max(MAX_BRIEFING_LENGTH, { error: "too_long" }).default(""),
  contactPhone: z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (!v) return "";
      const phone = normalizeCallablePhone(v);
      if (phone.ok) return phone.e164;
      ctx.addIssue({ code: "custom", message: "phone_invalid" });
      return z.NEVER;
    }),
  whatToBring: z.string().trim().max(MAX_BRIEFING_LENGTH, { error: "too_long" }).default(""),
};
const briefingKeys = ["meetingPoint", "contactName", "contactPhone", "whatToBring"] as const;

export const requestFields = z.object({
  activityId: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(z.uuid({ error: "activity_unknown" })),
  title: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(MAX_TITLE_LENGTH, { error: "too_long" }),
  details: z.string().trim().max(MAX_DETAILS_LENGTH, { error: "too_long" }).default(""),
  place: z.string().trim().max(MAX_PLACE_LENGTH, { error: "too_long" }).default(""),
  startsAt: z.string({ error: "required" }).trim().min(1, { error: "required" }),
  endsAt: z.string({ error: "required" }).trim().min(1, { error: "required" }),
  helpersNeeded: intField(1, MAX_HELPERS, "helpers_range"),
  languageMode: z.enum(["none", "any", "all"], { error: "required" }).default("none"),
  languages: z
    .preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().trim().toLowerCase()).max(MAX_LANGUAGES, { error: "too_many" }))
    .default([]),
  channels: z.enum(["sms", "email", "both"], { error: "required" }).default("both"),
  requireDrivingLicence: checkbox.default(false),
  requireCar: checkbox.default(false),
  /** a qualification type of the organisation the helpers must hold, valid at the start (issue 16); blank: none */
  requiredQualificationId: z.preprocess((v) => (v === "" || v == null ? null : v), z.uuid({ error: "qualification_unknown" }).nullable()).default(null),
  /** default: on unless the request goes out by SMS only (an SMS costs money) */
  notifyPendingWhenFilled: optionalCheckbox,
  /** ask at most this many matching volunteers now (default: all matching, up to 1000) */
  inviteLimit: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, MAX_INVITES_PER_SEND, "invite_limit_range").optional()),
  /** waves: ask waveSize at a time (default 3 × helpers needed), the next after waveIntervalMinutes (default 30) */
  waves: checkbox.default(false),
  waveSize: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, MAX_INVITES_PER_SEND, "wave_size_range").optional()),
  waveIntervalMinutes: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(1, MAX_WAVE_INTERVAL_MINUTES, "wave_interval_range").optional()),
  /** no wave after this (wall-clock time like startsAt); default: the start */
  waveDeadline: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().trim().optional()),
  /** warn the coordinators this many hours before the start while still short (blank: the organisation's default; 0: never) */
  escalateHoursBefore: z.preprocess((v) => (v === "" || v === null ? undefined : v), intField(0, MAX_ESCALATION_HOURS, "escalation_range").optional()),
  /** one random key per rendered form: a second submission of the same form creates nothing new */
  submissionKey: z.string().regex(/^[A-Za-z0-9-]{16,64}$/).optional().catch(undefined),
  ...briefingFields,
});

export type RequestFieldsRaw = z.input<typeof requestFields>;
export type RequestField = keyof z.infer<typeof requestFields>;
export type FieldErrors = Errors<RequestField>;

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
  const fieldErrors: FieldErrors = parsed.success ? {} : fieldErrorsOf<RequestField>(parsed.error);
  const d = parsed.success ? parsed.data : undefined;
  const rawObj = (normalized ?? {}) as Record<string, unknown>;
  const startsAt = typeof rawObj.startsAt === "string" && rawObj.startsAt.trim() ? toInstant(rawObj.startsAt.trim(), opts.timeZone) : null;
  const endsAt = typeof rawObj.endsAt === "string" && rawObj.endsAt.trim() ? toInstant(rawObj.endsAt.trim(), opts.timeZone) : null;
  if (!fieldErrors.startsAt && !startsAt) fieldErrors.startsAt = "invalid_date";
  if (!fieldErrors.endsAt && !endsAt) fieldErrors.endsAt = "invalid_date";
  if (startsAt && !fieldErrors.startsAt && startsAt.getTime() < now.getTime()) fieldErrors.startsAt = "start_in_past";
  if (startsAt && endsAt && !fieldErrors.endsAt && endsAt.getTime() <= startsAt.getTime()) fieldErrors.endsAt = "end_before_start";
  if (endsAt && startsAt && endsAt.getTime() - startsAt.getTime() > MAX_DURATION_DAYS * 86_400_000 && !fieldErrors.endsAt) fieldErrors.endsAt = "too_long_duration";
  const waveDeadlineRaw = typeof rawObj.waveDeadline === "string" ? rawObj.waveDeadline.trim() : "";
  const waveDeadline = waveDeadlineRaw ? toInstant(waveDeadlineRaw, opts.timeZone) : null;
  if (!fieldErrors.waveDeadline && waveDeadlineRaw) {
    if (!waveDeadline) fieldErrors.waveDeadline = "invalid_date";
    else if (startsAt && waveDeadline.getTime() >= startsAt.getTime()) fieldErrors.waveDeadline = "wave_deadline_after_start";
    else if (waveDeadline.getTime() <= now.getTime()) fieldErrors.waveDeadline = "wave_deadline_in_past";
  }
  // checked even when other fields failed, so that every error shows at once
  const langs = Array.isArray(rawObj.languages) ? rawObj.languages : rawObj.languages === undefined ? [] : [rawObj.languages];
  const mode = d?.languageMode ?? rawObj.languageMode;
  if (!fieldErrors.languages) {
    if (langs.some((code) => typeof code !== "string" || !isLanguageCode(code.trim().toLowerCase()))) fieldErrors.languages = "invalid_language";
    else if ((mode === "any" || mode === "all") && langs.length === 0) fieldErrors.languages = "languages_required";
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
      ...(get("languagesOther") ?? "").split(/[\s,;]+/).filter(Boolean).slice(0, MAX_LANGUAGES),
    ],
    channels: get("channels") || undefined,
    requireDrivingLicence: get("requireDrivingLicence"),
    requireCar: get("requireCar"),
    requiredQualificationId: get("requiredQualificationId"),
    notifyPendingWhenFilled: fd.has("notifyPendingWhenFilledShown") ? get("notifyPendingWhenFilled") ?? "false" : undefined,
    inviteLimit: get("inviteLimit"),
    waves: get("waves"),
    submissionKey: get("submissionKey"),
    waveSize: get("waveSize"),
    waveIntervalMinutes: get("waveIntervalMinutes"),
    waveDeadline: get("waveDeadline"),
    escalateHoursBefore: get("escalateHoursBefore"),
    ...Object.fromEntries(briefingKeys.map((k) => [k, get(k)])),
  };
}

/** What an edit of a sent request may change, and the revision the form was rendered from. */
export const requestEditFields = z.object({
  title: requestFields.shape.title,
  details: requestFields.shape.details,
  place: requestFields.shape.place,
  startsAt: requestFields.shape.startsAt,
  endsAt: requestFields.shape.endsAt,
  helpersNeeded: requestFields.shape.helpersNeeded,
  revision: intField(0, 1_000_000, "invalid"),
  ...briefingFields,
});
export type RequestEditField = keyof z.infer<typeof requestEditFields>;
export type RequestEdit = Omit<z.infer<typeof requestEditFields>, "startsAt" | "endsAt"> & { startsAt: Date; endsAt: Date };

/**
 * Validates an edit: the same rules as a new request for what it shares (start not in the past,
 * end after start, at most MAX_DURATION_DAYS); "fewer than accepted" is the domain function's
 * check (it needs the row).
 */
export function parseRequestEdit(raw: unknown, opts: { timeZone: string; now?: Date }): { ok: true; data: RequestEdit } | { ok: false; fieldErrors: Errors<RequestEditField> } {
  const now = opts.now ?? new Date();
  const normalized = (normalizeDates(raw) ?? {}) as Record<string, unknown>;
  const parsed = requestEditFields.safeParse(normalized);
  const fieldErrors: Errors<RequestEditField> = parsed.success ? {} : fieldErrorsOf<RequestEditField>(parsed.error);
  const instant = (k: "startsAt" | "endsAt") => (typeof normalized[k] === "string" && (normalized[k] as string).trim() ? toInstant((normalized[k] as string).trim(), opts.timeZone) : null);
  const startsAt = instant("startsAt");
  const endsAt = instant("endsAt");
  if (!fieldErrors.startsAt && !startsAt) fieldErrors.startsAt = "invalid_date";
  if (!fieldErrors.endsAt && !endsAt) fieldErrors.endsAt = "invalid_date";
  if (startsAt && !fieldErrors.startsAt && startsAt.getTime() < now.getTime()) fieldErrors.startsAt = "start_in_past";
  if (startsAt && endsAt && !fieldErrors.endsAt && endsAt.getTime() <= startsAt.getTime()) fieldErrors.endsAt = "end_before_start";
  if (startsAt && endsAt && !fieldErrors.endsAt && endsAt.getTime() - startsAt.getTime() > MAX_DURATION_DAYS * 86_400_000) fieldErrors.endsAt = "too_long_duration";
  if (Object.keys(fieldErrors).length > 0 || !parsed.success || !startsAt || !endsAt) return { ok: false, fieldErrors };
  return { ok: true, data: { ...parsed.data, startsAt, endsAt } };
}

/** FormData of the edit form → the plain object parseRequestEdit expects. */
export function requestEditRawFromFormData(fd: FormData): Record<string, unknown> {
  const get = (k: string) => {
    const v = fd.get(k);
    return typeof v === "string" ? v : undefined;
  };
  return Object.fromEntries(["title", "details", "place", "startsAt", "endsAt", "helpersNeeded", "revision", ...briefingKeys].map((k) => [k, get(k)]));
}

export const helpersNeededSchema = z.object({ helpersNeeded: intField(1, MAX_HELPERS, "helpers_range") });
export const messageToHelpersSchema = z.object({
  text: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(MAX_NOTE_LENGTH, { error: "too_long" }),
});
/**
 * Cancelling: the coordinator must confirm (a checkbox, so it works without JavaScript); the
 * reason is optional, at most MAX_REASON_LENGTH characters, one line of plain text — control
 * characters and bidirectional overrides (which could disguise the text in the SMS) are refused.
 */
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
export const cancelSchema = z.object({
  confirm: z.literal("yes", { error: "confirm_required" }),
  reason: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(MAX_REASON_LENGTH, { error: "reason_too_long" }).refine((v) => !CONTROL_RE.test(v), { error: "reason_control" })),
});
export const askMoreSchema = z.object({ limit: intField(1, MAX_INVITES_PER_SEND, "invite_limit_range").optional() });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids from URLs and forms are checked before they reach a uuid column (a bad cast would be a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}
