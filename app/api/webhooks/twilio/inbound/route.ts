import twilio from "twilio";
import { getDb } from "@/db";
import { config } from "@/lib/config";
import { formParams, readLimitedText } from "@/lib/http/webhook-body";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { applyOnce } from "@/lib/messaging/webhook-receipts";
import { parseInboundSms, publicWebhookUrl, verifyTwilioSignature } from "@/lib/messaging/webhooks";

/** Incoming SMS (JA / NEIN / STOP / START / anything else), answered with TwiML. */
export async function POST(req: Request) {
  const raw = await readLimitedText(req);
  if (raw === null) return Response.json({ error: "too_large" }, { status: 400 });
  const params = formParams(raw);
  const c = config();
  if (!verifyTwilioSignature(c.TWILIO_AUTH_TOKEN, req.headers.get("x-twilio-signature"), publicWebhookUrl(c.appUrl, req.url), params)) {
    return Response.json({ error: "bad_signature" }, { status: 403 });
  }
  const sms = parseInboundSms(params);
  if (!sms) return Response.json({ error: "malformed" }, { status: 400 });
  const db = await getDb();
  // A replayed SMS (same MessageSid, valid signature) must not flip an answer or opt-out again.
  const once = await applyOnce(db, "twilio-inbound", sms.sid, () => handleInboundSms(db, sms, smsAnswerHandler));
  if (once.replayed) return Response.json({ error: "replayed" }, { status: 403 });
  const twiml = new twilio.twiml.MessagingResponse();
  twiml.message(once.value.reply);
  return new Response(twiml.toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
}
