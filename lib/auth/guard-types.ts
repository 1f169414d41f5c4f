export type Role = "admin" | "coordinator";
export type Actor = { userId: string; email: string; organizationId: string; role: Role };

export function roleAllows(actual: Role, required: Role): boolean {
  return actual === "admin" || actual === required;
}
