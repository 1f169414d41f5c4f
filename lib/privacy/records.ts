import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { AppConfig } from "@/lib/config";
import { UNSUBSCRIBE_TOKEN_DAYS } from "@/lib/messaging/unsubscribe";
import { WEBHOOK_RECEIPT_DAYS } from "@/lib/messaging/webhook-receipts";
import { RESPONSE_LINK_GRACE_MS } from "@/lib/requests/respond";
import { retentionOf } from "@/lib/organizations/settings-schema";
import { FEED_MAX_EVENTS, FEED_PAST_DAYS } from "@/lib/volunteers/calendar-feed";
import { CONSENT_VERSION } from "@/lib/volunteers/consent";
import { MESSAGES_PER_RECIPIENT_PER_HOUR } from "@/lib/volunteers/notify";
import { TOKEN_TTL_MS } from "@/lib/volunteers/tokens";

/**
 * The record of processing activities (Art. 30 GDPR) as data, built from the configuration and
 * the organisation's settings — the same values the scheduler jobs, rate limits and transports
 * use, so the record cannot drift from what the installation does. It holds keys and numbers,
 * no prose: lib/privacy/document.ts turns it into German or English text (messages/<locale>/privacy.json)
 * for the admin page, the Markdown download and the public privacy page.
 */

export type PurposeKey = "registration" | "requests" | "messaging" | "coordinatorAccess" | "audit";
export type CategoryKey =
  | "identity"
  | "contact"
  | "preferences"
  | "skills"
  | "optionalDetails"
  | "consentRecord"
  | "confirmations"
  | "requestDetails"
  | "answers"
  | "calendarFeed"
  | "messageContent"
  | "deliveryData"
  | "stopFlags"
  | "coordinatorAccount"
  | "sessions"
  | "auditEntries"
  | "ipAddresses";
export type SubjectKey = "volunteers" | "coordinators" | "peopleInRequests" | "visitors";
export type LegalBasisKey = "consent" | "legitimateInterest" | "security";
export type RecipientKey = "coordinators" | "admins" | ProcessorKey;
export type ProcessorKey = "hosting" | "database" | "email" | "sms" | "telegram" | "whatsapp";
export type RetentionKey =
  | "unconfirmedSignUps"
  | "messageBodies"
  | "inactiveVolunteers"
  | "erasureOnRequest"
  | "volunteerLinks"
  | "responseLinks"
  | "calendarFeedLinks"
  | "coordinatorSessions"
  | "auditIps"
  | "auditEntries"
  | "rateLimitCounters"
  | "webhookReceipts";
export type MeasureKey =
  | "tls"
  | "hashedTokens"
  | "rateLimits"
  | "securityHeaders"
  | "logs"
  | "accessControl"
  | "coordinatorSessions"
  | "auditLog"
  | "erasure"
  | "minimisation"
  | "doubleOptIn"
  | "consentProof";

export type Purpose = {
  key: PurposeKey;
  legalBasis: LegalBasisKey;
  subjects: SubjectKey[];
  categories: CategoryKey[];
  recipients: RecipientKey[];
  retention: RetentionKey[];
};

/**
 * configured: named in the configuration; notConfigured: the installation does not say (the
 * record says so plainly); embedded: the database runs inside the application (PGlite), so the
 * hosting provider holds it; notUsed: the channel has no provider (development transport: the
 * messages stay in the database and never leave it).
 */
export type ProcessorState = "configured" | "notConfigured" | "embedded" | "notUsed";
export type Processor = {
  key: ProcessorKey;
  state: ProcessorState;
  /** company as configured or known (Resend, Twilio); null when not configured */
  name: string | null;
  /** for Resend/Twilio: where the data is processed (a key of privacy.json "locations") */
  location: "resendUs" | "twilioUs" | "twilioIe" | "twilioRegion" | "telegramUae" | "whatsappMeta" | null;
  /** the Twilio region when it is neither us1 nor ie1 */
  region?: string;
  /** the environment variable(s) that decide it */
  source: string[];
};

export type RetentionSource = { kind: "setting"; names: string[] } | { kind: "env"; names: string[] } | { kind: "fixed" };
export type RetentionRule = { key: RetentionKey; values: Record<string, number>; source: RetentionSource };

export type Measure = { key: MeasureKey; ok: boolean; values: Record<string, string | number> };

export type ProcessingRecord = {
  generatedAt: Date;
  controller: { name: string; address: string | null; privacyContact: string | null };
  consentVersion: string;
  purposes: Purpose[];
  processors: Processor[];
  retention: RetentionRule[];
  measures: Measure[];
};

type OrgInput = Pick<s.Organization, "name" | "settings">;
type ConfigInput = Pick<
  AppConfig,
  | "appUrl"
  | "RESEND_API_KEY"
  | "TWILIO_ACCOUNT_SID"
  | "TWILIO_AUTH_TOKEN"
  | "TWILIO_REGION"
  | "TELEGRAM_BOT_TOKEN"
  | "TWILIO_WHATSAPP_FROM"
  | "DATABASE_URL"
  | "HOSTING_PROVIDER"
  | "DATABASE_PROVIDER"
  | "AUTH_IDLE_TIMEOUT_MINUTES"
  | "AUTH_SESSION_MAX_HOURS"
  | "AUTH_LINK_MINUTES"
  | "RATE_LIMIT_REGISTER_PER_IP_HOUR"
  | "RATE_LIMIT_SIGN_IN_PER_IP_HOUR"
