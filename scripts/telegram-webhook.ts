import { Api } from "grammy";
import { config, ConfigError } from "@/lib/config";

/**
 * Registers the bot's webhook with Telegram (issue 18):
 *   npm run telegram:webhook            setWebhook to <APP_URL>/api/webhooks/telegram with the secret
 *   npm run telegram:webhook -- --info  what Telegram has registered (getWebhookInfo)
 *   npm run telegram:webhook -- --delete  remove the webhook
 * Needs TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_USERNAME, TELEGRAM_WEBHOOK_SECRET and an https APP_URL.
 */
const args = process.argv.slice(2);
let c;
try {
  c = config();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(1);
}
if (!c.TELEGRAM_BOT_TOKEN || !c.TELEGRAM_WEBHOOK_SECRET) {
  console.error("TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_USERNAME and TELEGRAM_WEBHOOK_SECRET must be set (docs/configuration.md, Telegram).");
  process.exit(2);
}
const api = new Api(c.TELEGRAM_BOT_TOKEN, { apiRoot: c.TELEGRAM_API_ROOT });
if (args.includes("--info")) {
  console.log(JSON.stringify(await api.getWebhookInfo(), null, 2));
} else if (args.includes("--delete")) {
  await api.deleteWebhook();
  console.log("Webhook removed.");
} else {
  const url = new URL("/api/webhooks/telegram", c.appUrl).toString();
  if (!url.startsWith("https://")) {
    console.error(`Telegram only calls https webhooks; APP_URL is ${c.appUrl}.`);
    process.exit(2);
  }
  await api.setWebhook(url, { secret_token: c.TELEGRAM_WEBHOOK_SECRET, allowed_updates: ["message", "callback_query", "my_chat_member"], drop_pending_updates: false });
  console.log(`Webhook set: ${url} (updates: message, callback_query, my_chat_member).`);
}
