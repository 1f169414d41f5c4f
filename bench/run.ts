import { writeFileSync } from "node:fs";
import { machineDescription, markdownTable, printTable, type Row } from "./lib";
import { httpBaselines, pageWeights, startWeb } from "./sections/web";

/**
 * `npm run bench`: measures the product's hot paths next to baselines on the same machine, prints
 * one table and writes docs/benchmarks.md. PGlite by default; PostgreSQL with BENCH_DATABASE_URL.
 * BENCH_SECONDS sets the length of each HTTP load (default 5).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rows: Row[] = [];
const started = Date.now();

const web = await startWeb();
try {
  rows.push(...(await pageWeights(web)));
  for (const c of [50, 200]) rows.push(...(await httpBaselines(web, c, seconds)).rows);
} finally {
  await web.app.stop();
  await web.baseline.stop();
}

const db = process.env.BENCH_DATABASE_URL ? "PostgreSQL (BENCH_DATABASE_URL)" : "embedded PGlite";
console.log(`\nHelferruf benchmarks — ${new Date().toISOString()} — ${db}\n${machineDescription()}\n`);
printTable(rows);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);

const md = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; database: ${db}.

Machine: ${machineDescription()}

${markdownTable(rows)}

## Reading

- **Page weight**: the floor is an empty App Router page built with the same Next.js; what we add
  above it is our own JavaScript (client components, next-intl provider). Server components add no JS.
- **HTTP**: our pages are compared with a trivial dynamic page and a trivial route handler of the
  same Next.js on the same machine; the ratio shows what rendering, i18n and database reads cost.
  Load generator and server share the machine's cores, so absolute numbers are lower than on a
  dedicated host; ratios are the figures to compare between runs.
`;
writeFileSync("docs/benchmarks.md", md);
console.log("wrote docs/benchmarks.md");
