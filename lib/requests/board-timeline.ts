/**
 * The board's per-helper timeline, built from what is already stored: the invitation (asked),
 * its outbox messages (queued → sent → delivered, or failed / not sent) and the audit rows of
 * the helper's answers (accepted, declined, withdrawn). No React, no database: the query hands
 * the rows in, the board renders the events. Client-safe (types only imported by the board).
 */

export type BoardMessageStatus = "queued" | "sending" | "sent" | "delivered" | "failed" | "cancelled";
/** Why a message did not reach the helper, as the board marks it. */
export type MessageProblem = "failed" | "bounced" | "unsubscribed" | "sms_opted_out";
/** Standing problems of the helper's channels (from the volunteer's stop flags). */
export type ChannelProblem = "email_bounced" | "email_unsubscribed" | "sms_opted_out";
export type AnswerAction = "accept" | "accept_full" | "decline" | "withdraw";

export type BoardEvent =
  | { type: "asked"; at: string; wave: number }
  | { type: "message"; at: string; kind: string; channel: string; status: BoardMessageStatus; problem: MessageProblem | null }
  | { type: "answer"; at: string; action: AnswerAction; via: string | null };

export type MessageRow = { kind: string; channel: string; status: BoardMessageStatus; createdAt: string; sentAt: string | null; deliveredAt: string | null; error: string | null };
export type AnswerRow = { action: string; at: string; via: string | null };

const ANSWER_ACTIONS: Record<string, AnswerAction> = {
  "invitation.accept": "accept",
  "invitation.accept_full": "accept_full",
  "invitation.decline": "decline",
  "invitation.withdraw": "withdraw",
};

const iso = (v: string | Date) => new Date(v).toISOString();

/** What went wrong with one message, from its status and the reason the dispatcher or provider gave. */
export function messageProblem(m: Pick<MessageRow, "channel" | "status" | "error">): MessageProblem | null {
  const error = (m.error ?? "").toLowerCase();
  if (m.status === "failed") {
    if (m.channel === "email" && /^(bounced|suppressed)\b/.test(error)) return "bounced";
    // Twilio 21610: the number answered STOP
    if (m.channel === "sms" && /21610|opted out|unsubscribed/.test(error)) return "sms_opted_out";
    return "failed";
  }
  if (m.status === "cancelled") {
    if (error === "address bounced") return "bounced";
    if (error === "recipient unsubscribed") return "unsubscribed";
    if (error === "recipient opted out of sms") return "sms_opted_out";
  }
  return null;
}

/** When a message reached the state it is in now (the time the board shows next to it). */
function messageTime(m: MessageRow): string {
  return iso(m.deliveredAt ?? m.sentAt ?? m.createdAt);
}

/** Every event of one helper, oldest first (ties: asked, answer, message). */
export function buildTimeline(input: { askedAt: string | Date | null; wave: number; messages: MessageRow[]; answers: AnswerRow[] }): BoardEvent[] {
  const events: BoardEvent[] = [];
  if (input.askedAt) events.push({ type: "asked", at: iso(input.askedAt), wave: input.wave });
  for (const m of input.messages) {
    events.push({ type: "message", at: messageTime(m), kind: m.kind, channel: m.channel, status: m.status, problem: messageProblem(m) });
  }
  for (const a of input.answers) {
    const action = ANSWER_ACTIONS[a.action];
    if (action) events.push({ type: "answer", at: iso(a.at), action, via: a.via });
  }
  // at the same instant: asked, then the answer, then the message it caused (a confirmation)
  const rank = { asked: 0, answer: 1, message: 2 } as const;
  // a stable sort: rows of the same kind keep the order the database gave (creation order)
  return events.map((e, i) => ({ e, i })).sort((x, y) => x.e.at.localeCompare(y.e.at) || rank[x.e.type] - rank[y.e.type] || x.i - y.i).map((x) => x.e);
}

/** The standing problems of a helper's channels, from the volunteer's stop flags. */
export function channelProblems(v: { emailBouncedAt: unknown; emailOptedOutAt: unknown; smsOptedOutAt: unknown }): ChannelProblem[] {
  const out: ChannelProblem[] = [];
  if (v.emailBouncedAt) out.push("email_bounced");
  if (v.emailOptedOutAt) out.push("email_unsubscribed");
  if (v.smsOptedOutAt) out.push("sms_opted_out");
  return out;
}

/** The board's groups: asked (everyone), said yes, said no, no answer yet; the rest is not asked (any more). */
export type BoardGroup = "accepted" | "declined" | "pending" | "other";
export function boardGroupOf(status: string): BoardGroup {
  if (status === "accepted") return "accepted";
  if (status === "declined" || status === "withdrawn") return "declined";
  if (status === "pending") return "pending";
  return "other";
}
