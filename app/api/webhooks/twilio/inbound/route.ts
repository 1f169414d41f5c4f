import twilio from "twilio";
import { withTwilioSignature } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { applyOnce } from "@/lib/messaging/webhook-receipts";
import { parseInboundSms } from "@/lib/messaging/webhooks";

/** Incoming SMS (JA / NEIN / STOP / START / anything else), answered with TwiML. */
export const POST = withTwilioSignature(async (params) => {
  const sms = parseInboundSms(params);
  if (!sms) return Response.json({ error: "malformed" }, { status: 400 });
  const db = await getDb();
  // A replayed SMS (same MessageSid, valid signature) must not flip an answer or opt-out again.
  const once = await applyOnce(db, "twilio-inbound", sms.sid, () => handleInboundSms(db, sms, smsAnswerHandler));
  if (once.replayed) return Response.json({ error: "replayed" }, { status: 403 });
  const twiml = new twilio.twiml.MessagingResponse();
  twiml.message(once.value.reply);
  return new Response(twiml.toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
});
