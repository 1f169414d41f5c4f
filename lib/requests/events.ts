import type { DbOrTx } from "@/db";
import { recordAudit } from "@/lib/audit";

/**
 * The one place where a turn in a request's life is known, inside the transaction that caused it:
 * a request filled, was closed, cancelled, expired or reopened, or an accepted helper withdrew.
 * Today it only writes the audit entry; coordinator notifications (withdrawal notice, "filled",
 * escalation) hook in here, so they are queued in the same transaction as the change.
 */
export type RequestEventKind = "filled" | "closed" | "cancelled" | "expired" | "reopened" | "withdrawn";

export type RequestEvent = {
  request: { id: string; organizationId: string };
  /** the invitation concerned (withdrawn) */
  invitationId?: string;
  /** who caused it; the system by default (a fill caused by a tap is the system's consequence) */
  actor?: { type: "volunteer" } | { type: "user"; userId: string };
  ip?: string | null;
  details?: Record<string, unknown>;
};

const AUDIT_ACTION: Record<RequestEventKind, string> = {
  filled: "request.filled",
  closed: "request.closed",
  cancelled: "request.cancelled",
  expired: "request.expire",
  reopened: "request.reopen",
  withdrawn: "invitation.withdraw",
};

export async function requestEvent(tx: DbOrTx, kind: RequestEventKind, e: RequestEvent): Promise<void> {
  const onInvitation = kind === "withdrawn" && e.invitationId;
  await recordAudit(tx, {
    organizationId: e.request.organizationId,
    actorType: e.actor?.type ?? "system",
    actorUserId: e.actor?.type === "user" ? e.actor.userId : null,
    action: AUDIT_ACTION[kind],
    objectType: onInvitation ? "invitation" : "request",
    objectId: onInvitation ? e.invitationId : e.request.id,
    ip: e.ip ?? null,
    details: onInvitation ? { requestId: e.request.id, ...e.details } : e.details,
  });
}
