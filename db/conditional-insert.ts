import { getTableColumns, getTableName, is, sql, SQL, type Table } from "drizzle-orm";

/**
 * `insert into <table> (<columns>) select <values> where <when>` for one row, as a piece of SQL
 * to put into a data-modifying CTE: the row is written only when `when` holds (e.g. "a seat was
 * taken" in the same statement). Keys are the table's column keys as in db/schema.ts; a value
 * may be SQL of its own (e.g. a figure RETURNED by an earlier part of the statement). Columns
 * left undefined take their defaults, as in a Drizzle insert. Values go as parameters, cast to
 * the column's type.
 */
export function insertWhenSql<T extends Table>(table: T, row: Partial<Record<keyof T["_"]["columns"], unknown>>, when: SQL): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string; mapToDriverValue(v: unknown): unknown }>;
  const names: SQL[] = [];
  const values: SQL[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const col = columns[key];
    if (!col) throw new Error(`insertWhenSql: ${getTableName(table)} has no column ${key}`);
    names.push(sql`${sql.identifier(col.name)}`);
    if (is(value, SQL)) values.push(value);
    else if (value === null) values.push(sql`null::${sql.raw(col.getSQLType())}`);
    else values.push(sql`${col.mapToDriverValue(value)}::${sql.raw(col.getSQLType())}`);
  }
  return sql`insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)}) select ${sql.join(values, sql`, `)} where ${when}`;
}

/**
 * Rows as JSON records for `jsonb_populate_recordset(null::<table>, $rows)`: keys are the
 * table's column names, values as the driver would send them (a jsonb column's value stays a
 * JSON value). For a statement whose text must not change with the rows (a named prepared
 * statement that inserts a varying number of rows, lib/requests/respond.ts): `keys` is the fixed
 * column list (`columnListSql`); a row with a key outside it is a programming error and throws.
 */
export function jsonRecordsOf<T extends Table>(table: T, keys: readonly (keyof T["_"]["columns"] & string)[], rows: Partial<Record<keyof T["_"]["columns"], unknown>>[]): Record<string, unknown>[] {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string; mapToDriverValue(v: unknown): unknown }>;
  const allowed = new Set<string>(keys);
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (value === undefined) continue;
      const col = columns[key];
      if (!col || !allowed.has(key)) throw new Error(`jsonRecordsOf: ${key} is not in the column list of ${getTableName(table)}`);
      out[col.name] = value === null ? null : col.getSQLType() === "jsonb" ? value : col.mapToDriverValue(value);
    }
    return out;
  });
}

/** `(<column>, <column>, …)` of `keys`, for an insert whose rows come from jsonRecordsOf. */
export function columnListSql<T extends Table>(table: T, keys: readonly (keyof T["_"]["columns"] & string)[]): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return sql.join(
    keys.map((k) => sql.identifier(columns[k].name)),
    sql`, `,
  );
}
