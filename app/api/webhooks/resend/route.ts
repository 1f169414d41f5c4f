import { getDb } from "@/db";
import { config } from "@/lib/config";
import { readLimitedText } from "@/lib/http/webhook-body";
import { handleResendWebhook } from "@/lib/messaging/webhooks";

/** Resend delivery events (email.delivered, email.bounced, …), signed with RESEND_WEBHOOK_SECRET. */
export async function POST(req: Request) {
  const raw = await readLimitedText(req);
  if (raw === null) return Response.json({ error: "too_large" }, { status: 400 });
  const result = await handleResendWebhook(await getDb(), raw, req.headers, config().RESEND_WEBHOOK_SECRET);
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  // Unknown e-mails are acknowledged too: otherwise Resend would retry them for days.
  return Response.json({ ok: true, applied: result.applied });
}
