/**
 * The limits of a request, in one place: the zod schema (schema.ts), the preview (preview.ts),
 * the forms (max / maxLength attributes) and the error texts read them from here. Pure constants,
 * so client components may import this file. MAX_HELPERS is also the database's CHECK
 * `requests_helpers_needed_ck` (db/schema.ts, migration 0000); a test keeps the two equal.
 */
export const MAX_HELPERS = 500;
/**
 * At most this many volunteers asked by one send, one "ask more", one wave: one matchVolunteers
 * call (its own cap is the same 5,000) and one set-based fan-out in the coordinator's transaction,
 * about 1.5 s on 2 shared cores (docs/benchmarks.md, "Fan-out"). Larger pools are asked in waves.
 */
export const MAX_INVITES_PER_SEND = 5000;
export const MAX_TITLE_LENGTH = 120;
export const MAX_DETAILS_LENGTH = 2000;
export const MAX_PLACE_LENGTH = 300;
export const MAX_LANGUAGES = 20;
/** a request lasts at most this many days */
export const MAX_DURATION_DAYS = 14;
/** a coordinator's note to the accepted helpers */
export const MAX_NOTE_LENGTH = 600;
/** the reason given with a cancellation */
export const MAX_REASON_LENGTH = 500;
/** a cancellation SMS with a reason: the German text in at most this many GSM-7 segments (the reason is shortened to fit; messages.ts) */
export const CANCEL_SMS_SEGMENTS = 2;

/**
 * Escalation: warn the coordinators at most this many hours before the start (two weeks). The same
 * bound as SETTINGS_BOUNDS.escalationHoursBefore and the CHECK requests_escalate_hours_ck; a test keeps them equal.
 */
export const MAX_ESCALATION_HOURS = 336;
/** briefing fields for accepted helpers (meeting point, contact name, what to bring) */
export const MAX_BRIEFING_LENGTH = 300;

/** Waves: the next wave this many minutes after the last one, unless the coordinator set another interval. */
export const DEFAULT_WAVE_INTERVAL_MINUTES = 30;
export const MAX_WAVE_INTERVAL_MINUTES = 7 * 24 * 60;
/** Waves: this many volunteers per wave unless set (3 × helpers needed, at most one send). */
export const defaultWaveSize = (helpersNeeded: number) => Math.min(3 * helpersNeeded, MAX_INVITES_PER_SEND);

/** The limits as values for the error texts ("1 bis {maxHelpers}"), so no text repeats a number. */
export const LIMIT_MESSAGE_VALUES = { maxReason: MAX_REASON_LENGTH, maxHelpers: MAX_HELPERS, maxInvites: MAX_INVITES_PER_SEND, maxLanguages: MAX_LANGUAGES, maxDays: MAX_DURATION_DAYS };
