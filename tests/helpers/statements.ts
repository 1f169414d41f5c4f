import type { Db } from "@/db";

/**
 * Runs fn with every statement counted: a counting wrapper around the driver
 * (`db.$client.query`, what drizzle calls for every statement on PGlite and node-postgres), so a
 * regression in round trips fails a test without any timing (issue 19).
 */
export async function counted<T>(db: Db, fn: () => Promise<T>): Promise<[number, T]> {
  const client = (db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  const original = client.query;
  let n = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  try {
    const result = await fn();
    return [n, result];
  } finally {
    client.query = original;
  }
}
