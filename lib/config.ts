import { z } from "zod";

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

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim().replace(/\/+$/, "") : undefined))
    .pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: optionalString,
  DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  /** PostgreSQL/Neon: connections in the pool, and how long a request waits for a free one before it gets the calm "busy" page (503) */
  DATABASE_POOL_MAX: intWithDefault(10, 1, 500),
  DATABASE_POOL_WAIT_MS: intWithDefault(5000, 50, 120_000),
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
  /** provider limits, shared by all dispatchers of one process */
  EMAIL_RATE_PER_SECOND: decimalWithDefault(2, 0.1, 100),
  SMS_RATE_PER_SECOND: decimalWithDefault(5, 0.1, 100),
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
}).superRefine((c, ctx) => {
  // A half-configured provider would silently fall back to the dev transport: refuse to start.
  if (c.RESEND_API_KEY && !c.EMAIL_FROM) ctx.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "is required when RESEND_API_KEY is set (e.g. Helferruf <helfen@example.org>)" });
  const twilio = [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN].filter(Boolean).length;
  if (twilio === 1) ctx.addIssue({ code: "custom", path: [c.TWILIO_ACCOUNT_SID ? "TWILIO_AUTH_TOKEN" : "TWILIO_ACCOUNT_SID"], message: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed together" });
  if (twilio === 2 && !c.TWILIO_MESSAGING_SERVICE_SID && !c.TWILIO_FROM) ctx.addIssue({ code: "custom", path: ["TWILIO_FROM"], message: "set TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM when Twilio is configured" });
});

export type AppConfig = z.infer<typeof envSchema> & {
  appUrl: string;
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
  if (production && !c.AUTH_SECRET && env.NEXT_PHASE !== "phase-production-build") {
    throw new ConfigError([{ variable: "AUTH_SECRET", message: "required in production (coordinator sign-in), e.g. `openssl rand -base64 33`" }]);
  }
  return {
    ...c,
    appUrl: c.APP_URL ?? "http://localhost:3000",
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
