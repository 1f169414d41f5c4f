import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { admit, invalid } from "@/lib/admin/operation";
import { getActor } from "@/lib/auth/guard";
import { admitPlatform, type PlatformActor } from "@/lib/platform/guard";
import type { ActorFor, Role } from "@/lib/auth/guard-types";
import { formValues, type ActionState, type FormValues } from "@/lib/http/action-state";
import { busyToPage } from "@/lib/http/busy";
import { clientIpFrom } from "@/lib/http/client-ip";
import { fieldErrorsOf, type Denied, type FieldErrors, type Invalid } from "@/lib/result";
import { getVolunteerSession } from "@/lib/volunteers/session";
import type { VolunteerSession } from "@/lib/volunteers/sign-in";
import { ctxFor, type EdgeCtx } from "./context";

export type { EdgeCtx };

/**
 * The edge wrappers for server actions: one per audience. Each resolves who is asking, reads
 * the client address, parses the form, calls the domain and turns its Result into the flat
 * `ActionState` of lib/http/action-state.ts. An action file then only says what is special:
 *
 *   export const inviteMemberAction = adminAction(formValues, (actor, v, ctx) => inviteMember(actor, v, ctx),
 *     { role: "admin", action: "member.invite", revalidate: "/admin/members" });
 *
 * - `adminAction(input, run, { action, role?, … })`: coordinator session (`getActor`), role checked
 *   by `admit` — a refusal (no session / role too low) is audited under `action` and answered
 *   `{ ok: false, error: "unauthenticated" | "forbidden" }` (or redirected with `onDenied: "redirect"`);
 *   `run` gets the narrowed, non-null actor (`AdminActor` for role "admin"). Invalid input (zod) is audited too.
 * - `volunteerAction(input, run, opts)`: the volunteer session cookie; without one → /manage.
 * - `publicAction(input, run, opts)`: nobody signed in; `ctx.ipKey(scope)` is the per-address rate-limit key.
 * - `input` is a zod schema over the form's text fields (failure → `error: "invalid"` + `fieldErrors`,
 *   or `opts.onInvalid`) or a function of the FormData (no failure).
 * - On success: `revalidate` paths, `{ ok: true, doneAt, ...payload }`. On failure: the domain's
 *   error, `fieldErrors` and the typed values (`keep`, default `formValues`), `retryMinutes` from `retryAfterMs`.
 * - `volunteerAction` and `publicAction` (what helpers and volunteers tap): when no database
 *   connection becomes free in time (lib/http/busy.ts), the visitor is sent to the calm busy page
 *   (503 + Retry-After) instead of a 500 — here, for every such action.
 * - The result is a `useActionState` action `(prev, fd) => state`; a `run` that only redirects
 *   makes a plain `<form action>` `(fd) => Promise<never>`.
 * Origin checks: Next checks the Origin of every server action itself (route handlers: app/_edge/routes.ts).
 */

/** The request context of the current server action (the one place that reads the client address). */
export async function edgeCtx(): Promise<EdgeCtx> {
  return ctxFor(clientIpFrom(await headers()));
}

/** How an action reads its input: a zod schema over the form's text fields, or a function of the FormData. */
export type Input<I> = z.ZodType<I> | ((fd: FormData) => I);

/** For actions without input. */
export const noInput = (): undefined => undefined;

type AnyResult = { ok: true } | { ok: false; error: string };
type OkPart<R> = [Extract<R, { ok: true }>] extends [never] ? object : Omit<Extract<R, { ok: true }>, "ok">;
/** The state an action with domain result `R` and kept values `V` returns. */
export type StateOf<R, V = FormValues> = ActionState<V, OkPart<R>>;
/** A server action for useActionState (at run time it also takes a lone FormData). */
export type FormAction<S> = (prev: S, fd: FormData) => Promise<S>;
type ActionOf<R, V> = [R] extends [never] ? (fd: FormData) => Promise<never> : FormAction<StateOf<R, V>>;

type Options<I, V, S> = {
  /** path(s) to revalidate after a successful run */
  revalidate?: string | ((input: I) => string | [string, "layout" | "page"]) | [string, "layout" | "page"];
  /** the values echoed back into the form (default: every text field) */
  keep?: (fd: FormData) => V;
  /** also echo the values after a success (forms that stay filled in) */
  keepOnSuccess?: boolean;
  /** what a zod parse failure does instead of `{ error: "invalid", fieldErrors }` (e.g. redirect) */
  onInvalid?: (fd: FormData, fieldErrors: FieldErrors) => S | Promise<S> | never;
};

export type AdminOptions<I, V, S, Ro extends Role> = Options<I, V, S> & {
  /** the audited action name (`member.invite`); refusals and invalid input are recorded under it */
  action: string;
  /** role the action needs (default coordinator: any member) */
  role?: Ro;
  /** redirect a refusal (sign-in page / dashboard) instead of returning it, for plain form actions */
  onDenied?: "redirect";
};

function formDataOf(a: unknown, b: unknown): FormData {
  if (b instanceof FormData) return b;
  if (a instanceof FormData) return a;
  return new FormData();
}

function read<I>(input: Input<I>, fd: FormData): { ok: true; value: I } | { ok: false; fieldErrors: FieldErrors } {
  if (typeof input === "function") return { ok: true, value: input(fd) };
  const parsed = input.safeParse(formValues(fd));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
}

function revalidate<I>(how: Options<I, unknown, unknown>["revalidate"], input: I) {
  const target = typeof how === "function" ? how(input) : how;
  if (!target) return;
  if (Array.isArray(target)) revalidatePath(target[0], target[1]);
  else revalidatePath(target);
}

