/**
 * `npm run bench:dispatch`: the dispatch section of `npm run bench` alone (about two minutes), on
 * PGlite or, with BENCH_DATABASE_URL, on its own PostgreSQL database. Prints the rows and writes
 * them to the block "dispatch-<database>" of docs/benchmarks.md (BENCH_OUT to write elsewhere).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { machineDescription, markdownTable, printTable, replaceBlock } from "./lib";
import { createBenchDb, prepare } from "./sections/db";
import { dispatchSection } from "./sections/dispatch";

const started = Date.now();
const log = (m: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);
const bench = await createBenchDb();
const dbName = bench.kind === "postgres" ? "PostgreSQL (BENCH_DATABASE_URL, own database)" : "embedded PGlite";
try {
  const handle = await bench.open();
  const rows = await (async () => {
    try {
      const f = await prepare(handle);
      return await dispatchSection(handle.db, f.organizationId, bench, log);
    } finally {
      await handle.close();
    }
  })();
  const when = new Date().toISOString();
  console.log(`\nHelferruf dispatch benchmark — ${when} — ${dbName}\n${machineDescription()}\n`);
  printTable(rows);
  const out = process.env.BENCH_OUT ?? "docs/benchmarks.md";
  const block = `### Dispatch alone, ${dbName}\n\nWritten by \`npm run bench:dispatch\` on ${when.slice(0, 16).replace("T", " ")} UTC in ${((Date.now() - started) / 1000).toFixed(0)} s.\n\nMachine: ${machineDescription()}\n\n${markdownTable(rows)}\n`;
  writeFileSync(out, replaceBlock(existsSync(out) ? readFileSync(out, "utf8") : "# Benchmarks\n", `dispatch-${bench.kind}`, block));
  console.log(`wrote the dispatch-${bench.kind} block of ${out}`);
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}
