import { getDb } from "@/db";
import { config } from "@/lib/config";
import { formParams, readLimitedText } from "@/lib/http/webhook-body";
import { handleTwilioStatus, publicWebhookUrl, verifyTwilioSignature } from "@/lib/messaging/webhooks";

/** Twilio status callbacks (?m=<outbox message id>), signed with X-Twilio-Signature. */
export async function POST(req: Request) {
  const raw = await readLimitedText(req);
  if (raw === null) return Response.json({ error: "too_large" }, { status: 400 });
  const params = formParams(raw);
  const c = config();
  if (!verifyTwilioSignature(c.TWILIO_AUTH_TOKEN, req.headers.get("x-twilio-signature"), publicWebhookUrl(c.appUrl, req.url), params)) {
    return Response.json({ error: "bad_signature" }, { status: 403 });
  }
  const result = await handleTwilioStatus(await getDb(), params, new URL(req.url).searchParams.get("m"));
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  return Response.json({ ok: true, applied: result.applied });
}
