import { withTwilioSignature } from "@/app/_edge/routes";
import { getDb } from "@/db";
import { handleVoiceStatus } from "@/lib/messaging/voice/calls";

/** Call status callbacks (?m=<outbox message id>): initiated, completed, busy, no-answer, failed. */
export const POST = withTwilioSignature(async (params, req) => {
  const result = await handleVoiceStatus(await getDb(), params, new URL(req.url).searchParams.get("m"));
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  return Response.json({ ok: true, applied: result.applied });
});
