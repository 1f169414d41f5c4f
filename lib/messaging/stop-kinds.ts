/**
 * Which message about a request is still wanted, in one place (invariant 5, "stop means stop").
 * Read by the lifecycle (queued messages cancelled in the transaction of the stop) and by the
 * dispatcher (the same rule re-checked in the transaction just before the provider call, so a
 * message claimed before the stop is not sent after it). Pure: no database access.
 *
 * - Asking messages (invitation, each wave and follow-up are kind "invitation"; "needed again")
 *   go out only while the request is open and has not started, and the invitation still waits
 *   for an answer (pending; "needed again" also to a late "yes" that found it full, not_needed).
 * - Reminders go to accepted helpers of a request that is open, filled or closed early — never of
 *   a cancelled request, never to a helper who withdrew or declined.
 * - "Already filled" notices only while the request is not open again (a reopened seat makes the
 *   helper's link answerable instead) and not cancelled (the cancellation notice tells them).
 * - Confirmations not for a cancelled request (the cancellation follows) nor a withdrawn helper.
 * - Everything else (cancellations, coordinators' notes, sign-in links, …) always goes out.
 */

export type StopRequestStatus = "open" | "filled" | "cancelled" | "closed";
export type StopInvitationStatus = "queued" | "pending" | "accepted" | "declined" | "withdrawn" | "not_needed" | "expired";

/** Messages that ask someone to help. */
export const ASKING_MESSAGE_KINDS = ["invitation", "needed-again"] as const;
/** Reminders to accepted helpers before the start. */
export const REMINDER_MESSAGE_KINDS = ["helper-reminder"] as const;
/** A shift plan's one message per volunteer for all its slots (lib/shifts): the dispatcher re-checks the plan. */
export const SHIFT_INVITATION_KIND = "shift-invitation";
/** Every kind the rule below may stop (the dispatcher re-checks only these). */
export const STOPPABLE_MESSAGE_KINDS: readonly string[] = [...ASKING_MESSAGE_KINDS, ...REMINDER_MESSAGE_KINDS, "request-filled", "confirmation"];

export type MessageContext = {
  kind: string;
  request: { status: StopRequestStatus; startsAt: Date } | null;
  /** null: the message has no invitation, or the invitation is gone */
  invitationStatus: StopInvitationStatus | null;
};

/** Why a message is not wanted any more (stored as the cancelled message's last_error), or null when it is wanted. */
export function stopReason(m: MessageContext, now: Date): string | null {
  if (!STOPPABLE_MESSAGE_KINDS.includes(m.kind) || !m.request) return null;
  const { status, startsAt } = m.request;
  const inv = m.invitationStatus;
  if ((ASKING_MESSAGE_KINDS as readonly string[]).includes(m.kind)) {
    if (status !== "open") return `request ${status}`;
    if (now.getTime() >= startsAt.getTime()) return "request started";
    // "needed again" goes to someone whose late "yes" found the request full (invitation not_needed)
    if (inv !== "pending" && !(m.kind === "needed-again" && inv === "not_needed")) return `invitation ${inv ?? "missing"}`;
    return null;
  }
  if ((REMINDER_MESSAGE_KINDS as readonly string[]).includes(m.kind)) {
    if (status === "cancelled") return "request cancelled";
    if (inv !== "accepted") return `invitation ${inv ?? "missing"}`;
    return null;
  }
  if (m.kind === "request-filled") {
    if (status === "open" || status === "cancelled") return `request ${status}`;
    return null;
  }
  // confirmation
  if (status === "cancelled") return "request cancelled";
  if (inv === "withdrawn") return "invitation withdrawn";
  return null;
}

/** Kinds whose queued messages the stop of a request cancels at once (the dispatcher catches the rest). */
export function kindsStoppedBy(event: "filled" | "closed" | "cancelled" | "expired"): string[] {
  if (event === "cancelled") return [...STOPPABLE_MESSAGE_KINDS];
  return [...ASKING_MESSAGE_KINDS];
}

/** Kinds whose queued messages for one invitation stop when its helper withdraws. */
export const KINDS_STOPPED_BY_WITHDRAWAL: string[] = [...REMINDER_MESSAGE_KINDS, "confirmation"];
