import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * Builds the app and runs it under `next start` on a free port with its own temporary PGlite
 * folder and the development outbox on. The config is evaluated again in every worker; the
 * values are kept in process.env so that all of them agree.
 */
process.env.E2E_PORT ??= String(4100 + Math.floor(Math.random() * 800));
process.env.E2E_PGLITE_DIR ??= path.join(mkdtempSync(path.join(tmpdir(), "helferruf-e2e-")), "pglite");
// the tests run one scheduler tick through the protected cron route instead of waiting for the interval
process.env.E2E_CRON_SECRET ??= "e2e-cron-secret-not-for-production";
// the fake Telegram Bot API (tests/fakes/serve-fake-telegram.ts) the app's bot talks to
process.env.E2E_TELEGRAM_PORT ??= String(5100 + Math.floor(Math.random() * 800));
process.env.E2E_TELEGRAM_TOKEN ??= "123456789:AAFakeTokenForTestsOnly_0123456789abcdef";
process.env.E2E_TELEGRAM_SECRET ??= "e2e-telegram-webhook-secret-0123456789";
const port = Number(process.env.E2E_PORT);
const telegramRoot = `http://127.0.0.1:${process.env.E2E_TELEGRAM_PORT}`;
const baseURL = `http://127.0.0.1:${port}`;

const chromium = {
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { baseURL, trace: "retain-on-failure", locale: "de-DE", timezoneId: "Europe/Berlin" },
  projects: [
    {
      name: "phone",
      testIgnore: /desktop\//,
      use: { ...devices["Pixel 7"], launchOptions: chromium },
    },
    {
      name: "desktop",
      testIgnore: /phone\//,
      use: { ...devices["Desktop Chrome"], launchOptions: chromium },
    },
  ],
  webServer: [
    {
      command: "npx tsx tests/fakes/serve-fake-telegram.ts",
      url: `${telegramRoot}/_test/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { E2E_TELEGRAM_PORT: process.env.E2E_TELEGRAM_PORT, E2E_TELEGRAM_TOKEN: process.env.E2E_TELEGRAM_TOKEN },
    },
    {
      command: `${process.env.E2E_SKIP_BUILD ? "" : "npm run build && "}npx next start -H 127.0.0.1 -p ${port}`,
      url: `${baseURL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: process.env.E2E_SERVER_LOG ? "pipe" : "ignore",
      stderr: "pipe",
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        PGLITE_DIR: process.env.E2E_PGLITE_DIR,
        DATABASE_URL: "",
        APP_URL: baseURL,
        HELFERRUF_DEV_OUTBOX: "1",
        HELFERRUF_DEMO_DATA: "1",
        HELFERRUF_SCHEDULER: "1",
        SCHEDULER_INTERVAL_MS: "500",
        CRON_SECRET: process.env.E2E_CRON_SECRET,
        AUTH_SECRET: "e2e-secret-not-for-production-0123456789abcdef",
        AUTH_TRUST_HOST: "true",
        // every test browser comes from 127.0.0.1: per-IP limits would couple the tests (vitest covers them)
        RATE_LIMIT_REGISTER_PER_IP_HOUR: "10000",
        RATE_LIMIT_SIGN_IN_PER_IP_HOUR: "10000",
        RATE_LIMIT_FEEDBACK_PER_IP_HOUR: "10000",
        // every journey signs its coordinator in from 127.0.0.1, some the same address several times
        RATE_LIMIT_ADMIN_SIGN_IN_PER_IP: "10000",
        RATE_LIMIT_ADMIN_SIGN_IN_PER_ADDRESS: "10000",
        RESEND_API_KEY: "",
        TWILIO_ACCOUNT_SID: "",
        // Telegram against the fake Bot API (the journeys play Telegram's side with webhook POSTs)
        TELEGRAM_BOT_TOKEN: process.env.E2E_TELEGRAM_TOKEN,
        TELEGRAM_BOT_USERNAME: "HelferrufTestBot",
        TELEGRAM_WEBHOOK_SECRET: process.env.E2E_TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegramRoot,
      },
    },
  ],
});
