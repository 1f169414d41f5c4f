import twilio from "twilio";
import { withTwilioSignature } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { applyOnce } from "@/lib/messaging/webhook-receipts";
import { handleInboundWhatsapp, parseInboundWhatsapp } from "@/lib/messaging/whatsapp/inbound";

/**
 * Messages to the WhatsApp sender (issue 18): button taps, the connect code, JA / NEIN, STOP /
 * START — signed like SMS (X-Twilio-Signature), applied once per MessageSid, answered with TwiML.
 */
export const POST = withTwilioSignature(async (params) => {
  const message = parseInboundWhatsapp(params);
  if (!message) return Response.json({ error: "malformed" }, { status: 400 });
  const db = await getDb();
  const once = await applyOnce(db, "twilio-whatsapp", message.sid, () => handleInboundWhatsapp(db, message));
  if (once.replayed) return Response.json({ error: "replayed" }, { status: 403 });
  const twiml = new twilio.twiml.MessagingResponse();
  twiml.message(once.value.reply);
  return new Response(twiml.toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
});
