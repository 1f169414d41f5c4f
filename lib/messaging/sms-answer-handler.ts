import { getDb } from "@/db";
import { respondToInvitation, type RespondOutcome } from "@/lib/requests/respond";
import type { SmsAnswerHandler, SmsAnswerResult } from "./sms-replies";

const accepted: SmsAnswerResult = { ok: true, status: "accepted" };
const declined: SmsAnswerResult = { ok: true, status: "declined" };
const withdrawn: SmsAnswerResult = { ok: true, status: "withdrawn" };
const filled: SmsAnswerResult = { ok: false, error: "filled" };
const closed: SmsAnswerResult = { ok: false, error: "closed" };

/** What an SMS sender is told for each outcome of respondToInvitation (every outcome listed: the type checks it). */
const BY_OUTCOME: Record<RespondOutcome, SmsAnswerResult> = {
  accepted,
  already_accepted: accepted,
  kept: accepted,
  declined,
  already_declined: declined,
  not_accepted: declined,
  withdrawn,
  full: filled,
  request_cancelled: closed,
  request_closed: closed,
  request_past: closed,
  // a slot overlapping one already accepted in the same shift plan: not taken
  overlap: filled,
};

export function toSmsAnswerResult(outcome: RespondOutcome): SmsAnswerResult {
  return BY_OUTCOME[outcome];
}

/** The reply text of an outcome (a key of sms.json), the same for SMS, Telegram and WhatsApp. */
export function replyKeyOf(outcome: RespondOutcome): "accepted" | "declined" | "withdrawn" | "filled" | "closed" | "unavailable" {
  const r = BY_OUTCOME[outcome];
  return r.ok ? r.status : r.error;
}

/**
 * The seam between SMS replies and the requests module: JA / NEIN go through the same
 * respondToInvitation as the one-tap page (exactly N, stop at N, confirmations), with via "sms"
 * (or "whatsapp" for the same words typed in WhatsApp).
 */
export const smsAnswerHandler: SmsAnswerHandler = async ({ invitationId, answer, via }) => {
  const result = await respondToInvitation(await getDb(), { invitationId, answer, via });
  return result.ok ? toSmsAnswerResult(result.outcome) : { ok: false, error: "closed" };
};
