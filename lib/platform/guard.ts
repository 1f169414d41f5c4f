import "server-only";
import { redirect } from "next/navigation";
import { getSessionIdentity } from "@/lib/auth/guard";
import { getDb } from "@/db";
import type { AdminCtx } from "@/lib/admin/operation";
import { recordAudit } from "@/lib/audit";
import { err, type Denied } from "@/lib/result";
import type { PlatformActor } from "./types";

export type { PlatformActor };

/** The signed-in platform administrator, or null (a coordinator session without the platform role is not one). */
export async function getPlatformActor(): Promise<PlatformActor | null> {
  const identity = await getSessionIdentity();
  return identity?.platformAdmin ? { userId: identity.userId, email: identity.email, platform: true } : null;
}

/** For platform pages: not signed in → the sign-in page; signed in without the platform role → the coordinator area. */
export async function requirePlatformAdmin(): Promise<PlatformActor> {
  const identity = await getSessionIdentity();
  if (!identity) redirect("/admin/sign-in");
  if (!identity.platformAdmin) redirect("/admin?denied=1");
  return { userId: identity.userId, email: identity.email, platform: true };
}

/**
 * The platform area's one role check for actions: the platform actor, or the audited refusal
 * (no session → "unauthenticated", a session without the platform role → "forbidden").
 */
export async function admitPlatform(ctx: AdminCtx, action: string): Promise<{ ok: true; actor: PlatformActor } | Denied> {
  const identity = await getSessionIdentity();
  if (identity?.platformAdmin) return { ok: true, actor: { userId: identity.userId, email: identity.email, platform: true } };
  await recordAudit(await getDb(), {
    organizationId: identity?.actor?.organizationId ?? null,
    actorUserId: identity?.userId ?? null,
    actorType: "user",
    action,
    ip: ctx.ip,
    outcome: "denied",
    details: { reason: identity ? "not_platform_admin" : "no_session" },
  });
  return err(identity ? "forbidden" : "unauthenticated");
}
