import type { SmsAnswerHandler } from "./sms-replies";

/**
 * The seam between SMS replies and the requests module: the inbound webhook passes this handler
 * to handleInboundSms. Until lib/requests/respond.ts (respondToInvitation, issue 5) is wired in
 * here, JA / NEIN get the "please use the link" reply and change nothing.
 * Wiring: call respondToInvitation({ invitationId, answer, via: "sms" }) and map its result to
 * { ok: true, status: "accepted" | "declined" | "withdrawn" } | { ok: false, error: "filled" | "closed" }.
 */
export const smsAnswerHandler: SmsAnswerHandler = async () => ({ ok: false, error: "unavailable" });
