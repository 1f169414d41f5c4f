import { withTwilioSignature } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { handleTwilioStatus } from "@/lib/messaging/webhooks";

/** Twilio status callbacks (?m=<outbox message id>), signed with X-Twilio-Signature. */
export const POST = withTwilioSignature(async (params, req) => {
  const result = await handleTwilioStatus(await getDb(), params, new URL(req.url).searchParams.get("m"));
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  return Response.json({ ok: true, applied: result.applied });
});
