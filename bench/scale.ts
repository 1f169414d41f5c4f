import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { machineDescription, markdownTable, printTable, replaceBlock, type Row } from "./lib";
import { createBenchDb, fanOut, generateVolunteers, matching, prepare, settleAfterLoad } from "./sections/db";

/**
 * `npm run bench -- --scale [N]` (or `npm run bench:scale`): only matching and fan-out, on N
 * generated volunteers (default BENCH_VOLUNTEERS, else 1,000,000), asking 10,000 and 100,000 in
 * one request each. Outside the default run (generating a million volunteers alone takes minutes
 * on 2 cores). BENCH_FANOUT=10000,100000 sets the fan-out sizes. Writes the `<database>-scale` block of docs/benchmarks.md (BENCH_OUT elsewhere).
 */
export async function scaleRun(volunteers: number, fanOuts: number[]): Promise<void> {
  const started = Date.now();
  const log = (m: string) => console.log(`[bench scale ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  const rows: Row[] = [];
  const add = (...r: Row[]) => {
    for (const x of r) console.log(`    ${x.section} | ${x.metric} | ${x.value} ${x.unit ?? ""} | ${x.note ?? ""}`);
    rows.push(...r);
  };
  const bench = await createBenchDb();
  try {
    const handle = await bench.open();
    const f = await prepare(handle);
    log(`generating ${volunteers.toLocaleString("en-US")} volunteers`);
    const genMs = await generateVolunteers(handle.db, f, volunteers);
    // as the full run: a database in service has been vacuumed long before (hint bits, visibility map)
    const settleMs = await settleAfterLoad(handle.db, bench.kind);
    add({ section: "matching", metric: `generate ${volunteers.toLocaleString("en-US")} volunteers (set-based SQL)`, value: genMs / 1000, unit: "s", note: `then VACUUM (ANALYZE)${bench.kind === "postgres" ? " and CHECKPOINT" : ""} (${(settleMs / 1000).toFixed(1)} s, settleAfterLoad)` });
    log("matching");
    add(...(await matching(handle.db, f, { runs: 30, secondsPerCase: 20 })));
    for (const n of fanOuts) {
      log(`fan-out ${n.toLocaleString("en-US")}`);
      add(...(await fanOut(handle.db, f, n, { product: false })));
    }
    await handle.close();
  } finally {
    await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
  }
  const when = new Date().toISOString();
  const total = ((Date.now() - started) / 1000).toFixed(0);
  const dbName = bench.kind === "postgres" ? "PostgreSQL" : "embedded PGlite";
  console.log(`\nHelferruf scale bench — ${when} — ${dbName}\n${machineDescription()}\n`);
  printTable(rows);
  const out = process.env.BENCH_OUT ?? "docs/benchmarks.md";
  const block = `## ${dbName}, ${volunteers.toLocaleString("en-US")} volunteers (\`npm run bench -- --scale\`)\n\nWritten on ${when.slice(0, 16).replace("T", " ")} UTC in ${total} s.\n\nMachine: ${machineDescription()}\n\n${markdownTable(rows)}\n`;
  writeFileSync(out, replaceBlock(existsSync(out) ? readFileSync(out, "utf8") : "# Benchmarks\n", `${bench.kind}-scale`, block));
  console.log(`wrote the ${bench.kind}-scale table of ${out}`);
}
