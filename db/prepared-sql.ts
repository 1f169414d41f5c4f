import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client";

const dialect = new PgDialect();

/**
 * A hand-written statement (`sql` with `sql.placeholder(...)` for its values) as a named prepared
 * statement of `db`, as drizzle's builders do with `.prepare(name)`: the text is built once, and
 * PostgreSQL parses and plans it once per connection instead of on every call. For the statements
 * on a hot path that the query builder cannot express (the accept's one statement,
 * lib/requests/respond.ts). `execute(values)` returns the driver's result (`rows`), as
 * `db.execute` does. Keep one per database handle (a WeakMap keyed by `db`).
 */
export function preparedSql(db: Db, name: string, statement: SQL) {
  return db._.session.prepareQuery(dialect.sqlToQuery(statement), undefined, name, false);
}