>;

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Fixed in code (app/admin/sign-in/actions.ts, app/r/[token]/actions.ts, lib/volunteers/rate-limits.ts). */
const FIXED_LIMITS = { registerPerAddressHour: 3, signInPerAddressHour: 5, coordinatorSignInPerAddress: 5, coordinatorSignInPerIp: 30, coordinatorSignInWindowMinutes: 15, answersPerLink: 30, answersWindowMinutes: 10 };

function processorsOf(c: ConfigInput): Processor[] {
  // no DATABASE_URL: PGlite inside the application process (db/client.ts)
  const embedded = !c.DATABASE_URL;
  const twilio = !!(c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN);
  const region = c.TWILIO_REGION?.toLowerCase();
  return [
    { key: "hosting", state: c.HOSTING_PROVIDER ? "configured" : "notConfigured", name: c.HOSTING_PROVIDER ?? null, location: null, source: ["HOSTING_PROVIDER"] },
    {
      key: "database",
      state: c.DATABASE_PROVIDER ? "configured" : embedded ? "embedded" : "notConfigured",
      name: c.DATABASE_PROVIDER ?? null,
      location: null,
      source: ["DATABASE_PROVIDER", "DATABASE_URL"],
    },
    c.RESEND_API_KEY
      ? { key: "email", state: "configured", name: "Resend, Inc.", location: "resendUs", source: ["RESEND_API_KEY"] }
      : { key: "email", state: "notUsed", name: null, location: null, source: ["RESEND_API_KEY"] },
    twilio
      ? {
          key: "sms",
          state: "configured",
          name: "Twilio Inc.",
          location: !region || region === "us1" ? "twilioUs" : region === "ie1" ? "twilioIe" : "twilioRegion",
          ...(region && region !== "us1" && region !== "ie1" ? { region } : {}),
          source: ["TWILIO_ACCOUNT_SID", "TWILIO_REGION"],
        }
      : { key: "sms", state: "notUsed", name: null, location: null, source: ["TWILIO_ACCOUNT_SID"] },
    // Telegram (issue 18) only where a bot is configured: it is an opt-in channel, unknown to an installation without one
    ...(c.TELEGRAM_BOT_TOKEN ? [{ key: "telegram" as const, state: "configured" as const, name: "Telegram FZ-LLC", location: "telegramUae" as const, source: ["TELEGRAM_BOT_TOKEN"] }] : []),
    // WhatsApp (issue 18) likewise, where a sender is configured: Twilio hands the messages to WhatsApp (Meta)
    ...(c.TWILIO_WHATSAPP_FROM && c.TWILIO_ACCOUNT_SID
      ? [{ key: "whatsapp" as const, state: "configured" as const, name: "Twilio Inc. / WhatsApp Ireland Limited (Meta)", location: "whatsappMeta" as const, source: ["TWILIO_WHATSAPP_FROM"] }]
      : []),
  ];
}

function retentionRulesOf(settings: s.OrganizationSettings, c: ConfigInput): RetentionRule[] {
  const r = retentionOf(settings);
  const setting = (...names: string[]): RetentionSource => ({ kind: "setting", names: names.map((n) => `retention.${n}`) });
  return [
    { key: "unconfirmedSignUps", values: { days: r.unconfirmedDays, linkDays: TOKEN_TTL_MS.confirm_email / DAY }, source: setting("unconfirmedDays") },
    { key: "messageBodies", values: { days: r.messageBodyDays }, source: setting("messageBodyDays") },
    { key: "inactiveVolunteers", values: { months: r.inactiveMonths, days: r.inactiveNoticeDays }, source: setting("inactiveMonths", "inactiveNoticeDays") },
    { key: "erasureOnRequest", values: {}, source: { kind: "fixed" } },
    {
      key: "volunteerLinks",
      values: { signInMinutes: TOKEN_TTL_MS.volunteer_sign_in / MINUTE, sessionDays: TOKEN_TTL_MS.volunteer_session / DAY, afterDays: 1 },
      source: { kind: "fixed" },
    },
    { key: "responseLinks", values: { days: RESPONSE_LINK_GRACE_MS / DAY }, source: { kind: "fixed" } },
    { key: "calendarFeedLinks", values: { pastDays: FEED_PAST_DAYS, maxEvents: FEED_MAX_EVENTS }, source: { kind: "fixed" } },
    {
      key: "coordinatorSessions",
      values: { idleMinutes: c.AUTH_IDLE_TIMEOUT_MINUTES, maxHours: c.AUTH_SESSION_MAX_HOURS, linkMinutes: c.AUTH_LINK_MINUTES },
      source: { kind: "env", names: ["AUTH_IDLE_TIMEOUT_MINUTES", "AUTH_SESSION_MAX_HOURS", "AUTH_LINK_MINUTES"] },
    },
    { key: "auditIps", values: { days: r.auditIpDays }, source: setting("auditIpDays") },
    { key: "auditEntries", values: {}, source: { kind: "fixed" } },
    { key: "rateLimitCounters", values: { days: 1 }, source: { kind: "fixed" } },
    { key: "webhookReceipts", values: { days: WEBHOOK_RECEIPT_DAYS }, source: { kind: "fixed" } },
  ];
}

