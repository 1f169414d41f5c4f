import { z } from "zod";
import { volunteerLocales } from "@/i18n/config";

/**
 * All configuration, validated once. Invalid values stop the start with a message that names the
 * variable. DATABASE_URL is the exception: a malformed or unreachable database must not crash the
 * app (issue "Foundation"), so its problems are reported by /api/health and the log instead.
 */

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "yes", "on"].includes(v)));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const intWithDefault = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(def) : v.trim()))
    .pipe(z.string().regex(/^-?\d+$/, "must be a whole number"))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** "https://host[:port]" and nothing more (after the trailing slash is stripped) */
function isBareOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return u.origin === value && !u.username && !u.password;
  } catch {
    return false;
  }
}

const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());

/** a company's name and seat, shown on public pages: one line, no control characters */
const providerName = optionalString.pipe(
  z
    .string()
    .max(200, "must be at most 200 characters")
    .regex(/^[^\p{Cc}]*$/u, "must be one line without control characters")
    .optional(),
);

const decimalWithDefault = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(def) : v.trim()))
    .pipe(z.string().regex(/^\d+(\.\d+)?$/, "must be a number like 2 or 0.5"))
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** "de=HX…,en=HX…": a Twilio Content template SID per message language (lib/messaging/whatsapp/templates.ts) */
const templateList = z
  .string()
  .regex(/^[a-z]{2}=HX[0-9a-fA-F]{32}(,[a-z]{2}=HX[0-9a-fA-F]{32})*$/, "must be language=ContentSid pairs, e.g. de=HX0123…,en=HX4567… (each SID HX followed by 32 hex digits)")
  .refine((v) => v.split(",").some((p) => p.startsWith("de=")), "must contain a template for de (the fallback language)")
  .refine((v) => v.split(",").every((p) => (volunteerLocales as readonly string[]).includes(p.slice(0, 2))), `languages must be message languages (${volunteerLocales.join(", ")})`)

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim().replace(/\/+$/, "") : undefined))
    .pipe(z.url({ protocol: /^https?$/ }).optional()),
  /**
   * Optional short base URL for the links inside SMS only (e.g. https://hr.example): another host
   * name of the same app. A UCS-2 SMS (Arabic, Persian, Cyrillic) has 70 characters per segment, so
   * every character of the link counts. Requests to that host are redirected to APP_URL (proxy.ts).
   */
  SMS_LINK_BASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim().replace(/\/+$/, "") : undefined))
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .refine((v) => v === undefined || isBareOrigin(v), "must be a scheme and host only, without path, query or user (e.g. https://hr.example)"),
  DATABASE_URL: optionalString,
  DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  /**
   * PostgreSQL/Neon: connections in the pool, how long a request waits for a free one, and how
   * long one statement may run; past either limit the visitor gets the calm "busy" page (503).
   * The defaults let one instance on 2 cores answer a burst of 2,000 taps (docs/benchmarks.md).
   */
  DATABASE_POOL_MAX: intWithDefault(20, 1, 500),
  DATABASE_POOL_WAIT_MS: intWithDefault(20_000, 50, 120_000),
  DATABASE_STATEMENT_TIMEOUT_MS: intWithDefault(15_000, 0, 600_000),
  PGLITE_DIR: optionalString,
  HELFERRUF_DEV_OUTBOX: bool,
  HELFERRUF_DEMO_DATA: bool,
  HELFERRUF_SCHEDULER: bool,
  SCHEDULER_INTERVAL_MS: intWithDefault(5000, 500, 3_600_000),
  SEED_ADMIN_EMAIL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim().toLowerCase() : "admin@example.org"))
    .pipe(z.email()),
  SEED_ORG_NAME: optionalString,
  SEED_ORG_SLUG: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : "helferruf-demo"))
    .pipe(z.string().regex(/^[a-z0-9-]{2,60}$/, "lowercase letters, digits and dashes")),
  EMAIL_FROM: optionalString,
  EMAIL_REPLY_TO: optionalString.pipe(z.email().optional()),
  RESEND_API_KEY: optionalString,
  /**
   * Domains this installation has verified with Resend, comma-separated (e.g. "caritas-musterstadt.de,
   * drk-musterstadt.de"): an organisation may send from an address on one of them (issue 16). With
   * RESEND_API_KEY the domains Resend lists as verified count too (lib/organizations/verified-domains.ts).
   */
  RESEND_VERIFIED_DOMAINS: optionalString.pipe(
    z
      .string()
      .transform((v) => v.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be domain names separated by commas, e.g. example.org,verein.de")))
      .optional(),
  ),
  /** tests and proxies only; the SDK default is https://api.resend.com */
  RESEND_BASE_URL: optionalUrl,
  RESEND_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, "must be the whsec_… signing secret of the Resend webhook").optional()),
  TWILIO_ACCOUNT_SID: optionalString.pipe(z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must look like AC followed by 32 hex digits").optional()),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: optionalString.pipe(z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must look like MG followed by 32 hex digits").optional()),
  /** E.164 number, or an alphanumeric sender ID (one-way only: nobody can reply to it) */
  TWILIO_FROM: optionalString.pipe(z.string().regex(/^(\+[1-9]\d{6,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/, "must be an E.164 number (+49…) or an alphanumeric sender (1–11 letters/digits, at least one letter)").optional()),
  /** EU data residency: region ie1 (needs credentials created in that region) and edge dublin */
  TWILIO_REGION: optionalString,
  TWILIO_EDGE: optionalString,
  /** tests only: send Twilio API calls to this base URL (a local fake) */
  TWILIO_BASE_URL: optionalUrl,
  /**
   * Voice calls (issue 18, Twilio Programmable Voice; the account of TWILIO_ACCOUNT_SID): the
   * voice-capable number calls come from (E.164). Unset: calls go to the development transport.
   */
  TWILIO_VOICE_FROM: optionalString.pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "must be a voice-capable number in E.164 (+49…)").optional()),
  /** the languages calls are spoken in (of de, en, ar, tr, ru: those with a Polly voice); others use VOICE_FALLBACK_LANGUAGE */
  VOICE_LANGUAGES: optionalString.pipe(
    z
      .string()
      .regex(/^(de|en|ar|tr|ru)(,(de|en|ar|tr|ru))*$/, "must be a comma-separated list of de, en, ar, tr, ru (e.g. de,en,tr)")
      .refine((v) => v.split(",").includes("de") || v.split(",").includes("en"), "must contain de or en (the fallback)")
      .optional(),
  ),
  /** a volunteer language without a voice (uk, fa, or one left out of VOICE_LANGUAGES) is called in this one */
  VOICE_FALLBACK_LANGUAGE: z.enum(["de", "en"]).default("de"),
  /** Polly voice per language, overriding the defaults (e.g. de=Polly.Hans,en=Polly.Brian-Neural) */
  VOICE_NAMES: optionalString.pipe(
    z
      .string()
      .regex(/^(de|en|ar|tr|ru)=Polly\.[A-Za-z]+(-Neural|-Generative)?(,(de|en|ar|tr|ru)=Polly\.[A-Za-z]+(-Neural|-Generative)?)*$/, "must look like de=Polly.Vicki-Neural,en=Polly.Amy-Neural")
      .optional(),
  ),
  /** a call that was busy, not answered or reached an answering machine is tried once more after this many minutes */
  VOICE_RETRY_DELAY_MINUTES: intWithDefault(30, 1, 24 * 60),
  /** calls placed per second for all instances together (Twilio's default: 1 call per second per account) */
  VOICE_RATE_PER_SECOND: decimalWithDefault(1, 0.1, 100),
  VOICE_SEND_CONCURRENCY: intWithDefault(4, 1, 32),
  /**
   * Telegram (issue 18, Bot API through grammY): the token from @BotFather, the bot's username
   * (for the t.me deep link) and the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token
   * (given to setWebhook by `npm run telegram:webhook`). All three or none; unset: Telegram is
   * not offered and Telegram messages go to the development transport.
   */
  TELEGRAM_BOT_TOKEN: optionalString.pipe(z.string().regex(/^\d{5,16}:[A-Za-z0-9_-]{30,64}$/, "must be the bot token from @BotFather (123456789:AA…)").optional()),
  TELEGRAM_BOT_USERNAME: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{3,30}bot$/i, "must be the bot's username without @, ending in bot (e.g. HelferrufBot)")
      .optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_-]{24,256}$/, "must be 24 to 256 characters of A–Z, a–z, 0–9, _ and - (e.g. openssl rand -hex 32)").optional()),
  /**
   * WhatsApp (issue 18, Twilio's WhatsApp sender on the account of TWILIO_ACCOUNT_SID): the
   * sender's number (E.164, without "whatsapp:"), and the approved Content templates per message
   * language as "de=HX…,en=HX…" (German required; other languages fall back to English, then
   * German): INVITATION has {{1}} the request's text and two quick-reply buttons whose ids are
   * {{2}} (accept) and {{3}} (decline); MESSAGE has {{1}} the text, for every other message outside
   * WhatsApp's 24-hour window. Unset: WhatsApp is not offered (docs/operations.md).
   */
  TWILIO_WHATSAPP_FROM: optionalString.pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "must be the WhatsApp sender's number in E.164 (+49…), without whatsapp:").optional()),
  TWILIO_WHATSAPP_INVITATION_TEMPLATES: optionalString.pipe(templateList.optional()),
  TWILIO_WHATSAPP_MESSAGE_TEMPLATES: optionalString.pipe(templateList.optional()),
  /** WhatsApp messages per second for all instances together (Twilio queues above the sender's 80/s) */
  WHATSAPP_RATE_PER_SECOND: decimalWithDefault(20, 0.1, 80),
  /** tests only: the Bot API's base URL (a local fake); default https://api.telegram.org */
  TELEGRAM_API_ROOT: optionalUrl,
  /** Telegram's limit is about 30 messages per second overall (and 1 per second per chat) */
  TELEGRAM_RATE_PER_SECOND: decimalWithDefault(25, 0.1, 30),
  /** provider limits, shared by all dispatchers of one process */
  EMAIL_RATE_PER_SECOND: decimalWithDefault(5, 0.1, 100),
  SMS_RATE_PER_SECOND: decimalWithDefault(5, 0.1, 100),
  /** provider calls in flight at once per dispatcher, inside the pacing (they overlap the providers' latency) */
  EMAIL_SEND_CONCURRENCY: intWithDefault(4, 1, 32),
  SMS_SEND_CONCURRENCY: intWithDefault(24, 1, 64),
  /** how long one dispatch run keeps claiming while messages are due (the scheduler runs again at once after it) */
  DISPATCH_RUN_MS: intWithDefault(20_000, 0, 300_000),
  /** one provider call longer than this counts as a timeout (outcome unknown → retried with the same key) */
  PROVIDER_TIMEOUT_MS: intWithDefault(15_000, 100, 120_000),
  /** price of one SMS segment in cents, for the estimate shown before sending */
  SMS_SEGMENT_PRICE_CENTS: decimalWithDefault(8, 0, 1000),
  /** protects /api/cron (Authorization: Bearer …); unset → the route is disabled (404) */
  /** registrations / volunteer sign-in links per client IP and hour (per address the limits are fixed) */
  RATE_LIMIT_REGISTER_PER_IP_HOUR: intWithDefault(30, 1, 100_000),
  RATE_LIMIT_SIGN_IN_PER_IP_HOUR: intWithDefault(30, 1, 100_000),
  /** reports from the accessibility statement's feedback form per client IP and hour */
  RATE_LIMIT_FEEDBACK_PER_IP_HOUR: intWithDefault(10, 1, 100_000),
  /** fetches of personal calendar feeds per client IP and hour (per feed: 120) */
  RATE_LIMIT_CALENDAR_FEED_PER_IP_HOUR: intWithDefault(600, 1, 100_000),
  /** coordinator sign-in links per client IP, and per address, in 15 minutes */
  RATE_LIMIT_ADMIN_SIGN_IN_PER_IP: intWithDefault(30, 1, 100_000),
  RATE_LIMIT_ADMIN_SIGN_IN_PER_ADDRESS: intWithDefault(5, 1, 100_000),
  CRON_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  /** derives the response links of invitations (HMAC); falls back to AUTH_SECRET */
  RESPONSE_TOKEN_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  AUTH_SECRET: optionalString,
  /**
   * Who hosts the application and the database (name, seat, e.g. "Hetzner Online GmbH,
   * Gunzenhausen (Deutschland)"): named as processors in the record of processing activities and
   * on the privacy page. Unset: "not configured" (an embedded database counts as the hosting).
   */
  HOSTING_PROVIDER: providerName,
  DATABASE_PROVIDER: providerName,
  /** Coordinator sessions end after this long without a request (minutes). */
  AUTH_IDLE_TIMEOUT_MINUTES: intWithDefault(8 * 60, 5, 30 * 24 * 60),
  /** …and at the latest this long after sign-in (hours), however active. */
  AUTH_SESSION_MAX_HOURS: intWithDefault(7 * 24, 1, 90 * 24),
  /** How long the sign-in link in the e-mail stays valid (minutes). */
  AUTH_LINK_MINUTES: intWithDefault(30, 5, 24 * 60),
  /** reverse proxies in front of the app that append to X-Forwarded-For (0: the socket address is the client) */
  TRUSTED_PROXY_HOPS: intWithDefault(0, 0, 10),
  /** confirmation SMS (new registrations, changed numbers) per hour for the whole installation */
  CONFIRMATION_SMS_PER_HOUR: intWithDefault(200, 1, 1_000_000),
  /** …and per destination prefix (country code + the first digits of the number) */
  CONFIRMATION_SMS_PER_PREFIX_HOUR: intWithDefault(20, 1, 1_000_000),
  /** volunteer import (lib/volunteers/import): largest accepted file in bytes (default 5 MB) */
  IMPORT_MAX_BYTES: intWithDefault(5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
  /** …and most data rows in one file */
  IMPORT_MAX_ROWS: intWithDefault(10_000, 1, 100_000),
}).superRefine((c, ctx) => {
  // A half-configured provider would silently fall back to the dev transport: refuse to start.
  if (c.RESEND_API_KEY && !c.EMAIL_FROM) ctx.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "is required when RESEND_API_KEY is set (e.g. Helferruf <helfen@example.org>)" });
  const twilio = [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN].filter(Boolean).length;
  if (twilio === 1) ctx.addIssue({ code: "custom", path: [c.TWILIO_ACCOUNT_SID ? "TWILIO_AUTH_TOKEN" : "TWILIO_ACCOUNT_SID"], message: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed together" });
  if (c.TWILIO_VOICE_FROM && twilio !== 2) ctx.addIssue({ code: "custom", path: ["TWILIO_VOICE_FROM"], message: "needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the account that places the calls)" });
  if (c.VOICE_LANGUAGES && !c.VOICE_LANGUAGES.split(",").includes(c.VOICE_FALLBACK_LANGUAGE)) {
    ctx.addIssue({ code: "custom", path: ["VOICE_FALLBACK_LANGUAGE"], message: "must be one of VOICE_LANGUAGES" });
  }
  const telegram = [c.TELEGRAM_BOT_TOKEN, c.TELEGRAM_BOT_USERNAME, c.TELEGRAM_WEBHOOK_SECRET];
  if (telegram.some(Boolean) && !telegram.every(Boolean)) {
    const missing = (["TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_SECRET"] as const).filter((k) => !c[k]);
    for (const k of missing) ctx.addIssue({ code: "custom", path: [k], message: "TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_USERNAME and TELEGRAM_WEBHOOK_SECRET are needed together" });
  }
  if (c.TWILIO_WHATSAPP_FROM && twilio !== 2) ctx.addIssue({ code: "custom", path: ["TWILIO_WHATSAPP_FROM"], message: "needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the account of the WhatsApp sender)" });
  for (const k of ["TWILIO_WHATSAPP_INVITATION_TEMPLATES", "TWILIO_WHATSAPP_MESSAGE_TEMPLATES"] as const) {
    if (c.TWILIO_WHATSAPP_FROM && !c[k]) ctx.addIssue({ code: "custom", path: [k], message: "is required with TWILIO_WHATSAPP_FROM (WhatsApp lets a business write first only with approved templates)" });
    if (c[k] && !c.TWILIO_WHATSAPP_FROM) ctx.addIssue({ code: "custom", path: [k], message: "needs TWILIO_WHATSAPP_FROM (the sender the templates are approved for)" });
  }
  if (twilio === 2 && !c.TWILIO_MESSAGING_SERVICE_SID && !c.TWILIO_FROM) ctx.addIssue({ code: "custom", path: ["TWILIO_FROM"], message: "set TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM when Twilio is configured" });
});

