import { z } from "zod";
import type { AccessibilitySettings, OrganizationSettings } from "@/db/schema";
import { ASSESSMENT_METHODS, CONFORMANCE_STATUSES } from "./constants";

/**
 * The organisation's settings for the accessibility statement (EU model, Implementing Decision
 * (EU) 2018/1523), the feedback contact and the sign-language page. Stored in
 * `organizations.settings.accessibility` (JSON, no migration); edited on /admin/settings.
 */

export { ASSESSMENT_METHODS, CONFORMANCE_STATUSES, FEDERAL_ENFORCEMENT_URL, type AssessmentMethod, type ConformanceStatus } from "./constants";

/** C0/C1 controls and bidi overrides (as in the volunteer form); newlines are checked per field. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAK = /[\r\n\t]/;

/** One line of text: no control characters, no line breaks. */
export const lineField = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .refine((v) => !CONTROL.test(v) && !LINE_BREAK.test(v), "control_chars");

/** Several lines (a textarea): line breaks and tabs allowed, other control characters not. */
export const textField = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .refine((v) => !CONTROL.test(v), "control_chars");

/** "" or an absolute https URL with a host (no other schemes: a `javascript:` link never reaches a page). */
export const httpsUrlField = z
  .string()
  .trim()
  .max(2000, "too_long")
  .refine((v) => !CONTROL.test(v) && !/\s/.test(v), "url_invalid")
  .refine((v) => v === "" || isHttpsUrl(v), "url_https");

export function isHttpsUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
}

const isoDate = z
  .string()
  .trim()
  .refine((v) => v === "" || isCalendarDate(v), "date_invalid");

function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** At most this many known non-accessible parts (one per line). */
export const MAX_BARRIERS = 30;

/**
 * The form fields. Every one is optional in the submitted form: a form (or an older client) that
 * does not send a field keeps the stored value; a field sent empty clears it.
 */
export const accessibilitySettingsShape = {
  conformance: z.enum(CONFORMANCE_STATUSES, "conformance_invalid").optional(),
  nonAccessible: textField(6000)
    .refine((v) => barrierLines(v).length <= MAX_BARRIERS, "too_many_lines")
    .refine((v) => barrierLines(v).every((l) => l.length <= 600 && l.split("|").length <= 3), "barrier_line_invalid")
    .optional(),
  statementPreparedOn: isoDate.optional(),
  statementReviewedOn: isoDate.optional(),
  assessmentMethod: z.enum(ASSESSMENT_METHODS, "method_invalid").optional(),
  assessmentDetails: lineField(500).optional(),
  accessibilityEmail: z
    .string()
    .trim()
    .max(320, "too_long")
    .refine((v) => v === "" || z.email().safeParse(v).success, "email_invalid")
    .optional(),
  accessibilityPhone: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\+?[0-9][0-9 ()/.-]{2,38}$/.test(v), "phone_invalid")
    .optional(),
  enforcementName: lineField(200).optional(),
  enforcementUrl: httpsUrlField.optional(),
  signLanguageVideoUrl: httpsUrlField.optional(),
  signLanguageDownloadUrl: httpsUrlField.optional(),
};

export type AccessibilityField = keyof typeof accessibilitySettingsShape;
export type AccessibilityFormValues = Record<AccessibilityField, string>;
type Parsed = { [K in AccessibilityField]?: z.infer<(typeof accessibilitySettingsShape)[K]> };

/** Object-level rules: the review is not earlier than the preparation; a body's link needs its name. */
export function checkAccessibilitySettings(v: Parsed, ctx: z.RefinementCtx) {
  if (v.statementPreparedOn && v.statementReviewedOn && v.statementReviewedOn < v.statementPreparedOn) {
    ctx.addIssue({ code: "custom", path: ["statementReviewedOn"], message: "review_before_preparation" });
  }
  if (v.enforcementUrl && v.enforcementName === "") {
    ctx.addIssue({ code: "custom", path: ["enforcementName"], message: "enforcement_name_required" });
  }
}

function barrierLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export type Barrier = { part: string; reason: string | null; alternative: string | null };

/** "Part | reason | alternative", one per line (reason and alternative may be left out). */
export function parseBarriers(text: string | undefined): Barrier[] {
  return barrierLines(text ?? "")
    .slice(0, MAX_BARRIERS)
    .map((line) => {
      const [part, reason, alternative] = line.split("|").map((x) => x.trim());
      return { part, reason: reason || null, alternative: alternative || null };
    })
    .filter((b) => b.part);
}

/** Stored settings → form values (absent = empty; the status defaults to "partial"). */
export function accessibilityFormValues(settings: OrganizationSettings): AccessibilityFormValues {
  const a = settings.accessibility ?? {};
  return {
    conformance: a.conformance ?? "partial",
    nonAccessible: a.nonAccessible ?? "",
    statementPreparedOn: a.statementPreparedOn ?? "",
    statementReviewedOn: a.statementReviewedOn ?? "",
    assessmentMethod: a.assessmentMethod ?? "self",
    assessmentDetails: a.assessmentDetails ?? "",
    accessibilityEmail: a.accessibilityEmail ?? "",
    accessibilityPhone: a.accessibilityPhone ?? "",
    enforcementName: a.enforcementName ?? "",
    enforcementUrl: a.enforcementUrl ?? "",
    signLanguageVideoUrl: a.signLanguageVideoUrl ?? "",
    signLanguageDownloadUrl: a.signLanguageDownloadUrl ?? "",
  };
}

/** Parsed form values merged over the stored ones: fields not sent stay as they were; empty ones are removed. */
export function mergeAccessibilitySettings(stored: AccessibilitySettings | undefined, v: Parsed): AccessibilitySettings {
  const out: Record<string, string> = { ...(stored ?? {}) };
  for (const key of Object.keys(accessibilitySettingsShape) as AccessibilityField[]) {
    const value = v[key];
    if (value === undefined) continue;
    if (value === "") delete out[key];
    else out[key] = value;
  }
  return out as AccessibilitySettings;
}
