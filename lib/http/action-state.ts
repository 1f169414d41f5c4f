import type { FieldErrors } from "@/lib/result";

/**
 * What every form server action gives back to `useActionState` (built by the edge wrappers in
 * app/_edge/actions.ts; components import the type from here, never from app/). A flat DTO: the
 * outcome, field error codes, what was typed (so the form keeps it), and the success payload `D`
 * of the domain result (e.g. `{ invited: 3 }`) spread in.
 */
export type ActionState<V = FormValues, D extends object = object> = {
  ok?: boolean;
  /** snake_case code for the whole form: unauthenticated | forbidden | invalid | rate_limited | a domain code */
  error?: string;
  /** field → error code (translated by the page) */
  fieldErrors?: FieldErrors;
  /** what was submitted; after a failure (and after success when the action keeps them) */
  values?: V;
  /** changes on every successful submit, so forms can reset */
  doneAt?: number;
  /** after "rate_limited": whole minutes until the next try */
  retryMinutes?: number;
} & Partial<D>;

/** A form server action as a client component takes it (passed in as a prop by the page). */
export type StateAction<S = ActionState> = (prev: S, fd: FormData) => Promise<S>;

/** The text fields of a form, by name (the first value of each; Next's own $ACTION_ fields left out). */
export type FormValues = Record<string, string>;

/** Longest single value kept for echoing back into a form. */
const MAX_VALUE = 2000;

export function formValues(fd: FormData): FormValues {
  const out: FormValues = {};
  for (const [k, v] of fd.entries()) {
    if (typeof v !== "string" || k.startsWith("$ACTION") || k in out) continue;
    out[k] = v.slice(0, MAX_VALUE);
  }
  return out;
}

/** Like `formValues`, with the named multi-value fields (checkbox groups) as arrays. */
export function formValuesWithLists(fd: FormData, lists: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = formValues(fd);
  for (const key of lists) out[key] = fd.getAll(key).filter((v): v is string => typeof v === "string").map((v) => v.slice(0, MAX_VALUE));
  return out;
}
