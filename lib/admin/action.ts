import "server-only";
import { headers } from "next/headers";
import { getActor } from "@/lib/auth/guard";
import { clientIpFrom } from "@/lib/http/client-ip";
import type { AdminCtx } from "./operation";

/** What every admin form gets back: field error codes, the submitted values, a done flag. */
export type ActionState = {
  ok?: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** changes on every successful submit so forms can reset */
  doneAt?: number;
};

export async function actionContext() {
  const actor = await getActor();
  const ctx: AdminCtx = { ip: clientIpFrom(await headers()) };
  return { actor, ctx };
}

/** The text fields of a form (Next's own $ACTION_ fields left out). */
export function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

export function toState(result: { ok: boolean; error?: string; fieldErrors?: Record<string, string | undefined> }, values: Record<string, string>): ActionState {
  if (result.ok) return { ok: true, doneAt: Date.now() };
  const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors ?? {}).filter((e): e is [string, string] => !!e[1]));
  return { ok: false, error: result.error, fieldErrors, values };
}