function toState<R extends AnyResult, V>(result: R, values: V, keepOnSuccess = false): StateOf<R, V> {
  if (result.ok) return { ...result, ok: true, doneAt: Date.now(), ...(keepOnSuccess ? { values } : {}) } as unknown as StateOf<R, V>;
  const { fieldErrors, retryAfterMs, ...rest } = result as { ok: false; error: string; fieldErrors?: Record<string, string | undefined>; retryAfterMs?: number };
  const state: ActionState<V> = { ...rest, ok: false, values };
  if (fieldErrors) state.fieldErrors = Object.fromEntries(Object.entries(fieldErrors).filter((e): e is [string, string] => !!e[1]));
  if (typeof retryAfterMs === "number") state.retryMinutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return state as StateOf<R, V>;
}

/** Coordinator area: actor resolved, role admitted (refusal audited), input parsed (invalid audited). */
export function adminAction<I, R extends AnyResult, Ro extends Role = "coordinator", V = FormValues>(
  input: Input<I>,
  run: (actor: ActorFor<Ro>, input: I, ctx: EdgeCtx) => Promise<R>,
  opts: AdminOptions<I, V, StateOf<R | Denied | Invalid, V>, Ro>,
): ActionOf<R, V> {
  const action = async (a: unknown, b?: unknown) => {
    const fd = formDataOf(a, b);
    const values = (opts.keep ?? (formValues as unknown as (fd: FormData) => V))(fd);
    const ctx = await edgeCtx();
    const admitted = await admit(await getActor(), (opts.role ?? "coordinator") as Ro, ctx, opts.action);
    if (!admitted.ok) {
      if (opts.onDenied === "redirect") redirect(admitted.error === "unauthenticated" ? "/admin/sign-in" : "/admin?denied=1");
      return toState(admitted, values);
    }
    const parsed = read(input, fd);
    if (!parsed.ok) {
      if (opts.onInvalid) return opts.onInvalid(fd, parsed.fieldErrors);
      return toState(await invalid(admitted.actor, ctx, opts.action, parsed.fieldErrors), values);
    }
    const result = await run(admitted.actor, parsed.value, ctx);
    if (result.ok) revalidate(opts.revalidate, parsed.value);
    return toState(result, values, opts.keepOnSuccess);
  };
  return action as unknown as ActionOf<R, V>;
}

/** Volunteer self-service: the volunteer session cookie (none → the /manage sign-in page, before anything is read). */
export function volunteerAction<I, R extends AnyResult, V = FormValues>(
  input: Input<I>,
  run: (session: VolunteerSession, input: I, ctx: EdgeCtx) => Promise<R>,
  opts: Options<I, V, StateOf<R | Invalid, V>> = {},
): ActionOf<R, V> {
  return formAction(
    async () => (await getVolunteerSession()) ?? redirect("/manage"),
    input,
    run,
    opts,
  );
}

/** Public pages (nobody signed in): client address and rate-limit key in `ctx`. */
export function publicAction<I, R extends AnyResult, V = FormValues>(
  input: Input<I>,
  run: (input: I, ctx: EdgeCtx) => Promise<R>,
  opts: Options<I, V, StateOf<R | Invalid, V>> = {},
): ActionOf<R, V> {
  return formAction(async () => null, input, (_who: null, i: I, ctx: EdgeCtx) => run(i, ctx), opts);
}

function formAction<W, I, R extends AnyResult, V>(
  who: () => Promise<W>,
  input: Input<I>,
  run: (who: W, input: I, ctx: EdgeCtx) => Promise<R>,
  opts: Options<I, V, StateOf<R | Invalid, V>>,
): ActionOf<R, V> {
  const action = (a: unknown, b?: unknown) =>
    busyToPage(async () => {
      const fd = formDataOf(a, b);
      const values = (opts.keep ?? (formValues as unknown as (fd: FormData) => V))(fd);
      const caller = await who();
      const parsed = read(input, fd);
      if (!parsed.ok) {
        if (opts.onInvalid) return opts.onInvalid(fd, parsed.fieldErrors);
        return toState({ ok: false, error: "invalid", fieldErrors: parsed.fieldErrors }, values);
      }
      const result = await run(caller, parsed.value, await edgeCtx());
      if (result.ok) revalidate(opts.revalidate, parsed.value);
      return toState(result, values, opts.keepOnSuccess);
    });
  return action as unknown as ActionOf<R, V>;
}

/**
 * Platform area (lib/platform): the session must belong to a platform administrator (refusal
 * audited under `action`: no session → "unauthenticated", any other session → "forbidden").
 * A platform administrator is no organisation's actor: `run` gets a `PlatformActor`.
 */
export function platformAction<I, R extends AnyResult, V = FormValues>(
  input: Input<I>,
  run: (actor: PlatformActor, input: I, ctx: EdgeCtx) => Promise<R>,
  opts: Options<I, V, StateOf<R | Denied | Invalid, V>> & { action: string },
): ActionOf<R, V> {
  const action = async (a: unknown, b?: unknown) => {
    const fd = formDataOf(a, b);
    const values = (opts.keep ?? (formValues as unknown as (fd: FormData) => V))(fd);
    const ctx = await edgeCtx();
    const admitted = await admitPlatform(ctx, opts.action);
    if (!admitted.ok) return toState(admitted, values);
    const parsed = read(input, fd);
    if (!parsed.ok) return toState({ ok: false, error: "invalid", fieldErrors: parsed.fieldErrors }, values);
    const result = await run(admitted.actor, parsed.value, ctx);
    if (result.ok) revalidate(opts.revalidate, parsed.value);
    return toState(result, values, opts.keepOnSuccess);
  };
  return action as unknown as ActionOf<R, V>;
}
