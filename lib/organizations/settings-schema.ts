import { z } from "zod";
import { accessibilitySettingsShape, checkAccessibilitySettings, lineField, textField } from "@/lib/accessibility/settings";
import type { OrganizationSettings } from "@/db/schema";

/**
 * Organisation settings in one place: their bounds, their defaults, the readers the timed work
 * uses (reminders, quiet hours, retention, unconfirmed sign-ups) and the admin form's schema.
 * Pure (no database): lib/requests, lib/retention and lib/volunteers read settings through
 * these functions, and lib/organizations/settings.ts stores what the form sends.
 */

/** Inclusive bounds, shared by the form's validation and the readers (a stored value outside them falls back to the default). */
export const SETTINGS_BOUNDS = {
  reminderHours: { min: 1, max: 24 * 14 },
  quietHour: { min: 0, max: 23 },
  urgentWithinHours: { min: 0, max: 48 },
  unconfirmedDays: { min: 1, max: 90 },
  messageBodyDays: { min: 1, max: 3650 },
  inactiveMonths: { min: 1, max: 240 },
  inactiveNoticeDays: { min: 1, max: 365 },
  auditIpDays: { min: 1, max: 3650 },
  // 0 = no warning; 336 = two weeks (the requests_escalate_hours_ck constraint repeats it)
  escalationHoursBefore: { min: 0, max: 336 },
  reopenAskPerSeat: { min: 1, max: 50 },
  defaultDurationMinutes: { min: 15, max: 24 * 60 },
  seriesMaxOccurrences: { min: 1, max: 520 },
  // 60 = the request_series_lead_ck constraint
  seriesLeadDays: { min: 0, max: 60 },
} as const;

/** Series (issue 15): at most this many occurrences per series, created up front. */
export const DEFAULT_SERIES_MAX_OCCURRENCES = 104;
export function seriesMaxOccurrencesOf(settings: OrganizationSettings | null | undefined): number {
  return within(settings?.seriesMaxOccurrences, SETTINGS_BOUNDS.seriesMaxOccurrences, DEFAULT_SERIES_MAX_OCCURRENCES);
}
/** An occurrence is asked this many days before its start (the series form's default). */
export const DEFAULT_SERIES_LEAD_DAYS = 7;
export function seriesLeadDaysOf(settings: OrganizationSettings | null | undefined): number {
  return within(settings?.seriesLeadDays, SETTINGS_BOUNDS.seriesLeadDays, DEFAULT_SERIES_LEAD_DAYS);
}

/**
 * Escalation (issue 12): a request still short of helpers this many hours before its start is
 * reported to the coordinators once (lib/requests/escalation.ts). A request may set its own
 * number (requests.escalate_hours_before); 0 turns the warning off.
 */
export const DEFAULT_ESCALATION_HOURS_BEFORE = 24;


/** A reopened seat of a request without waves asks this many further matching volunteers (lib/requests/reopen.ts). */
export const DEFAULT_REOPEN_ASK_PER_SEAT = 3;

export function reopenAskPerSeatOf(settings: OrganizationSettings | null | undefined): number {
  const v = settings?.reopenAskPerSeat;
  const b = SETTINGS_BOUNDS.reopenAskPerSeat;
  return typeof v === "number" && Number.isInteger(v) && v >= b.min && v <= b.max ? v : DEFAULT_REOPEN_ASK_PER_SEAT;
}

/** Whether the public landing page shows the count of open needs (issue 15); off unless switched on. */
export function showOpenNeedsCountOf(settings: OrganizationSettings | null | undefined): boolean {
  return settings?.showOpenNeedsCount === true;
}

/** A new request lasts this long unless the coordinator changes its end (the form's end follows the start). */
export const DEFAULT_DURATION_MINUTES = 120;

export function defaultDurationOf(settings: OrganizationSettings | null | undefined): number {
  return within(settings?.defaultDurationMinutes, SETTINGS_BOUNDS.defaultDurationMinutes, DEFAULT_DURATION_MINUTES);
}

/** Reminders to accepted helpers, hours before the start: the larger is reminder 1, the smaller reminder 2 (0 = none). */
export const DEFAULT_REMINDER_HOURS: [number, number] = [24, 2];

