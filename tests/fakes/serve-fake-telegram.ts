import { FakeTelegram } from "./fake-telegram";

/**
 * The fake Bot API for the browser journeys (playwright.config.ts starts it next to the app):
 * the app's grammY client sends to it (TELEGRAM_API_ROOT), the journeys read what a chat got
 * from GET /_test/sent?chat=<id>.
 */
const fake = new FakeTelegram(process.env.E2E_TELEGRAM_TOKEN);
fake.inspectable = true;
await fake.listen(Number(process.env.E2E_TELEGRAM_PORT));
console.log(`fake Telegram Bot API on ${fake.url}`);