export type AppConfig = z.infer<typeof envSchema> & {
  appUrl: string;
  /** the base of links inside SMS: SMS_LINK_BASE_URL, else APP_URL */
  smsLinkBaseUrl: string;
  devOutboxEnabled: boolean;
  demoData: boolean;
  schedulerEnabled: boolean;
  pgliteDir: string;
  /** the key that derives response-link tokens (RESPONSE_TOKEN_SECRET, else AUTH_SECRET, else a development value) */
  responseTokenSecret: string;
};

export class ConfigError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid configuration:\n" + issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n") +
        "\nSee .env.example and docs/configuration.md.",
    );
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "?"),
        message: issue.message,
      })),
    );
  }
  const c = parsed.data;
  const production = c.NODE_ENV === "production";
  // Not during `next build` (NEXT_PHASE): the secret is a run-time value, the build must not need it.
  // SMS links are tapped on phones: in production only an encrypted address will do.
  if (production && c.SMS_LINK_BASE_URL && !c.SMS_LINK_BASE_URL.startsWith("https://")) {
    throw new ConfigError([{ variable: "SMS_LINK_BASE_URL", message: "must be an https:// address in production (e.g. https://hr.example)" }]);
  }
  if (production && !c.AUTH_SECRET && env.NEXT_PHASE !== "phase-production-build") {
    throw new ConfigError([{ variable: "AUTH_SECRET", message: "required in production (coordinator sign-in), e.g. `openssl rand -base64 33`" }]);
  }
  return {
    ...c,
    appUrl: c.APP_URL ?? "http://localhost:3000",
    smsLinkBaseUrl: c.SMS_LINK_BASE_URL ?? c.APP_URL ?? "http://localhost:3000",
    devOutboxEnabled: c.HELFERRUF_DEV_OUTBOX ?? !production,
    demoData: c.HELFERRUF_DEMO_DATA ?? c.NODE_ENV === "development",
    schedulerEnabled: c.HELFERRUF_SCHEDULER ?? c.NODE_ENV !== "test",
    pgliteDir: c.PGLITE_DIR ?? ".data/pglite",
    responseTokenSecret: c.RESPONSE_TOKEN_SECRET ?? c.AUTH_SECRET ?? "helferruf-development-response-token-secret",
  };
}

let cached: AppConfig | undefined;

/** The process configuration, parsed on first use. Throws ConfigError naming the variable. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests that change process.env. */
export function resetConfigForTests() {
  cached = undefined;
}
