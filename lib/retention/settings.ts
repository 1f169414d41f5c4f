import type { OrganizationSettings } from "@/db/schema";

/**
 * The retention periods of one organisation (settings.retention), with defaults filled in. The
 * scheduler jobs, the settings form, the record of processing activities and the privacy page all
 * read them here, so what the page promises is what the jobs do. No imports beyond the types:
 * lib/volunteers/purge.ts and lib/retention/index.ts both use it.
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

/** Upper bounds, the same as the settings form accepts. */
export const RETENTION_MAX: RetentionSettings = { unconfirmedDays: 90, messageBodyDays: 3650, inactiveMonths: 240, inactiveNoticeDays: 365, auditIpDays: 3650 };

const pos = (v: unknown, def: number, max: number) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= max ? v : def);

export function retentionOf(settings: OrganizationSettings | null | undefined): RetentionSettings {
  const r = settings?.retention ?? {};
  const out = {} as RetentionSettings;
  for (const key of Object.keys(DEFAULT_RETENTION) as (keyof RetentionSettings)[]) out[key] = pos(r[key], DEFAULT_RETENTION[key], RETENTION_MAX[key]);
  return out;
}
