import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  foreignKey,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  customType,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/** Texts per locale (e.g. an activity's name in Arabic); lib/activities/names.ts reads them. */
export type LocalizedTexts = Partial<Record<"de" | "en" | "ar" | "fa" | "uk" | "ru" | "tr", string>>;

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => tz("created_at").notNull().defaultNow();

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

export const memberRole = pgEnum("member_role", ["admin", "coordinator"]);
export const volunteerStatus = pgEnum("volunteer_status", ["pending", "active", "paused", "deactivated"]);
export const contactPreference = pgEnum("contact_preference", ["sms", "email", "both"]);
/**
 * voice: a Twilio Programmable Voice call with keypad answer; telegram: a Bot API message with
 * buttons; whatsapp: a Twilio WhatsApp message, business-initiated as an approved template (issue 18)
 */
export const messageChannel = pgEnum("message_channel", ["sms", "email", "voice", "telegram", "whatsapp"]);
export const partOfDay = pgEnum("part_of_day", ["morning", "afternoon", "evening"]);
export const requestStatus = pgEnum("request_status", ["open", "filled", "cancelled", "closed"]);
export const languageMode = pgEnum("language_mode", ["none", "any", "all"]);
export const invitationStatus = pgEnum("invitation_status", [
  "queued", // planned for a later wave, not asked yet
  "pending",
  "accepted",
  "declined",
  "withdrawn",
  "not_needed",
  "expired",
]);
export const messageStatus = pgEnum("message_status", ["queued", "sending", "sent", "delivered", "failed", "cancelled"]);
/** Which requests a coordinator hears about: the ones they created, or every request of the organisation. */
export const noticeScope = pgEnum("notice_scope", ["mine", "organization"]);
/**
 * connect_telegram: the one-time token of the t.me deep link that binds a Telegram chat
 * (lib/volunteers/telegram.ts); connect_whatsapp: the code of the wa.me link the volunteer sends
 * from WhatsApp (lib/volunteers/whatsapp.ts)
 */
export const tokenPurpose = pgEnum("token_purpose", ["confirm_email", "confirm_phone", "volunteer_sign_in", "volunteer_session", "connect_telegram", "connect_whatsapp"]);

// ---------------------------------------------------------------------------------------------
// Organisations and coordinators (Auth.js tables + memberships)
// ---------------------------------------------------------------------------------------------

/** Per message: the organisation's sender (unset parts: the installation's). */
export type MessageSender = { fromName?: string; fromAddress?: string; replyTo?: string; smsMessagingServiceSid?: string; smsFrom?: string };

export type OrganizationSettings = {
  privacyContact?: string;
  imprint?: string;
  address?: string;
  /** hours before the start at which accepted helpers are reminded (default [24, 2]) */
  reminderHours?: number[];
  /** no SMS from start to end o'clock local time, unless the request starts within urgentWithinHours (defaults 21, 7, 4) */
  quietHours?: { start: number; end: number; urgentWithinHours?: number };
  /** warn the coordinators this many hours before the start of a request still short of helpers (default 24, 0 = off; lib/organizations/settings-schema.ts) */
  escalationHoursBefore?: number;
  /** retention periods (defaults and readers in lib/organizations/settings-schema.ts) */
  retention?: { unconfirmedDays?: number; messageBodyDays?: number; inactiveMonths?: number; inactiveNoticeDays?: number; auditIpDays?: number };
  /** accessibility statement, feedback contact and sign-language video (lib/accessibility/settings.ts) */
  accessibility?: AccessibilitySettings;
  /** a seat that reopens (withdrawal, more helpers needed) asks this many further volunteers per seat (default 3; lib/requests/reopen.ts) */
  reopenAskPerSeat?: number;
  /** the new-request form's end follows the start by this many minutes until changed (default 120) */
  defaultDurationMinutes?: number;
  /** the public landing page shows how many requests still look for helpers (default off; issue 15) */
  showOpenNeedsCount?: boolean;
  /** a series may have at most this many occurrences (default 104; lib/series) */
  seriesMaxOccurrences?: number;
  /** a series' occurrence is asked this many days before its start unless the series says otherwise (default 7) */
  seriesLeadDays?: number;
};

