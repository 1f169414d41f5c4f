import { withTwilioSignature } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { callTwiml } from "@/lib/messaging/voice/calls";
import { twimlResponse, voiceQuery } from "../twiml-response";

/** Twilio asks what an answered invitation call says (?m=<outbox message id>); signed with X-Twilio-Signature. */
export const POST = withTwilioSignature(async (params, req) => {
  const q = voiceQuery(req);
  return twimlResponse(await callTwiml(await getDb(), q.messageId, params, q));
});
