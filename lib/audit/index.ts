import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";

export type AuditInput = {
  organizationId: string | null;
  actorUserId?: string | null;
  actorType: "user" | "volunteer" | "system";
  action: string;
  objectType?: string;
  objectId?: string;
  ip?: string | null;
  outcome?: "ok" | "denied" | "invalid" | "error";
  details?: Record<string, unknown>;
};

/** Records who did what to which object. Call it inside the transaction of the change itself. */
export async function recordAudit(tx: DbOrTx, e: AuditInput): Promise<void> {
  await tx.insert(s.auditEvents).values(auditRow(e));
}

/** The row recordAudit writes (for a caller that writes it inside a statement of its own). */
export function auditRow(e: AuditInput) {
  return {
    organizationId: e.organizationId,
    actorUserId: e.actorUserId ?? null,
    actorType: e.actorType,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId ?? null,
    ip: e.ip ?? null,
    outcome: e.outcome ?? "ok",
    details: e.details ?? null,
  };
}