export type AccessibilitySettings = {
  conformance?: "full" | "partial" | "none";
  /** known non-accessible parts, one per line: "part | reason | alternative" */
  nonAccessible?: string;
  /** YYYY-MM-DD */
  statementPreparedOn?: string;
  statementReviewedOn?: string;
  assessmentMethod?: "self" | "third_party";
  /** tools and procedure, e.g. "axe-core in automated tests, keyboard and screen-reader checks" */
  assessmentDetails?: string;
  /** receives the feedback form's e-mails */
  accessibilityEmail?: string;
  accessibilityPhone?: string;
  /** the Land's enforcement body; empty = the federal Schlichtungsstelle nach § 16 BGG */
  enforcementName?: string;
  enforcementUrl?: string;
  signLanguageVideoUrl?: string;
  signLanguageDownloadUrl?: string;
};

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("Europe/Berlin"),
  emailSenderName: text("email_sender_name"),
  smsSenderName: text("sms_sender_name"),
  // Senders and branding (issue 16; lib/organizations/branding.ts). Null: the installation's
  // EMAIL_FROM address / EMAIL_REPLY_TO / TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM, and no logo or accent.
  /** the From address of its e-mails, on a domain verified with Resend */
  emailFromAddress: text("email_from_address"),
  emailReplyTo: text("email_reply_to"),
  /** a Twilio messaging service SID (MG…) or an alphanumeric sender ID (1–11 characters) */
  smsSender: text("sms_sender"),
  /** #rrggbb with at least 4.5:1 contrast against white */
  accentColor: text("accent_color"),
  /** the logo's file name in URLs, "<hash>.<ext>" (bytes in organization_logos); changes with every upload */
  logoFile: text("logo_file"),
  settings: jsonb("settings").$type<OrganizationSettings>().notNull().default({}),
  /**
   * Set by a platform administrator (lib/platform): its coordinators cannot act, its public
   * pages take no registrations, no wave / reminder / escalation runs and the dispatcher holds
   * its queued messages (they stay queued until it is reactivated). Null = active.
   */
  suspendedAt: tz("suspended_at"),
  /** shown in the list of organisations on `/` (an admin opts in, /admin/settings; lib/organizations/public.ts) */
  listed: boolean("listed").notNull().default(false),
  createdAt: createdAt(),
});

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** An organisation's logo (PNG or JPEG, checked by content, at most 200 KB): one row, replaced on upload. */
export const organizationLogos = pgTable(
  "organization_logos",
  {
    organizationId: uuid("organization_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
    contentType: text("content_type").notNull(),
    /** = organizations.logo_file; the URL names it, so a cached old logo is never shown as the new one */
    file: text("file").notNull(),
    bytes: bytea("bytes").notNull(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [check("organization_logos_type_ck", sql`${t.contentType} in ('image/png', 'image/jpeg')`), check("organization_logos_size_ck", sql`octet_length(${t.bytes}) <= 204800`)],
);

export const users = pgTable("users", {
  id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: tz("email_verified"),
  image: text("image"),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expires: tz("expires").notNull(),
    lastSeenAt: tz("last_seen_at").defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: tz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Platform (installation) administrators: a role above organisations (lib/platform). They create,
 * rename and suspend organisations and invite each one's first admin; they see per-organisation
 * counts only. Being one gives no access to any organisation's /admin pages (that needs a membership).
 */
export const platformAdmins = pgTable("platform_admins", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organizationId] }), index("memberships_org_idx").on(t.organizationId)],
);

/**
 * What a coordinator wants to be told about requests (lib/members/notice-preferences.ts), per
 * membership: removing someone from the team removes their preferences and number with it. No
 * row = the defaults (a helper withdrew and still short before the start, by e-mail, for the
 * requests they created), which the column defaults repeat.
 */
export const coordinatorNoticePreferences = pgTable(
  "coordinator_notice_preferences",
  {
    userId: text("user_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    onWithdrawn: boolean("on_withdrawn").notNull().default(true),
    onFilled: boolean("on_filled").notNull().default(false),
    onShort: boolean("on_short").notNull().default(true),
    onChanged: boolean("on_changed").notNull().default(false),
    onCancelled: boolean("on_cancelled").notNull().default(false),
    scope: noticeScope("scope").notNull().default("mine"),
    byEmail: boolean("by_email").notNull().default(true),
    bySms: boolean("by_sms").notNull().default(false),
    /** E.164, mobile; only for these notices */
    phone: text("phone"),
    /** the coordinator area's language for the notices (i18n/config.ts adminLocales) */
    locale: text("locale").notNull().default("de"),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.organizationId] }),
    foreignKey({ columns: [t.userId, t.organizationId], foreignColumns: [memberships.userId, memberships.organizationId], name: "coordinator_notice_preferences_membership_fk" }).onDelete("cascade"),
    check("coordinator_notice_preferences_locale_ck", sql`${t.locale} in ('de', 'en')`),
    check("coordinator_notice_preferences_sms_ck", sql`not ${t.bySms} or ${t.phone} is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Activities and volunteers
// ---------------------------------------------------------------------------------------------

export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    nameDe: text("name_de").notNull(),
    nameEn: text("name_en").notNull(),
    descriptionDe: text("description_de").notNull().default(""),
    descriptionEn: text("description_en").notNull().default(""),
    /** names and descriptions in the other volunteer languages, keyed by locale (ar, fa, uk, ru, tr); German is the fallback */
    names: jsonb("names").$type<LocalizedTexts>().notNull().default({}),
    descriptions: jsonb("descriptions").$type<LocalizedTexts>().notNull().default({}),
    position: integer("position").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("activities_org_key_uq").on(t.organizationId, t.key),
    uniqueIndex("activities_org_name_de_uq").on(t.organizationId, sql`lower(${t.nameDe})`),
    index("activities_org_position_idx").on(t.organizationId, t.position),
  ],
);

export const volunteers = pgTable(
  "volunteers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    /** lower-cased */
    email: text("email"),
    /** E.164, mobile numbers only */
    phone: text("phone"),
    contactPreference: contactPreference("contact_preference").notNull().default("email"),
    locale: text("locale").notNull().default("de"),
    status: volunteerStatus("status").notNull().default("pending"),
    pausedUntil: tz("paused_until"),
    statusReason: text("status_reason"),
    availableFlexible: boolean("available_flexible").notNull().default(false),
    hasDrivingLicence: boolean("has_driving_licence").notNull().default(false),
    hasCar: boolean("has_car").notNull().default(false),
    postalCode: text("postal_code"),
    note: text("note"),
    maxRequestsPerWeek: smallint("max_requests_per_week"),
    /**
     * Proof of consent. Null only while an imported volunteer (lib/volunteers/import) has not yet
     * confirmed: they give consent themselves on the confirmation page; the CHECK
     * volunteers_consent_ck keeps it present for every volunteer who is not pending.
     */
    consentVersion: text("consent_version"),
    consentAt: tz("consent_at"),
    consentChannel: text("consent_channel").notNull().default("web"),
    /** language of the consent text shown (lib/volunteers/consent-texts.ts); null for consents recorded before texts were hashed */
    consentLocale: text("consent_locale"),
    /** SHA-256 (hex) of the exact consent text shown, as kept in lib/volunteers/consent-texts.ts */
    consentTextSha256: text("consent_text_sha256"),
    /** the controller named in the consent text as shown (the organisation's name then; texts from 2026-12-v2 name it) */
    consentController: text("consent_controller"),
    /** the volunteer declined a newer consent text at sign-in: paused until they agree */
    consentDeclinedAt: tz("consent_declined_at"),
    emailConfirmedAt: tz("email_confirmed_at"),
    phoneConfirmedAt: tz("phone_confirmed_at"),
    emailBouncedAt: tz("email_bounced_at"),
    smsOptedOutAt: tz("sms_opted_out_at"),
    /** set by the one-click unsubscribe (List-Unsubscribe-Post); no more e-mails while set */
    emailOptedOutAt: tz("email_opted_out_at"),
    /**
     * Matching without per-row lookups (lib/requests/matching.ts): reached by e-mail / SMS as the
     * requests reach them (preferred and usable: lib/volunteers/channels.ts reachesByPreferenceSql),
     * kept by the database itself as stored generated columns.
     */
    reachEmail: boolean("reach_email").generatedAlwaysAs(
      sql`contact_preference in ('email', 'both') and email is not null and email_confirmed_at is not null and email_bounced_at is null and email_opted_out_at is null`,
    ),
    reachSms: boolean("reach_sms").generatedAlwaysAs(sql`contact_preference in ('sms', 'both') and phone is not null and phone_confirmed_at is not null and sms_opted_out_at is null`),
    /**
     * Voice calls (issue 18, lib/volunteers/voice.ts): the number to call (E.164, a landline or a
     * mobile, may equal `phone`), confirmed by a code read out in a call (or by the confirmed SMS
     * number when it is the same), stopped with 0 on the keypad or in the profile. The code is kept
     * only as an HMAC (voiceCodeHash) with its expiry and the wrong tries.
     */
    voicePhone: text("voice_phone"),
    voiceConfirmedAt: tz("voice_confirmed_at"),
    voiceOptedOutAt: tz("voice_opted_out_at"),
    voiceCodeHash: text("voice_code_hash"),
    voiceCodeExpiresAt: tz("voice_code_expires_at"),
    voiceCodeAttempts: smallint("voice_code_attempts").notNull().default(0),
    /** usable for calls (the rule of lib/volunteers/channels.ts canUseChannel "voice") */
    reachVoice: boolean("reach_voice").generatedAlwaysAs(sql`voice_phone is not null and voice_confirmed_at is not null and voice_opted_out_at is null`),
    /**
     * Telegram (issue 18, lib/volunteers/telegram.ts): the private chat bound by the volunteer
     * opening the profile's t.me deep link (its one-time token is the opt-in), as the chat id's
     * decimal text. Stopped by /stop, by blocking the bot or in the profile; removed by
     * "disconnect" and by erasure.
     */
    telegramChatId: text("telegram_chat_id"),
    telegramConnectedAt: tz("telegram_connected_at"),
    telegramOptedOutAt: tz("telegram_opted_out_at"),
    /** usable for Telegram (the rule of lib/volunteers/channels.ts canUseChannel "telegram") */
    reachTelegram: boolean("reach_telegram").generatedAlwaysAs(sql`telegram_chat_id is not null and telegram_opted_out_at is null`),
    /**
     * WhatsApp (issue 18, lib/volunteers/whatsapp.ts): the number (E.164) that sent the profile's
     * one-time code to our WhatsApp sender — the opt-in is that message, so the number is WhatsApp's
     * own proof. Stopped by STOP in the chat or in the profile; removed by "disconnect" and erasure.
     * whatsapp_last_inbound_at opens WhatsApp's 24-hour window for free-text replies.
     */
    whatsappPhone: text("whatsapp_phone"),
    whatsappConnectedAt: tz("whatsapp_connected_at"),
    whatsappOptedOutAt: tz("whatsapp_opted_out_at"),
    whatsappLastInboundAt: tz("whatsapp_last_inbound_at"),
    /**
     * The volunteer's order of the phone channels (issue 18's channel model; lib/volunteers/channels.ts
     * instantSlotSql): t Telegram, w WhatsApp, s SMS — the first usable one carries the messages of
     * the SMS slot, the next steps in when it is stopped or disconnected. E-mail stays as
     * contact_preference says.
     */
    instantOrder: text("instant_order").notNull().default("tws"),
    /** usable for WhatsApp (the rule of lib/volunteers/channels.ts canUseChannel "whatsapp") */
    reachWhatsapp: boolean("reach_whatsapp").generatedAlwaysAs(sql`whatsapp_phone is not null and whatsapp_opted_out_at is null`),
    /**
     * volunteer_availability as a bitmask, bit (weekday − 1) × 3 + part of day (morning 0,
     * afternoon 1, evening 2): kept in step by the trigger volunteer_availability_mask on that
     * table (migration 0012), read by matching (lib/volunteers/availability-mask.ts).
     */
    availabilityMask: integer("availability_mask").notNull().default(0),
    /** volunteer_activities as an array with a GIN index, kept in step by the trigger volunteer_activity_ids (migration 0012) */
    activityIds: uuid("activity_ids").array().notNull().default(sql`'{}'::uuid[]`),
    lastAskedAt: tz("last_asked_at"),
    lastActiveAt: tz("last_active_at"),
    inactivityNoticeAt: tz("inactivity_notice_at"),
    createdAt: createdAt(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("volunteers_org_email_uq").on(t.organizationId, t.email).where(sql`${t.email} is not null`),
    uniqueIndex("volunteers_org_phone_uq").on(t.organizationId, t.phone).where(sql`${t.phone} is not null`),
    // without last_asked_at (migration 0033): matching orders by it "nulls first", which this
    // index could not serve, and with it every ask (last_asked_at = now) was an update of all nine
    // indexes instead of a heap-only (HOT) update; the table keeps 15 % of each page free for that
    index("volunteers_match_idx").on(t.organizationId, t.status),
    index("volunteers_activity_ids_idx").using("gin", t.activityIds),
    index("volunteers_pending_created_idx").on(t.status, t.createdAt),
    index("volunteers_name_idx").on(t.organizationId, t.lastName, t.firstName),
    index("volunteers_telegram_chat_idx").on(t.telegramChatId).where(sql`${t.telegramChatId} is not null`),
    index("volunteers_whatsapp_phone_idx").on(t.whatsappPhone).where(sql`${t.whatsappPhone} is not null`),
    check("volunteers_contact_ck", sql`${t.email} is not null or ${t.phone} is not null`),
    check("volunteers_instant_order_ck", sql`${t.instantOrder} in ('tws', 'tsw', 'wts', 'wst', 'stw', 'swt')`),
    check("volunteers_consent_ck", sql`${t.status} = 'pending' or (${t.consentVersion} is not null and ${t.consentAt} is not null)`),
    // the message language: i18n/config.ts volunteerLocales (a unit test keeps both the same)
    check("volunteers_locale_ck", sql`${t.locale} in ('de', 'en', 'ar', 'fa', 'uk', 'ru', 'tr')`),
  ],
);

export const volunteerActivities = pgTable(
  "volunteer_activities",
  {
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    activityId: uuid("activity_id").notNull().references(() => activities.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.volunteerId, t.activityId] }), index("volunteer_activities_activity_idx").on(t.activityId, t.volunteerId)],
);

export const volunteerLanguages = pgTable(
  "volunteer_languages",
  {
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    /** ISO 639 code (639-1 where one exists, else 639-3, e.g. "prs" for Dari) */
    language: text("language").notNull(),
  },
  (t) => [primaryKey({ columns: [t.volunteerId, t.language] }), index("volunteer_languages_language_idx").on(t.language, t.volunteerId)],
);

export const volunteerAvailability = pgTable(
  "volunteer_availability",
  {
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    /** ISO weekday: 1 = Monday … 7 = Sunday */
    weekday: smallint("weekday").notNull(),
    partOfDay: partOfDay("part_of_day").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.volunteerId, t.weekday, t.partOfDay] }),
    index("volunteer_availability_slot_idx").on(t.weekday, t.partOfDay, t.volunteerId),
    check("volunteer_availability_weekday_ck", sql`${t.weekday} between 1 and 7`),
  ],
);

/** One-time and session tokens of volunteers; only the SHA-256 of a token is stored. */
export const volunteerTokens = pgTable(
  "volunteer_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    purpose: tokenPurpose("purpose").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: tz("expires_at").notNull(),
    usedAt: tz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("volunteer_tokens_volunteer_idx").on(t.volunteerId, t.purpose)],
);

/**
 * A volunteer's personal calendar feed (issue 15): at most one per volunteer. The feed URL's token
 * is derived from the row id with the server secret (lib/volunteers/calendar-feed.ts) and only its
 * SHA-256 is stored; revoking deletes the row (the URL answers 404), re-creating makes a new row
 * (a new id, so a new URL). Cascade-deleted with the volunteer (erasure).
 */
export const volunteerCalendarFeeds = pgTable("volunteer_calendar_feeds", {
  id: uuid("id").primaryKey().defaultRandom(),
  volunteerId: uuid("volunteer_id")
    .notNull()
    .unique()
    .references(() => volunteers.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: createdAt(),
});
export type VolunteerCalendarFeed = typeof volunteerCalendarFeeds.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Qualifications, coordinator notes and tags (issue 16; lib/qualifications, lib/volunteers/notes.ts)
// ---------------------------------------------------------------------------------------------

/**
 * A kind of proof a volunteer can hold ("Erweitertes Führungszeugnis", "Erste-Hilfe-Kurs"), per
 * organisation, managed by its admins. `validity_months` prefills the expiry of a new entry (null:
 * no expiry, e.g. a driving licence). Deactivated, never deleted while referenced.
 */
export const qualificationTypes = pgTable(
  "qualification_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    validityMonths: smallint("validity_months"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("qualification_types_org_name_uq").on(t.organizationId, sql`lower(${t.name})`),
    // 600 = MAX_VALIDITY_MONTHS (lib/qualifications/schema.ts)
    check("qualification_types_validity_ck", sql`${t.validityMonths} is null or ${t.validityMonths} between 1 and 600`),
  ],
);

/**
 * That a coordinator has SEEN a volunteer's proof (the document itself is never stored): one row
 * per volunteer and type, recorded again on renewal. Valid through `expires_on` (a local calendar
 * day, inclusive; null: no expiry). `reminder_sent_at`: the volunteer's reminder before expiry
 * went out (once per entry; cleared when the entry is recorded again with new dates).
 */
export const volunteerQualifications = pgTable(
  "volunteer_qualifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    typeId: uuid("type_id").notNull().references(() => qualificationTypes.id, { onDelete: "restrict" }),
    issuedOn: date("issued_on").notNull(),
    expiresOn: date("expires_on"),
    recordedBy: text("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: tz("recorded_at").notNull().defaultNow(),
    reminderSentAt: tz("reminder_sent_at"),
  },
  (t) => [
    // matching: a correlated EXISTS on (volunteer, type) answered from this index alone (expires_on in it)
    index("volunteer_qualifications_match_idx").on(t.volunteerId, t.typeId, t.expiresOn),
    uniqueIndex("volunteer_qualifications_one_per_type_uq").on(t.volunteerId, t.typeId),
    // the expiring list and the reminder job
    index("volunteer_qualifications_org_expires_idx").on(t.organizationId, t.expiresOn).where(sql`${t.expiresOn} is not null`),
    check("volunteer_qualifications_dates_ck", sql`${t.expiresOn} is null or ${t.expiresOn} >= ${t.issuedOn}`),
  ],
);

/** Internal notes of coordinators about a volunteer: append-only (never shown on public pages; in the volunteer's export). */
export const volunteerNotes = pgTable(
  "volunteer_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("volunteer_notes_volunteer_idx").on(t.volunteerId, t.createdAt)],
);

/** Tag names of an organisation ("Sommerfest 2026", "Springer*in"); many per volunteer. */
export const tags = pgTable(
  "tags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tags_org_name_uq").on(t.organizationId, sql`lower(${t.name})`)],
);

export const volunteerTags = pgTable(
  "volunteer_tags",
  {
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    tagId: uuid("tag_id").notNull().references(() => tags.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.volunteerId, t.tagId] }), index("volunteer_tags_tag_idx").on(t.tagId, t.volunteerId)],
);

// ---------------------------------------------------------------------------------------------
// Requests and invitations
// ---------------------------------------------------------------------------------------------

export const requests = pgTable(
  "requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    activityId: uuid("activity_id").notNull().references(() => activities.id, { onDelete: "restrict" }),
    /** Short code for SMS replies when a helper has several open invitations ("JA K7F"). */
    shortCode: text("short_code").notNull(),
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    place: text("place").notNull().default(""),
    startsAt: tz("starts_at").notNull(),
    endsAt: tz("ends_at").notNull(),
    helpersNeeded: integer("helpers_needed").notNull(),
    /** Kept in step with accepted invitations by conditional updates: the "exactly N" guard. */
    acceptedCount: integer("accepted_count").notNull().default(0),
    languageMode: languageMode("language_mode").notNull().default("none"),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    channels: contactPreference("channels").notNull().default("both"),
    requireDrivingLicence: boolean("require_driving_licence").notNull().default(false),
    requireCar: boolean("require_car").notNull().default(false),
    notifyPendingWhenFilled: boolean("notify_pending_when_filled").notNull().default(true),
    status: requestStatus("status").notNull().default("open"),
    waveSize: integer("wave_size"),
    waveIntervalMinutes: integer("wave_interval_minutes"),
    waveDeadline: tz("wave_deadline"),
    wavesStopped: boolean("waves_stopped").notNull().default(false),
    currentWave: integer("current_wave").notNull().default(1),
    nextWaveAt: tz("next_wave_at"),
    /** warn the coordinators this many hours before the start while helpers are missing; null = the organisation's default, 0 = never */
    escalateHoursBefore: smallint("escalate_hours_before"),
    /** when that warning was queued (it goes out once per request) */
    escalatedAt: tz("escalated_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    /** the creating form's random key: a double submit (double click, reload, no JS) creates one request */
    submissionKey: text("submission_key"),
    /** +1 on every edit after sending: the calendar entries' SEQUENCE and the edit form's optimistic check */
    revision: integer("revision").notNull().default(0),
    /** briefing for accepted helpers only (never shown to the unanswered) */
    meetingPoint: text("meeting_point").notNull().default(""),
    contactName: text("contact_name").notNull().default(""),
    /** E.164 (libphonenumber-js), or empty */
    contactPhone: text("contact_phone").notNull().default(""),
    whatToBring: text("what_to_bring").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
    filledAt: tz("filled_at"),
    cancelledAt: tz("cancelled_at"),
    /** what the coordinator gave as the reason (shown to the helpers and on the board), "" when none */
    cancelReason: text("cancel_reason"),
    cancelledBy: text("cancelled_by").references(() => users.id, { onDelete: "set null" }),
    closedAt: tz("closed_at"),
    /** a slot of a shift plan (issue 15): an ordinary request, asked for together with its plan's other slots */
    shiftPlanId: uuid("shift_plan_id").references((): AnyPgColumn => shiftPlans.id),
    /** the series this request is an occurrence of (issue 15); null for a one-off request */
    seriesId: uuid("series_id").references((): AnyPgColumn => requestSeries.id, { onDelete: "set null" }),
    /** 1-based position in the series, and the local calendar day it was generated for */
    occurrenceIndex: integer("occurrence_index"),
    occurrenceDate: date("occurrence_date"),
    /**
     * An occurrence created ahead is asked from this time on (lib/series/ask.ts, scheduler job
     * "series"): standing commitments first, then the matching volunteers. Null: asked already
     * (every one-off request is asked when it is created).
     */
    askAt: tz("ask_at"),
    /** only volunteers with a valid entry of this qualification (not expired at the start) are matched (issue 16) */
    requiredQualificationId: uuid("required_qualification_id").references((): AnyPgColumn => qualificationTypes.id, { onDelete: "restrict" }),
  },
  (t) => [
    index("requests_shift_plan_idx").on(t.shiftPlanId).where(sql`${t.shiftPlanId} is not null`),
    uniqueIndex("requests_series_index_uq").on(t.seriesId, t.occurrenceIndex).where(sql`${t.seriesId} is not null`),
    index("requests_ask_at_idx").on(t.askAt).where(sql`${t.askAt} is not null`),
    uniqueIndex("requests_org_short_code_uq").on(t.organizationId, t.shortCode),
    uniqueIndex("requests_org_submission_key_uq").on(t.organizationId, t.submissionKey).where(sql`${t.submissionKey} is not null`),
    index("requests_org_status_starts_idx").on(t.organizationId, t.status, t.startsAt),
    // reports: every request of a period, whatever its status (lib/reports)
    index("requests_org_starts_idx").on(t.organizationId, t.startsAt),
    index("requests_next_wave_idx").on(t.nextWaveAt).where(sql`${t.status} = 'open'`),
    // 500 = MAX_HELPERS (lib/requests/limits.ts, the form's and the schema's limit); a test keeps them equal
    check("requests_helpers_needed_ck", sql`${t.helpersNeeded} between 1 and 500`),
    check("requests_accepted_ck", sql`${t.acceptedCount} >= 0 and ${t.acceptedCount} <= ${t.helpersNeeded}`),
    check("requests_times_ck", sql`${t.endsAt} > ${t.startsAt}`),
    // 336 = MAX_ESCALATION_HOURS (lib/organizations/settings-schema.ts)
    check("requests_escalate_hours_ck", sql`${t.escalateHoursBefore} is null or ${t.escalateHoursBefore} between 0 and 336`),
  ],
);

/**
 * A request saved under a name to start new ones from ("Als Vorlage speichern"): everything of a
 * request but its dates (the length is kept as a duration). Organisation-scoped; the new-request
 * page lists them (`?template=<id>`).
 */
/**
 * A shift plan (issue 15): one day of an event ("Kleiderkammer Samstag 12.12.") with several
 * slots. Each slot is an ordinary row of `requests` (requests.shift_plan_id) with its own
 * activity, time range, helpers needed, answers and board; the plan holds what they share.
 */
export const shiftPlanStatus = pgEnum("shift_plan_status", ["open", "cancelled"]);
export const shiftPlans = pgTable(
  "shift_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** the calendar day in the organisation's zone (YYYY-MM-DD) */
    day: date("day", { mode: "string" }).notNull(),
    place: text("place").notNull().default(""),
    details: text("details").notNull().default(""),
    status: shiftPlanStatus("status").notNull().default("open"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    /** the creating form's random key: a double submit creates one plan */
    submissionKey: text("submission_key"),
    createdAt: createdAt(),
    cancelledAt: tz("cancelled_at"),
    cancelReason: text("cancel_reason"),
  },
  (t) => [
    uniqueIndex("shift_plans_org_submission_key_uq").on(t.organizationId, t.submissionKey).where(sql`${t.submissionKey} is not null`),
    index("shift_plans_org_day_idx").on(t.organizationId, t.day),
  ],
);

/**
 * One per (plan, volunteer) asked: the link of the one message for the whole plan (/s/<token>,
 * token derived by HMAC from the id, only its SHA-256 stored). The volunteer's per-slot answers
 * are ordinary invitations of the slot requests.
 */
export const shiftPlanInvites = pgTable(
  "shift_plan_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id").notNull().references(() => shiftPlans.id, { onDelete: "cascade" }),
    /** set null on erasure */
    volunteerId: uuid("volunteer_id").references(() => volunteers.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("shift_plan_invites_plan_volunteer_uq").on(t.planId, t.volunteerId)],
);

export const requestTemplates = pgTable(
  "request_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    activityId: uuid("activity_id").notNull().references(() => activities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    place: text("place").notNull().default(""),
    durationMinutes: integer("duration_minutes").notNull(),
    helpersNeeded: integer("helpers_needed").notNull(),
    languageMode: languageMode("language_mode").notNull().default("none"),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    channels: contactPreference("channels").notNull().default("both"),
    requireDrivingLicence: boolean("require_driving_licence").notNull().default(false),
    requireCar: boolean("require_car").notNull().default(false),
    notifyPendingWhenFilled: boolean("notify_pending_when_filled").notNull().default(true),
    meetingPoint: text("meeting_point").notNull().default(""),
    contactName: text("contact_name").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    whatToBring: text("what_to_bring").notNull().default(""),
    requiredQualificationId: uuid("required_qualification_id").references((): AnyPgColumn => qualificationTypes.id, { onDelete: "set null" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("request_templates_org_name_uq").on(t.organizationId, sql`lower(${t.name})`)],
);

/**
 * A recurring need (issue 15): the rule (RRULE text, `rrule` package) over local calendar days,
 * the local start and end time of each occurrence in the organisation's time zone, and the
 * template every occurrence (an ordinary row of `requests`) is created from. All occurrences are
 * created up front (at most settings.seriesMaxOccurrences, default 104); each is asked
 * `lead_days` before its start (requests.ask_at).
 */
export const requestSeries = pgTable(
  "request_series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    activityId: uuid("activity_id").notNull().references(() => activities.id, { onDelete: "restrict" }),
    /** RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=12" */
    rule: text("rule").notNull(),
    /** the first local calendar day the rule starts from (DTSTART) */
    firstDate: date("first_date").notNull(),
    /** local wall-clock times "HH:MM" in the organisation's zone (the end on the same day) */
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
    timeZone: text("time_zone").notNull(),
    untilDate: date("until_date"),
    count: integer("count"),
    leadDays: integer("lead_days").notNull().default(7),
    /** what every occurrence is created from: title, details, place, helpers needed, matching, briefing */
    template: jsonb("template").$type<SeriesTemplate>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    submissionKey: text("submission_key"),
    createdAt: createdAt(),
    endedAt: tz("ended_at"),
    endedBy: text("ended_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("request_series_org_idx").on(t.organizationId, t.createdAt),
    uniqueIndex("request_series_org_submission_key_uq").on(t.organizationId, t.submissionKey).where(sql`${t.submissionKey} is not null`),
    check("request_series_end_ck", sql`${t.untilDate} is not null or ${t.count} is not null`),
    check("request_series_lead_ck", sql`${t.leadDays} between 0 and 60`),
  ],
);

export type SeriesTemplate = {
  title: string;
  details: string;
  place: string;
  helpersNeeded: number;
  languageMode: "none" | "any" | "all";
  languages: string[];
  channels: "sms" | "email" | "both";
  requireDrivingLicence: boolean;
  requireCar: boolean;
  notifyPendingWhenFilled: boolean;
  escalateHoursBefore: number | null;
  meetingPoint: string;
  contactName: string;
  contactPhone: string;
  whatToBring: string;
};

/**
 * A regular helper's standing commitment ("every time"): accepted for each occurrence of the
 * series when it is asked, through the same exactly-N seat path as a tap. One row per (series,
 * volunteer); ending it sets ended_at (committing again clears it). Erasure deletes it.
 */
export const seriesCommitments = pgTable(
  "series_commitments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id").notNull().references(() => requestSeries.id, { onDelete: "cascade" }),
    volunteerId: uuid("volunteer_id").notNull().references(() => volunteers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    endedAt: tz("ended_at"),
  },
  (t) => [uniqueIndex("series_commitments_series_volunteer_uq").on(t.seriesId, t.volunteerId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id").notNull().references(() => requests.id, { onDelete: "cascade" }),
    /** Set null on erasure: the invitation stays, anonymised, so statistics stay right. */
    volunteerId: uuid("volunteer_id").references(() => volunteers.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull().unique(),
    status: invitationStatus("status").notNull().default("pending"),
    wave: integer("wave").notNull().default(1),
    createdAt: createdAt(),
    askedAt: tz("asked_at"),
    respondedAt: tz("responded_at"),
    respondedVia: text("responded_via"),
    reminder1SentAt: tz("reminder1_sent_at"),
    reminder2SentAt: tz("reminder2_sent_at"),
    followUpSentAt: tz("follow_up_sent_at"),
    /** the time of the request changed after this helper accepted: asked to keep or withdraw */
    reconfirmRequestedAt: tz("reconfirm_requested_at"),
    /** the helper answered "I can still come" after the last change of time */
    reconfirmedAt: tz("reconfirmed_at"),
  },
  (t) => [
    uniqueIndex("invitations_request_volunteer_uq").on(t.requestId, t.volunteerId),
    index("invitations_request_status_idx").on(t.requestId, t.status),
    // the accepted helpers of a period's requests (hours, helpers, people of the reports): a few
    // per request, found without reading every invitation of the period
    index("invitations_accepted_idx").on(t.requestId).where(sql`${t.status} = 'accepted'`),
    index("invitations_volunteer_idx").on(t.volunteerId, t.createdAt),
  ],
);

/**
 * Who came and for how long (issue 14): written when a coordinator confirms the attendance of a
 * request after its end, one row per accepted helper. Reports count `minutes` of attended rows as
 * confirmed hours; accepted invitations without a row are "planned". On erasure the row stays
 * with volunteer_id null, so the organisation's totals stay right.
 */
export const attendances = pgTable(
  "attendances",
  {
    invitationId: uuid("invitation_id").primaryKey().references(() => invitations.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    requestId: uuid("request_id").notNull().references(() => requests.id, { onDelete: "cascade" }),
    volunteerId: uuid("volunteer_id").references(() => volunteers.id, { onDelete: "set null" }),
    attended: boolean("attended").notNull(),
    /** 0 for a no-show */
    minutes: integer("minutes").notNull(),
    confirmedBy: text("confirmed_by").references(() => users.id, { onDelete: "set null" }),
    confirmedAt: tz("confirmed_at").notNull().defaultNow(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("attendances_request_idx").on(t.requestId),
    index("attendances_volunteer_idx").on(t.volunteerId),
    check("attendances_minutes_ck", sql`${t.minutes} between 0 and 6000 and (${t.attended} or ${t.minutes} = 0)`),
  ],
);

/**
 * Report summaries (issue 14), one row per request with invitations: the response curve's counts
 * per answer-time bucket, the funnel's counts per channel and the first "yes". Written ONLY by the
 * PostgreSQL triggers of the migration `report_summaries` on invitations and messages (every write
 * path keeps them right without app code); the reports read them instead of the raw rows.
 * Definitions: docs/reports.md ("Summary tables"). Never write them from the app.
 */
const counter = (name: string) => integer(name).notNull().default(0);
export const requestSummaries = pgTable("request_summaries", {
  requestId: uuid("request_id").primaryKey().references(() => requests.id, { onDelete: "cascade" }),
  /** min(responded_at) of the accepted invitations */
  firstYesAt: tz("first_yes_at"),
  /** invitations with asked_at set, and of them answered (responded_at set) */
  curveAsked: counter("curve_asked"),
  curveAnswered: counter("curve_answered"),
  /** answers in bucket k of CURVE_MINUTES (width_bucket of minutes since asked_at: 0 = under 5 min … 9 = 2 days to 1 week) */
  curveB0: counter("curve_b0"),
  curveB1: counter("curve_b1"),
  curveB2: counter("curve_b2"),
  curveB3: counter("curve_b3"),
  curveB4: counter("curve_b4"),
  curveB5: counter("curve_b5"),
  curveB6: counter("curve_b6"),
  curveB7: counter("curve_b7"),
  curveB8: counter("curve_b8"),
  curveB9: counter("curve_b9"),
  /** funnel: `invitation` messages handed to the provider → delivered → answered → yes, per channel */
  emailAsked: counter("email_asked"),
  emailDelivered: counter("email_delivered"),
  emailAnswered: counter("email_answered"),
  emailYes: counter("email_yes"),
  smsAsked: counter("sms_asked"),
  smsDelivered: counter("sms_delivered"),
  smsAnswered: counter("sms_answered"),
  smsYes: counter("sms_yes"),
  /** calls and Telegram (issue 18, migration 0027) */
  voiceAsked: counter("voice_asked"),
  voiceDelivered: counter("voice_delivered"),
  voiceAnswered: counter("voice_answered"),
  voiceYes: counter("voice_yes"),
  telegramAsked: counter("telegram_asked"),
  telegramDelivered: counter("telegram_delivered"),
  telegramAnswered: counter("telegram_answered"),
  telegramYes: counter("telegram_yes"),
  whatsappAsked: counter("whatsapp_asked"),
  whatsappDelivered: counter("whatsapp_delivered"),
  whatsappAnswered: counter("whatsapp_answered"),
  whatsappYes: counter("whatsapp_yes"),
});

/**
 * Fairness summary (issue 14): per volunteer, activity and month of the request's start (first day
 * of the month in the organisation's time zone), how often they were asked, how often they
 * answered and when they were last asked. Trigger-maintained like request_summaries; erased
 * volunteers' rows are removed by the triggers (no foreign key, so erasure's cascades cannot race).
 */
export const volunteerMonthAsks = pgTable(
  "volunteer_month_asks",
  {
    organizationId: uuid("organization_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    volunteerId: uuid("volunteer_id").notNull(),
    activityId: uuid("activity_id").notNull(),
    asked: counter("asked"),
    answered: counter("answered"),
    lastAskedAt: tz("last_asked_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.month, t.volunteerId, t.activityId] })],
);

/** activity_id of the volunteer_period_asks rows that count every activity */
export const EVERY_ACTIVITY = "00000000-0000-0000-0000-000000000000";

/**
 * Fairness per volunteer for a whole quarter or year (the presets of the reports page): the sums
 * of volunteer_month_asks over the period's months, once per activity and once for every activity
 * (activity_id EVERY_ACTIVITY). Written only by the trigger on volunteer_month_asks (migration
 * report_fairness); `eligible` (active now and, for an activity row, doing the activity now) by
 * the triggers on volunteers and volunteer_activities, so "never asked" needs no join.
 */
export const volunteerPeriodAsks = pgTable(
  "volunteer_period_asks",
  {
    organizationId: uuid("organization_id").notNull(),
    /** 3 (a quarter) or 12 (a year) */
    periodMonths: smallint("period_months").notNull(),
    /** the period's first day (organisation's time zone) */
    periodStart: date("period_start", { mode: "string" }).notNull(),
    activityId: uuid("activity_id").notNull(),
    volunteerId: uuid("volunteer_id").notNull(),
    asked: counter("asked"),
    answered: counter("answered"),
    lastAskedAt: tz("last_asked_at").notNull(),
    eligible: boolean("eligible").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.periodMonths, t.periodStart, t.activityId, t.volunteerId] }),
    // the non-responders list: its first N straight from the index
    index("volunteer_period_asks_silent_idx")
      .on(t.organizationId, t.periodMonths, t.periodStart, t.activityId, t.asked.desc(), t.lastAskedAt.desc(), t.volunteerId)
      .where(sql`${t.answered} = 0`),
    index("volunteer_period_asks_volunteer_idx").on(t.volunteerId, t.activityId),
  ],
);

/**
 * The changes of volunteer_month_asks not yet added to volunteer_period_asks (migration
 * period_deltas): the trigger on volunteer_month_asks appends one row per changed month row
 * (a send to 10,000 appends 10,000 narrow rows instead of upserting 40,000 period rows inside
 * the coordinator's transaction), and `hr_vp_fold(organisation)` adds them up, one fold of an
 * organisation at a time: in the scheduler's run, before a quarter or year report reads the period
 * rows, after an erasure (lib/reports/period-asks.ts). No key, no index: it is only appended to and
 * emptied.
 */
export const volunteerPeriodDeltas = pgTable("volunteer_period_deltas", {
  organizationId: uuid("organization_id").notNull(),
  month: date("month", { mode: "string" }).notNull(),
  volunteerId: uuid("volunteer_id").notNull(),
  activityId: uuid("activity_id").notNull(),
  asked: integer("asked").notNull(),
  answered: integer("answered").notNull(),
  lastAskedAt: tz("last_asked_at").notNull(),
  /** the month row's latest ask went down or the row went away: the period's is read again */
  lower: boolean("lower").notNull(),
});

/** request_id of the message_day_summaries rows of messages that belong to no request */
export const NO_REQUEST = "00000000-0000-0000-0000-000000000000";

/**
 * The messages figure of the reports (issue 14) per organisation, day of creation (the
 * organisation's time zone), channel and request (NO_REQUEST for messages of none; the activity
 * filter joins requests): sent (`sent_at` set), delivered, failed, bounced and the segments of the
 * sent ones. Written only by the triggers of migration `report_message_days` on messages and
 * organizations (outbox, webhooks, erasure, deletes, a time-zone change); never from the app.
 */
export const messageDaySummaries = pgTable(
  "message_day_summaries",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    channel: messageChannel("channel").notNull(),
    requestId: uuid("request_id").notNull(),
    sent: counter("sent"),
    delivered: counter("delivered"),
    failed: counter("failed"),
    bounced: counter("bounced"),
    segments: counter("segments"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day, t.channel, t.requestId] })],
);

/**
 * Volunteers per organisation, status and day of registration (`created_at`, the organisation's
 * time zone): the reports' "active volunteers" (people figures, and fairness's eligible) of a
 * period without an activity, `sum(n)` of the active rows up to the period's last day, instead of
 * a count over every volunteer. Written only by the triggers of migration `report_active_counts`
 * on volunteers and organizations; never from the app.
 */
export const volunteerDayCounts = pgTable(
  "volunteer_day_counts",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    status: volunteerStatus("status").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    n: counter("n"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.status, t.day] })],
);

// ---------------------------------------------------------------------------------------------
// Outbox and audit
// ---------------------------------------------------------------------------------------------

export type MessageAttachment = { filename: string; contentType: string; content: string };

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    channel: messageChannel("channel").notNull(),
    /** e-mail address or E.164 number; nulled when the volunteer is erased */
    recipient: text("recipient"),
    volunteerId: uuid("volunteer_id").references(() => volunteers.id, { onDelete: "set null" }),
    requestId: uuid("request_id").references(() => requests.id, { onDelete: "set null" }),
    invitationId: uuid("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
    /** the shift plan a message asks for as a whole (one message for all its slots) */
    shiftPlanId: uuid("shift_plan_id").references(() => shiftPlans.id, { onDelete: "set null" }),
    /** template name, e.g. "invitation", "confirm-email", "sign-in" */
    kind: text("kind").notNull(),
    locale: text("locale").notNull().default("de"),
    subject: text("subject"),
    body: text("body"),
    html: text("html"),
    headers: jsonb("headers").$type<Record<string, string>>(),
    /** small text attachments, e.g. the .ics calendar file of a confirmation e-mail */
    attachments: jsonb("attachments").$type<MessageAttachment[]>(),
    status: messageStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tz("next_attempt_at").notNull().defaultNow(),
    lockedUntil: tz("locked_until"),
    transport: text("transport"),
    providerId: text("provider_id"),
    /**
     * Idempotency key of the provider call whose outcome is not known yet (timeout, crash): the
     * message id for a single send, a key derived from the ids for a batch. Rows sharing a key are
     * re-sent together with that key, so the provider answers with the first result instead of
     * sending again. Cleared when the provider definitely refused the call.
     */
    idempotencyKey: text("idempotency_key"),
    /**
     * The organisation's sender the dispatcher chose, stored with the idempotency key right
     * before the call (lib/messaging/sender.ts), so a repeated call is the same request even
     * after the organisation changed its sender. Null: the installation's sender.
     */
    sender: jsonb("sender").$type<MessageSender>(),
    /**
     * Tokens of the links in this message (sign-in, confirmation, unsubscribe), AES-GCM sealed,
     * kept only until a provider accepted the message; subject/body/html/headers hold
     * placeholders instead (lib/messaging/secrets.ts). The development transport keeps it.
     */
    sealedSecrets: text("sealed_secrets"),
    /** SHA-256 of the one-click unsubscribe token in this message's List-Unsubscribe header */
    unsubscribeTokenHash: text("unsubscribe_token_hash"),
    lastError: text("last_error"),
    /** SMS only: segments of the body, counted when queued (reports: segments sent × price) */
    segments: smallint("segments"),
    createdAt: createdAt(),
    sentAt: tz("sent_at"),
    deliveredAt: tz("delivered_at"),
    bodyPurgedAt: tz("body_purged_at"),
  },
  (t) => [
    index("messages_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
    index("messages_request_idx").on(t.requestId, t.status),
    // no index on created_at alone (dropped in migration 0034): retention reads per organisation
    // (messages_org_created_idx, which also serves organization_id is null), nothing else filters
    // on it, and a send to thousands wrote one entry per message into it (issue 19)
    index("messages_org_created_idx").on(t.organizationId, t.createdAt),
    // only messages a provider took (migration 0033): a queued message does not go in, so a send
    // to thousands writes one index entry less per message, and the webhooks look up ids anyway
    index("messages_provider_idx").on(t.providerId).where(sql`${t.providerId} is not null`),
    index("messages_volunteer_idx").on(t.volunteerId),
    // the report summaries' triggers find an invitation's messages (request_summaries funnel)
    index("messages_invitation_idx").on(t.invitationId).where(sql`${t.kind} = 'invitation'`),
    // an invitation's other messages (confirmation, reminders, "filled", "needed again", changes):
    // the response page's "were they told it filled?" (readInvitationRow's toldFilled), a
    // withdrawal's cancel of queued reminders, the reopen's "needed again" check. Without it each
    // of them read every message (the page ~200 ms on a year of messages, issue 19); a send's
    // invitation messages are not in it, so the fan-out does not pay for it.
    index("messages_invitation_other_idx").on(t.invitationId).where(sql`${t.kind} <> 'invitation'`),
    index("messages_idempotency_key_idx").on(t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    uniqueIndex("messages_unsubscribe_token_uq").on(t.unsubscribeTokenHash).where(sql`${t.unsubscribeTokenHash} is not null`),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** "user" | "volunteer" | "system" */
    actorType: text("actor_type").notNull(),
    action: text("action").notNull(),
    objectType: text("object_type"),
    objectId: text("object_id"),
    ip: text("ip"),
    outcome: text("outcome").notNull().default("ok"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_org_created_idx").on(t.organizationId, t.createdAt),
    index("audit_events_action_idx").on(t.organizationId, t.action),
    // a person's entries: the data export and erasure (which removes their IPs) look them up
    index("audit_events_object_idx").on(t.objectType, t.objectId),
  ],
);

/** Fixed-window counters for rate limits (registration, sign-in links, SMS per number). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: tz("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limits_window_idx").on(t.windowStart)],
);

/**
 * Provider rate limits shared by every app instance: the next free call slot per provider
 * (lib/messaging/throttle.ts SharedPacer). One row per provider, updated atomically per call.
 */
export const providerPacing = pgTable("provider_pacing", {
  provider: text("provider").primaryKey(),
  nextSlotAt: tz("next_slot_at").notNull(),
});

/**
 * Provider webhooks already handled (Resend svix-id; Twilio MessageSid, with the status for
 * callbacks): a replayed webhook with a valid signature is refused instead of applied again.
 */
export const webhookReceipts = pgTable(
  "webhook_receipts",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    receivedAt: tz("received_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] }), index("webhook_receipts_received_idx").on(t.receivedAt)],
);

/**
 * An import of existing volunteers in progress (lib/volunteers/import): the parsed file, sealed
 * (AES-256-GCM), only for the import session — deleted on import or cancel, and by the scheduler
 * at expires_at (one hour after the upload) at the latest. Nothing else of the file is kept.
 */
export const volunteerImports = pgTable(
  "volunteer_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    fileType: text("file_type").notNull(),
    encoding: text("encoding").notNull(),
    rowCount: integer("row_count").notNull(),
    /** header line and rows, JSON, sealed with a key derived from AUTH_SECRET */
    sealedData: text("sealed_data").notNull(),
    /** the admin's column mapping (field → column index); null until the mapping step was sent */
    mapping: jsonb("mapping").$type<Record<string, number>>(),
    expiresAt: tz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("volunteer_imports_org_idx").on(t.organizationId), index("volunteer_imports_expires_idx").on(t.expiresAt)],
);

export type Organization = typeof organizations.$inferSelect;
export type Activity = typeof activities.$inferSelect;
export type Volunteer = typeof volunteers.$inferSelect;
export type NewVolunteer = typeof volunteers.$inferInsert;
export type Request = typeof requests.$inferSelect;
export type RequestTemplate = typeof requestTemplates.$inferSelect;
export type ShiftPlan = typeof shiftPlans.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type RequestSeries = typeof requestSeries.$inferSelect;
export type SeriesCommitment = typeof seriesCommitments.$inferSelect;
export type Attendance = typeof attendances.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type CoordinatorNoticePreferences = typeof coordinatorNoticePreferences.$inferSelect;
export type RequestSummary = typeof requestSummaries.$inferSelect;
export type QualificationType = typeof qualificationTypes.$inferSelect;
export type VolunteerQualification = typeof volunteerQualifications.$inferSelect;
export type VolunteerNote = typeof volunteerNotes.$inferSelect;
export type Tag = typeof tags.$inferSelect;
