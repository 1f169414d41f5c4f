import { and, asc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { config } from "@/lib/config";
import type { Actor } from "./guard-types";
import { storedSessionToken } from "./hashed-sessions";

/**
 * Coordinator sessions: Auth.js database sessions (table `sessions`) in a cookie of our own name.
 *
 * - `expires` is set once at sign-in to sign-in + AUTH_SESSION_MAX_HOURS and never extended
 *   (Auth.js `updateAge` = `maxAge`), so it is the absolute lifetime;
 * - `last_seen_at` is moved on while the coordinator works; a session idle for longer than
 *   AUTH_IDLE_TIMEOUT_MINUTES is deleted on its next use.
 */
export function secureCookies(): boolean {
  return config().appUrl.startsWith("https://");
}

/** `__Host-` binds the cookie to this exact origin over HTTPS (no Domain, Path=/). */
export function sessionCookieName(): string {
  return secureCookies() ? "__Host-helferruf.session" : "helferruf.session";
}

/** The organisation a coordinator with several memberships is working in. */
export const ORG_COOKIE = "helferruf.org";

/** last_seen_at is written at most this often, so that every page view is not a write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Who a coordinator session belongs to: the user, whether they are a platform administrator
 * (lib/platform), and their actor in one organisation — or, when that organisation is
 * suspended, no actor but the suspended organisation (the coordinator area shows why).
 */
export type SessionIdentity = {
  userId: string;
  email: string;
  platformAdmin: boolean;
  actor: Actor | null;
  suspendedOrganization: { id: string; name: string } | null;
};

export async function actorFromSessionToken(
  db: DbOrTx,
  sessionToken: string | undefined,
  preferredOrganizationId?: string,
  now = new Date(),
): Promise<Actor | null> {
  return (await identityFromSessionToken(db, sessionToken, preferredOrganizationId, now))?.actor ?? null;
}

export async function identityFromSessionToken(
  db: DbOrTx,
  sessionToken: string | undefined,
  preferredOrganizationId?: string,
  now = new Date(),
): Promise<SessionIdentity | null> {
  if (!sessionToken || sessionToken.length > 200) return null;
  const stored = storedSessionToken(sessionToken);
  const [session] = await db
    .select({ userId: s.sessions.userId, lastSeenAt: s.sessions.lastSeenAt, email: s.users.email, platformAdmin: s.platformAdmins.userId })
    .from(s.sessions)
    .innerJoin(s.users, eq(s.users.id, s.sessions.userId))
    .leftJoin(s.platformAdmins, eq(s.platformAdmins.userId, s.sessions.userId))
    .where(and(eq(s.sessions.sessionToken, stored), gt(s.sessions.expires, now)));
  if (!session) return null;
  const idleMs = config().AUTH_IDLE_TIMEOUT_MINUTES * 60_000;
  if (session.lastSeenAt && now.getTime() - session.lastSeenAt.getTime() > idleMs) {
    await db.delete(s.sessions).where(eq(s.sessions.sessionToken, stored));
    return null;
  }
  const memberships = await db
    .select({ organizationId: s.memberships.organizationId, role: s.memberships.role, name: s.organizations.name, suspendedAt: s.organizations.suspendedAt })
    .from(s.memberships)
    .innerJoin(s.organizations, eq(s.organizations.id, s.memberships.organizationId))
    .where(eq(s.memberships.userId, session.userId))
    .orderBy(asc(s.memberships.createdAt), asc(s.memberships.organizationId));
  // The chosen organisation if it is active, else the first active one; a suspended one only
  // when it is all there is (then there is no actor: nobody acts for a suspended organisation).
  const active = memberships.filter((m) => !m.suspendedAt);
  const membership = active.find((m) => m.organizationId === preferredOrganizationId) ?? active[0];
  const suspended = membership ? null : memberships[0];
  // A session without a membership (access removed) is no coordinator session, unless it is a platform administrator's.
  if (!membership && !suspended && !session.platformAdmin) return null;
  if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(s.sessions).set({ lastSeenAt: now }).where(eq(s.sessions.sessionToken, stored));
  }
  return {
    userId: session.userId,
    email: session.email,
    platformAdmin: !!session.platformAdmin,
    actor: membership ? { userId: session.userId, email: session.email, organizationId: membership.organizationId, role: membership.role } : null,
    suspendedOrganization: suspended ? { id: suspended.organizationId, name: suspended.name } : null,
  };
}

/** Removing access ends every session of that person at once. */
export async function endSessionsOfUser(tx: DbOrTx, userId: string): Promise<void> {
  await tx.delete(s.sessions).where(eq(s.sessions.userId, userId));
}

/** Scheduler job: sessions past their lifetime or idle timeout, and unused sign-in links. */
export async function purgeExpiredSessions(db: DbOrTx, now = new Date()): Promise<{ sessions: number; links: number }> {
  const idleCutoff = new Date(now.getTime() - config().AUTH_IDLE_TIMEOUT_MINUTES * 60_000);
  const gone = await db
    .delete(s.sessions)
    .where(or(lt(s.sessions.expires, now), lt(s.sessions.lastSeenAt, idleCutoff)))
    .returning({ token: s.sessions.sessionToken });
  const links = await db.delete(s.verificationTokens).where(lt(s.verificationTokens.expires, now)).returning({ id: s.verificationTokens.identifier });
  return { sessions: gone.length, links: links.length };
}

/** Whether an address may receive a sign-in link: only people with a membership. */
export async function hasMembership(db: DbOrTx, email: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: s.users.id })
    .from(s.users)
    .innerJoin(s.memberships, eq(s.memberships.userId, s.users.id))
    .where(eq(s.users.email, email.trim().toLowerCase()))
    .limit(1);
  return !!row;
}

/**
 * Whether an address may receive a sign-in link: people with a membership and platform
 * administrators (who may have none).
 */
export async function maySignIn(db: DbOrTx, email: string): Promise<boolean> {
  if (await hasMembership(db, email)) return true;
  const [row] = await db
    .select({ userId: s.users.id })
    .from(s.users)
    .innerJoin(s.platformAdmins, eq(s.platformAdmins.userId, s.users.id))
    .where(eq(s.users.email, email.trim().toLowerCase()))
    .limit(1);
  return !!row;
}

/** The active organisations a coordinator belongs to (for the organisation switcher; suspended ones cannot be worked in). */
export async function membershipsOf(db: DbOrTx, userId: string): Promise<{ organizationId: string; name: string; role: "admin" | "coordinator" }[]> {
  return db
    .select({ organizationId: s.memberships.organizationId, name: s.organizations.name, role: s.memberships.role })
    .from(s.memberships)
    .innerJoin(s.organizations, eq(s.organizations.id, s.memberships.organizationId))
    .where(and(eq(s.memberships.userId, userId), isNull(s.organizations.suspendedAt)))
    .orderBy(asc(s.memberships.createdAt), asc(s.memberships.organizationId));
}
