import { getDb } from "@/db";
import { respondToInvitation, type RespondOutcome } from "@/lib/requests/respond";
import type { SmsAnswerHandler, SmsAnswerResult } from "./sms-replies";

/** What an SMS sender is told for each outcome of respondToInvitation. */
export function toSmsAnswerResult(outcome: RespondOutcome): SmsAnswerResult {
  switch (outcome) {
    case "accepted":
    case "already_accepted":
      return { ok: true, status: "accepted" };
    case "declined":
    case "already_declined":
    case "not_accepted":
      return { ok: true, status: "declined" };
    case "withdrawn":
      return { ok: true, status: "withdrawn" };
    case "full":
      return { ok: false, error: "filled" };
    case "request_cancelled":
    case "request_closed":
    case "request_past":
      return { ok: false, error: "closed" };
  }
}

/**
 * The seam between SMS replies and the requests module: JA / NEIN go through the same
 * respondToInvitation as the one-tap page (exactly N, stop at N, confirmations), with via "sms".
 */
export const smsAnswerHandler: SmsAnswerHandler = async ({ invitationId, answer }) => {
  const result = await respondToInvitation(await getDb(), { invitationId, answer, via: "sms" });
  return result.ok ? toSmsAnswerResult(result.outcome) : { ok: false, error: "closed" };
};
