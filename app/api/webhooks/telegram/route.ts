import { getDb } from "@/db";
import { config } from "@/lib/config";
import { readLimitedText } from "@/lib/http/webhook-body";
import { getBotApi } from "@/lib/messaging/telegram/api";
import { handleTelegramWebhook } from "@/lib/messaging/telegram/updates";

/**
 * The Telegram bot's webhook (issue 18; registered by `npm run telegram:webhook`). Telegram sends
 * our secret in X-Telegram-Bot-Api-Secret-Token: without it (or without Telegram configured) 403
 * and nothing changes; a body that is not an update 400. Telegram redelivers on anything but 2xx.
 */
export async function POST(req: Request): Promise<Response> {
  const c = config();
  const api = getBotApi();
  const header = req.headers.get("x-telegram-bot-api-secret-token");
  if (!api || !c.TELEGRAM_WEBHOOK_SECRET) return Response.json({ error: "bad_secret" }, { status: 403 });
  const raw = await readLimitedText(req);
  if (raw === null) return Response.json({ error: "too_large" }, { status: 400 });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  // the secret first: an unsigned body is not even parsed further
  const result = await handleTelegramWebhook(await getDb(), api, { secret: c.TELEGRAM_WEBHOOK_SECRET, header, body });
  if (result.status === 403) return Response.json({ error: "bad_secret" }, { status: 403 });
  if (result.status === 400) return Response.json({ error: "bad_update" }, { status: 400 });
  return Response.json({ ok: true });
}