function measuresOf(settings: s.OrganizationSettings, c: ConfigInput): Measure[] {
  const r = retentionOf(settings);
  return [
    { key: "tls", ok: c.appUrl.startsWith("https://"), values: { url: c.appUrl } },
    { key: "hashedTokens", ok: true, values: { unsubscribeDays: UNSUBSCRIBE_TOKEN_DAYS } },
    {
      key: "rateLimits",
      ok: true,
      values: {
        registerPerIp: c.RATE_LIMIT_REGISTER_PER_IP_HOUR,
        signInPerIp: c.RATE_LIMIT_SIGN_IN_PER_IP_HOUR,
        messagesPerRecipient: MESSAGES_PER_RECIPIENT_PER_HOUR,
        ...FIXED_LIMITS,
      },
    },
    // the headers next.config.ts sets on every response (update together)
    { key: "securityHeaders", ok: true, values: {} },
    { key: "logs", ok: true, values: {} },
    { key: "accessControl", ok: true, values: {} },
    { key: "coordinatorSessions", ok: true, values: { idleMinutes: c.AUTH_IDLE_TIMEOUT_MINUTES, maxHours: c.AUTH_SESSION_MAX_HOURS } },
    { key: "auditLog", ok: true, values: { days: r.auditIpDays } },
    { key: "erasure", ok: true, values: {} },
    { key: "minimisation", ok: true, values: {} },
    { key: "doubleOptIn", ok: true, values: {} },
    { key: "consentProof", ok: true, values: { version: CONSENT_VERSION } },
  ];
}

const PURPOSES: Purpose[] = [
  {
    key: "registration",
    legalBasis: "consent",
    subjects: ["volunteers"],
    categories: ["identity", "contact", "preferences", "skills", "optionalDetails", "consentRecord", "confirmations"],
    recipients: ["coordinators", "admins", "hosting", "database", "email", "sms"],
    retention: ["unconfirmedSignUps", "inactiveVolunteers", "erasureOnRequest", "volunteerLinks"],
  },
  {
    key: "requests",
    legalBasis: "consent",
    subjects: ["volunteers", "peopleInRequests"],
    categories: ["requestDetails", "answers", "calendarFeed"],
    recipients: ["coordinators", "admins", "hosting", "database", "email", "sms", "telegram", "whatsapp"],
    retention: ["responseLinks", "calendarFeedLinks", "erasureOnRequest"],
  },
  {
    key: "messaging",
    legalBasis: "consent",
    subjects: ["volunteers", "coordinators"],
    categories: ["contact", "messageContent", "deliveryData", "stopFlags"],
    recipients: ["email", "sms", "telegram", "whatsapp", "hosting", "database"],
    retention: ["messageBodies", "webhookReceipts", "erasureOnRequest"],
  },
  {
    key: "coordinatorAccess",
    legalBasis: "legitimateInterest",
    subjects: ["coordinators"],
    categories: ["coordinatorAccount", "sessions"],
    recipients: ["admins", "hosting", "database", "email"],
    retention: ["coordinatorSessions"],
  },
  {
    key: "audit",
    legalBasis: "security",
    subjects: ["coordinators", "volunteers", "visitors"],
    categories: ["auditEntries", "ipAddresses"],
    recipients: ["admins", "hosting", "database"],
    retention: ["auditIps", "auditEntries", "rateLimitCounters"],
  },
];

/** Pure: the record for one organisation under one configuration. */
export function buildProcessingRecord(org: OrgInput, c: ConfigInput, now = new Date()): ProcessingRecord {
  const settings = org.settings ?? {};
  return {
    generatedAt: now,
    controller: { name: org.name, address: settings.address?.trim() || null, privacyContact: settings.privacyContact?.trim() || null },
    consentVersion: CONSENT_VERSION,
    purposes: PURPOSES,
    processors: processorsOf(c),
    retention: retentionRulesOf(settings, c),
    measures: measuresOf(settings, c),
  };
}

/** The record of an organisation from the database. */
export async function loadProcessingRecord(db: DbOrTx, organizationId: string, c: ConfigInput, now = new Date()): Promise<ProcessingRecord | null> {
  const [org] = await db.select({ name: s.organizations.name, settings: s.organizations.settings }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  return org ? buildProcessingRecord(org, c, now) : null;
}

export function retentionRule(record: ProcessingRecord, key: RetentionKey): RetentionRule {
  return record.retention.find((r) => r.key === key)!;
}
