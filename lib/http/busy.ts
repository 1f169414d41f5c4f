import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DatabaseUnavailableError } from "@/db";

/**
 * A burst of taps (hundreds of helpers at once) can use up the database pool: a query then
 * waits DATABASE_POOL_WAIT_MS and fails. A helper must never see a 500 for that (issue 13): the
 * response page and its action send them to BUSY_PATH, a calm translated "please try again"
 * page answered with 503 and Retry-After.
 */
export const BUSY_PATH = "/busy";
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * pg-pool's and Neon's messages when no connection became free in time, or the database is briefly
 * gone; and the server's own "took too long" (DATABASE_STATEMENT_TIMEOUT_MS: the statement was
 * cancelled and its transaction rolled back, so nothing half-written stays).
 */
const BUSY_MESSAGES = [/timeout exceeded when trying to connect/i, /connection terminated due to connection timeout/i, /too many clients already/i, /remaining connection slots are reserved/i, /canceling statement due to statement timeout/i];
/** PostgreSQL error codes of the same: too_many_connections, query_canceled (statement timeout), cannot_connect_now */
const BUSY_CODES = new Set(["53300", "57014", "57P03"]);

export function isDatabaseBusy(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (BUSY_MESSAGES.some((re) => re.test(e instanceof Error ? e.message : ""))) return true;
    if (BUSY_CODES.has(String((e as { code?: unknown }).code ?? ""))) return true;
  }
  return false;
}

/**
 * Runs `work`; when the database is busy (above), sends the visitor to the busy page instead of
 * a 500. For server actions (the edge wrappers in app/_edge/actions.ts use it for every public
 * and volunteer action) and for the database reads of public pages. Other errors, and Next's own
 * redirect/notFound signals, pass through.
 */
export async function busyToPage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isDatabaseBusy(err)) redirect(BUSY_PATH);
    throw err;
  }
}

/** A page component whose own database reads send the visitor to the busy page when the pool is exhausted. */
export function busyPage<P>(page: (props: P) => Promise<ReactNode>): (props: P) => Promise<ReactNode> {
  return (props) => busyToPage(() => page(props));
}
