export type Role = "admin" | "coordinator";
export type Actor = { userId: string; email: string; organizationId: string; role: Role };
/** An actor whose admin role has been checked (by `admit`, `requireActor("admin")` or an edge wrapper). */
export type AdminActor = Actor & { role: "admin" };
/** The actor type a required role proves: admin functions take `AdminActor`, coordinator ones any `Actor`. */
export type ActorFor<R extends Role> = R extends "admin" ? AdminActor : Actor;

export function roleAllows(actual: Role, required: Role): boolean {
  return actual === "admin" || actual === required;
}

/** `roleAllows` as a type guard: narrows the actor to what the role proves. */
export function actorHasRole<R extends Role>(actor: Actor, required: R): actor is ActorFor<R> {
  return roleAllows(actor.role, required);
}
