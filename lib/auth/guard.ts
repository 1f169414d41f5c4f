import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import type { Actor, ActorFor, Role } from "./guard-types";
import { actorHasRole, roleAllows } from "./guard-types";
import { identityFromSessionToken, ORG_COOKIE, sessionCookieName, type SessionIdentity } from "./session";

/**
 * The authorisation contract for the coordinator area (invariant 6): every admin page calls
 * requireActor itself, every server action and route handler goes through an edge wrapper
 * (app/_edge: adminAction, withActor) built on getActor + admit; the proxy only redirects.
 */
export type { Actor, Role };
export { roleAllows };

/**
 * Who the coordinator session cookie belongs to (see identityFromSessionToken): the Auth.js
 * session cookie → session row (not expired, not idle) → user, platform administrator or not →
 * membership (the organisation chosen in the helferruf.org cookie, else the first active one).
 * A volunteer's session cookie is never a coordinator session.
 */
export const getSessionIdentity = cache(async (): Promise<SessionIdentity | null> => {
  const jar = await cookies();
  const token = jar.get(sessionCookieName())?.value;
  if (!token) return null;
  return identityFromSessionToken(await getDb(), token, jar.get(ORG_COOKIE)?.value);
});

/**
 * The signed-in coordinator with their membership, or null. Null as well for a member of a
 * suspended organisation (nobody acts for it) and for a platform administrator without a
 * membership (the platform role gives no access to an organisation's coordinator area).
 */
export const getActor = cache(async (): Promise<Actor | null> => (await getSessionIdentity())?.actor ?? null);

/**
 * For pages: redirects to the sign-in page when not signed in, to /admin when the role is too
 * low; a member of a suspended organisation to the page that says so, a platform administrator
 * without a membership to the platform area.
 */
export async function requireActor<R extends Role = "coordinator">(required: R = "coordinator" as R): Promise<ActorFor<R>> {
  const identity = await getSessionIdentity();
  const actor = identity?.actor;
  if (!actor) {
    if (identity?.suspendedOrganization) redirect("/admin/suspended");
    if (identity?.platformAdmin) redirect("/platform");
    redirect("/admin/sign-in");
  }
  if (!actorHasRole(actor, required)) redirect("/admin?denied=1");
  return actor;
}
