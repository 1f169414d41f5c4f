import { withTwilioSignature } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { answerTwiml } from "@/lib/messaging/voice/calls";
import { twimlResponse, voiceQuery } from "../twiml-response";

/** The keypad digit of a call (`<Gather>` action); signed with X-Twilio-Signature. */
export const POST = withTwilioSignature(async (params, req) => {
  const q = voiceQuery(req);
  return twimlResponse(await answerTwiml(await getDb(), q.messageId, params, q));
});
