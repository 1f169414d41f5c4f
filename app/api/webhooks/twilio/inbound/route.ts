import twilio from "twilio";
import { getDb } from "@/db";
import { config } from "@/lib/config";
import { formParams, readLimitedText } from "@/lib/http/webhook-body";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
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
  const outcome = await handleInboundSms(await getDb(), sms, smsAnswerHandler);
  const twiml = new twilio.twiml.MessagingResponse();
  twiml.message(outcome.reply);
  return new Response(twiml.toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
}