/**
 * Quiet hours: no SMS between `start` and `end` o'clock in the organisation's time zone, unless
 * the request starts within `urgentWithinHours`.
 */
export type QuietHours = { start: number; end: number; urgentWithinHours: number };
export const DEFAULT_QUIET_HOURS: QuietHours = { start: 21, end: 7, urgentWithinHours: 4 };

/**
 * Retention periods (settings.retention). The scheduler jobs, the settings form, the record of
 * processing activities and the privacy page all read them through retentionOf, so what the page
 * promises is what the jobs do.
 */
export type RetentionSettings = {
  /** sign-ups without a confirmed channel are deleted after this many days */
  unconfirmedDays: number;
  /** message subject/body/HTML/attachments are removed this many days after the message was written */
  messageBodyDays: number;
  /** volunteers without sign-in or answer this long get a notice… */
  inactiveMonths: number;
  /** …and are erased when they do not sign in within this many days */
  inactiveNoticeDays: number;
  /** IP addresses in the audit log are removed after this many days */
  auditIpDays: number;
};
export const DEFAULT_RETENTION: RetentionSettings = { unconfirmedDays: 7, messageBodyDays: 90, inactiveMonths: 24, inactiveNoticeDays: 30, auditIpDays: 90 };

/** Sign-ups that never confirmed a channel are deleted after this many days. */
export const DEFAULT_UNCONFIRMED_DAYS = DEFAULT_RETENTION.unconfirmedDays;

const within = (v: unknown, b: { min: number; max: number }, def: number, integer = true) =>
  typeof v === "number" && (!integer || Number.isInteger(v)) && v >= b.min && v <= b.max ? v : def;

export function reminderHoursOf(settings: OrganizationSettings): [number, number] {
  const b = SETTINGS_BOUNDS.reminderHours;
  const hs = (settings.reminderHours ?? []).filter((h) => typeof h === "number" && h > 0 && h <= b.max).sort((a, b) => b - a);
  if (hs.length === 0) return DEFAULT_REMINDER_HOURS;
  if (hs.length === 1) return [hs[0], 0];
  return [hs[0], hs[1]];
}

/** The organisation's escalation default in hours before the start (0 = off). */
export function escalationHoursOf(settings: OrganizationSettings | null | undefined): number {
  return within(settings?.escalationHoursBefore, SETTINGS_BOUNDS.escalationHoursBefore, DEFAULT_ESCALATION_HOURS_BEFORE);
}

export function quietHoursOf(settings: OrganizationSettings): QuietHours {
  const q = settings.quietHours;
  if (!q) return DEFAULT_QUIET_HOURS;
  return {
    start: within(q.start, SETTINGS_BOUNDS.quietHour, DEFAULT_QUIET_HOURS.start),
    end: within(q.end, SETTINGS_BOUNDS.quietHour, DEFAULT_QUIET_HOURS.end),
    urgentWithinHours: within(q.urgentWithinHours, SETTINGS_BOUNDS.urgentWithinHours, DEFAULT_QUIET_HOURS.urgentWithinHours, false),
  };
}

export function retentionOf(settings: OrganizationSettings | null | undefined): RetentionSettings {
  const r = settings?.retention ?? {};
  const out = {} as RetentionSettings;
  for (const key of Object.keys(DEFAULT_RETENTION) as (keyof RetentionSettings)[]) out[key] = within(r[key], SETTINGS_BOUNDS[key], DEFAULT_RETENTION[key]);
  return out;
}

export function unconfirmedDaysOf(settings: OrganizationSettings | null | undefined): number {
  return retentionOf(settings).unconfirmedDays;
}

// ---- the admin form (lib/organizations/settings.ts) ----

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
/**
 * Text fields refuse control characters and bidi overrides (issue 13: a CR/LF in the name became
 * extra .ics properties); one-line fields also refuse line breaks, the imprint (a textarea) not.
 */
const text = lineField;
/** a whole number typed into a form field, within bounds (the error code names the bounds' kind) */
const whole = (b: { min: number; max: number }) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, "number_invalid")
    .transform(Number)
    .pipe(z.number().min(b.min, "number_range").max(b.max, "number_range"));

