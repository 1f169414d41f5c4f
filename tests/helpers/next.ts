import { vi } from "vitest";
import type { Db } from "@/db";
import type { Actor } from "@/lib/auth/guard";
import { coordinatorAndActivity } from "./requests";

/**
 * Stand-ins for what Next.js gives server actions and route handlers inside a request, shared by
 * the integration tests. `next/headers` and `next/cache` are mocked with these for every
 * integration test (tests/helpers/next-request.ts); a test that wants the guard to hand out an
 * actor of its choice mocks it in its own file (vi.mock is hoisted there) with
 *
 *   vi.mock("@/lib/auth/guard", async (original) => (await import("../helpers/next")).guardWithSession(await original()));
 *
 * and sets `session.actor` (or calls `signedInCoordinator`). `cookieJar` holds the request's cookies.
 */

/** The request's cookies (what `cookies()` reads and writes). Clear it between tests that use it. */
export const cookieJar = new Map<string, string>();

/** The request's headers: a client behind the proxy at a documentation address. */
export const requestHeaders = new Headers({ "x-forwarded-for": "203.0.113.7" });

export const nextHeaders = {
  headers: async () => new Headers(requestHeaders),
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
    set: (name: string, value: string) => void cookieJar.set(name, value),
    delete: (name: string) => void cookieJar.delete(name),
  }),
};

export const nextCache = { revalidatePath: vi.fn(), revalidateTag: vi.fn() };

/** The actor the mocked guard hands out (null: nobody signed in). */
export const session: { actor: Actor | null } = { actor: null };

/** The real guard module, except that the session's actor is whoever `session.actor` says. */
export function guardWithSession<T extends object>(original: T): T {
  return { ...original, getActor: async () => session.actor, authorize: async () => session.actor };
}

/** Signs the seeded coordinator in for the mocked guard; returns it with the "driving" activity id. */
export async function signedInCoordinator(db: Db): Promise<{ actor: Actor; driving: string }> {
  const c = await coordinatorAndActivity(db);
  session.actor = c.actor;
  return c;
}

/** The target of the redirect() a server action ends with (it throws NEXT_REDIRECT). */
export async function redirectOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2];
    throw err;
  }
  throw new Error("expected a redirect");
}

/** A submitted form: every value (or each value of a list) appended under its name. */
export function formData(values: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [name, value] of Object.entries(values)) for (const v of [value].flat()) fd.append(name, v);
  return fd;
}

/**
 * A tap on a button of the response page, as the browser posts it (app/r/[token]/answer/route.ts):
 * the path it is sent on to (303 Location), or "busy" for the busy page (503 + Retry-After).
 */
export async function answerPost(token: string, answer: string): Promise<string> {
  const { POST } = await import("@/app/r/[token]/answer/route");
  const body = new URLSearchParams({ answer });
  const res = await POST(new Request(`http://localhost:3000/r/${encodeURIComponent(token)}/answer`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "203.0.113.7" } }), { params: Promise.resolve({ token }) });
  if (res.status === 503 && res.headers.get("retry-after")) return "busy";
  if (res.status !== 303) throw new Error(`unexpected status ${res.status}`);
  return res.headers.get("location") ?? "";
}
