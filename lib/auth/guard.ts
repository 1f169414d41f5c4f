import "server-only";
import { redirect } from "next/navigation";

/**
 * The authorisation contract for the coordinator area (invariant 6): every admin page, server
 * action and route handler calls one of these itself; the proxy only redirects.
 *
 * Issue 4 ("Coordinator sign-in…") implements getActor() with Auth.js sessions + memberships.
 */
export type Role = "admin" | "coordinator";
export type Actor = { userId: string; email: string; organizationId: string; role: Role };

export function roleAllows(actual: Role, required: Role): boolean {
  return actual === "admin" || actual === required;
}

/** The signed-in coordinator with their membership, or null. */
export async function getActor(): Promise<Actor | null> {
  return null;
}

/** For pages: redirects to the sign-in page when not signed in, to /admin when the role is too low. */
export async function requireActor(required: Role = "coordinator"): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/admin/sign-in");
  if (!roleAllows(actor.role, required)) redirect("/admin?denied=1");
  return actor;
}

/** For server actions and route handlers: the actor, or null (answer 401/403, change nothing). */
export async function authorize(required: Role = "coordinator"): Promise<Actor | null> {
  const actor = await getActor();
  return actor && roleAllows(actor.role, required) ? actor : null;
}