export const settingsSchema = z.object({
  name: text(120).min(1, "required"),
  emailSenderName: text(80).min(1, "required"),
  // SMS alphanumeric sender IDs: at most 11 letters/digits (carrier rule), must contain a letter.
  smsSenderName: z.string().trim().regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, "sms_sender_invalid"),
  timeZone: z.string().trim().refine((v) => TIME_ZONES.has(v), "time_zone_invalid"),
  privacyContact: text(300).min(1, "required"),
  address: text(300),
  imprint: textField(4000).min(1, "required"),
  // timed work (issue 7): reminders, quiet hours for SMS, retention periods
  reminder1Hours: whole(SETTINGS_BOUNDS.reminderHours),
  reminder2Hours: whole({ min: 0, max: SETTINGS_BOUNDS.reminderHours.max }), // 0 = no second reminder
  quietStart: whole(SETTINGS_BOUNDS.quietHour),
  quietEnd: whole(SETTINGS_BOUNDS.quietHour),
  urgentWithinHours: whole(SETTINGS_BOUNDS.urgentWithinHours),
  unconfirmedDays: whole(SETTINGS_BOUNDS.unconfirmedDays),
  messageBodyDays: whole(SETTINGS_BOUNDS.messageBodyDays),
  inactiveMonths: whole(SETTINGS_BOUNDS.inactiveMonths),
  inactiveNoticeDays: whole(SETTINGS_BOUNDS.inactiveNoticeDays),
  // issue 13: IP addresses in the audit log (optional in the input: a form without the field keeps the stored value)
  auditIpDays: whole(SETTINGS_BOUNDS.auditIpDays).optional(),
  // issue 12: warn the coordinators this many hours before the start of a request still short (optional like auditIpDays)
  escalationHoursBefore: whole(SETTINGS_BOUNDS.escalationHoursBefore).optional(),
  // issue 12: the new-request form's default duration (optional: a form without the field keeps the stored value)
  defaultDurationMinutes: whole(SETTINGS_BOUNDS.defaultDurationMinutes).optional(),
  // issue 12: how many further volunteers a reopened seat asks (optional: a form without the field keeps the stored value)
  reopenAskPerSeat: whole(SETTINGS_BOUNDS.reopenAskPerSeat).optional(),
  // issue 15: the landing page's count of open needs (optional: a form without the field keeps the stored value)
  showOpenNeedsCount: z.enum(["show", "hide"], "choice_invalid").optional(),
  // issue 16: shown in the list of organisations on `/` (organizations.listed; optional: a form without the field keeps the stored value)
  listed: z.enum(["listed", "unlisted"], "choice_invalid").optional(),
  // accessibility statement, feedback contact, sign-language video (issue 17)
  ...accessibilitySettingsShape,
}).superRefine(checkAccessibilitySettings);
/** What the form shows and sends: numbers travel as text. */
export type SettingsFormValues = Record<keyof z.input<typeof settingsSchema>, string>;
export type SettingsField = keyof z.infer<typeof settingsSchema>;
export type SettingsValues = z.infer<typeof settingsSchema>;

/** The effective timed-work settings (defaults filled in) as form values. */
export function timedWorkFormValues(settings: OrganizationSettings) {
  const [r1, r2] = reminderHoursOf(settings);
  const q = quietHoursOf(settings);
  const r = retentionOf(settings);
  return {
    reminder1Hours: String(r1),
    reminder2Hours: String(r2),
    quietStart: String(q.start),
    quietEnd: String(q.end),
    urgentWithinHours: String(q.urgentWithinHours),
    unconfirmedDays: String(r.unconfirmedDays),
    messageBodyDays: String(r.messageBodyDays),
    inactiveMonths: String(r.inactiveMonths),
    inactiveNoticeDays: String(r.inactiveNoticeDays),
    auditIpDays: String(r.auditIpDays),
    escalationHoursBefore: String(escalationHoursOf(settings)),
    defaultDurationMinutes: String(defaultDurationOf(settings)),
    reopenAskPerSeat: String(reopenAskPerSeatOf(settings)),
    showOpenNeedsCount: showOpenNeedsCountOf(settings) ? "show" : "hide",
  };
}

