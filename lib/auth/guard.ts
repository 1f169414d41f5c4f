import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import type { Actor, ActorFor, Role } from "./guard-types";
import { actorHasRole, roleAllows } from "./guard-types";
import { actorFromSessionToken, ORG_COOKIE, sessionCookieName } from "./session";

/**
 * The authorisation contract for the coordinator area (invariant 6): every admin page calls
 * requireActor itself, every server action and route handler goes through an edge wrapper
 * (app/_edge: adminAction, withActor) built on getActor + admit; the proxy only redirects.
 */
export type { Actor, Role };
export { roleAllows };

/**
 * The signed-in coordinator with their membership, or null: the Auth.js session cookie →
 * session row (not expired, not idle) → user → membership (the organisation chosen in the
 * helferruf.org cookie, else the first). A volunteer's session cookie is never an actor.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const token = jar.get(sessionCookieName())?.value;
  if (!token) return null;
  return actorFromSessionToken(await getDb(), token, jar.get(ORG_COOKIE)?.value);
});

/** For pages: redirects to the sign-in page when not signed in, to /admin when the role is too low. */
export async function requireActor<R extends Role = "coordinator">(required: R = "coordinator" as R): Promise<ActorFor<R>> {
  const actor = await getActor();
  if (!actor) redirect("/admin/sign-in");
  if (!actorHasRole(actor, required)) redirect("/admin?denied=1");
  return actor;
}
