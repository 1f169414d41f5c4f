import { z } from "zod";

/**
 * The callback data of an invitation's buttons: "a:<invitation id>" or "d:<invitation id>"
 * (38 bytes; Telegram allows 64). They carry no secret: the webhook only applies a button press
 * from the chat the invitation's volunteer bound (lib/messaging/telegram/updates.ts).
 */
export function answerData(answer: "accept" | "decline", invitationId: string): string {
  return `${answer === "accept" ? "a" : "d"}:${invitationId}`;
}

const uuid = z.uuid();

export function parseAnswerData(data: string | undefined): { answer: "accept" | "decline"; invitationId: string } | null {
  const m = /^([ad]):(.+)$/.exec(data ?? "");
  if (!m || !uuid.safeParse(m[2]).success) return null;
  return { answer: m[1] === "a" ? "accept" : "decline", invitationId: m[2] };
}
