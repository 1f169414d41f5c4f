import type { z } from "zod";

/**
 * The one result vocabulary of the domain (STYLE.md habit 3): expected outcomes are values, not
 * exceptions. Error codes are snake_case everywhere (`request_filled`, `end_before_start`); the
 * pages translate them through the message catalogues.
 */
export type Ok<T extends object = object> = { ok: true } & T;
export type Err<E extends string = string, X extends object = object> = { ok: false; error: E } & X;
export type Result<T extends object = object, E extends string = string> = Ok<T> | Err<E>;

/** Field → first error code. */
export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

/** A refused attempt (no session, role too low, object of another organisation). */
export type Denied = Err<"unauthenticated" | "forbidden">;
/** Bad input: what was wrong, field by field. */
export type Invalid<F extends string = string> = Err<"invalid", { fieldErrors: FieldErrors<F> }>;

/** The shape every error code has. */
export const ERROR_CODE = /^[a-z][a-z0-9_]*$/;

export function ok(): Ok;
export function ok<T extends object>(value: T): Ok<T>;
export function ok<T extends object>(value?: T): Ok<T> {
  return { ok: true, ...(value ?? ({} as T)) };
}

export function err<E extends string>(error: E): Err<E>;
export function err<E extends string, X extends object>(error: E, extra: X): Err<E, X>;
export function err<E extends string, X extends object>(error: E, extra?: X): Err<E, X> {
  return { ok: false, error, ...(extra ?? ({} as X)) };
}

/** Field → first error code from a zod error (zod messages are our error codes; anything else is "invalid"). */
export function fieldErrorsOf<F extends string = string>(error: z.ZodError): FieldErrors<F> {
  const out: FieldErrors<F> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form") as F;
    if (!out[key]) out[key] = ERROR_CODE.test(issue.message) ? issue.message : "invalid";
  }
  return out;
}
