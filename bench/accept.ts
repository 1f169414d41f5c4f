import { sql } from "drizzle-orm";
import { printTable, machineDescription, type Row } from "./lib";
import { createBenchDb, generateVolunteers, prepare, rawAccept } from "./sections/db";

/**
 * `npm run bench:accept`: the cost of the report summaries' triggers (issue 14) on the accept
 * path. The raw accept loop of section 4 (respondToInvitation, sequential) in alternating rounds
 * with the summary triggers enabled and disabled, on the same database, so load from other work
 * hits both alike. BENCH_VOLUNTEERS (20,000), BENCH_ACCEPT_ROUNDS (3), BENCH_ACCEPT_COUNT (500).
 * BENCH_ACCEPT_TRIGGERS=period switches only the fairness period triggers (migration
 * report_fairness) on and off, the other summary triggers staying on; BENCH_ACCEPT_TRIGGERS=messages
 * only the message_day_summaries triggers (migration report_message_days).
 */
const volunteers = Number(process.env.BENCH_VOLUNTEERS ?? 20_000);
const rounds = Number(process.env.BENCH_ACCEPT_ROUNDS ?? 3);
const count = Number(process.env.BENCH_ACCEPT_COUNT ?? 500);
const PERIOD_TRIGGERS: [string, string][] = [
  ["volunteer_month_asks", "volunteer_month_asks_period_ins"],
  ["volunteer_month_asks", "volunteer_month_asks_period_upd"],
  ["volunteer_month_asks", "volunteer_month_asks_period_del"],
];
const MESSAGE_DAY_TRIGGERS: [string, string][] = [
  ["messages", "messages_days_ins"],
  ["messages", "messages_days_upd"],
  ["messages", "messages_days_del"],
];
const ALL_TRIGGERS: [string, string][] = [
  ...PERIOD_TRIGGERS,
  ["invitations", "invitations_summaries_ins"],
  ["invitations", "invitations_summaries_upd"],
  ["invitations", "invitations_summaries_del"],
  ["invitations", "invitations_summaries_before_del"],
  ["messages", "messages_summaries_ins"],
  ["messages", "messages_summaries_upd"],
  ["messages", "messages_summaries_del"],
  ...MESSAGE_DAY_TRIGGERS,
];
const TRIGGERS = process.env.BENCH_ACCEPT_TRIGGERS === "period" ? PERIOD_TRIGGERS : process.env.BENCH_ACCEPT_TRIGGERS === "messages" ? MESSAGE_DAY_TRIGGERS : ALL_TRIGGERS;
const bench = await createBenchDb();
const rows: Row[] = [];
try {
  const handle = await bench.open();
  const f = await prepare(handle);
  await generateVolunteers(handle.db, f, volunteers);
  const setTriggers = async (on: boolean) => {
    for (const [table, name] of TRIGGERS) await handle.db.execute(sql.raw(`alter table ${table} ${on ? "enable" : "disable"} trigger ${name}`));
  };
  const results = { on: [] as number[], off: [] as number[] };
  await rawAccept(handle.db, f, { count: 100, seconds: 5 }); // warm up
  for (let k = 0; k < rounds; k++) {
    for (const on of k % 2 === 0 ? [true, false] : [false, true]) {
      await setTriggers(on);
      const r = await rawAccept(handle.db, f, { count, seconds: 30 });
      results[on ? "on" : "off"].push(r.perSecond);
      rows.push({ ...r.rows[0], metric: `${r.rows[0].metric}, summary triggers ${on ? "on" : "off"} (round ${k + 1})` });
    }
  }
  await setTriggers(true);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const on = mean(results.on);
  const off = mean(results.off);
  rows.push({ section: "respond", metric: "summary triggers: accepts/s on ÷ off (mean of the rounds)", value: on / off, unit: "×", note: `on ${on.toFixed(1)}/s, off ${off.toFixed(1)}/s: ${(((off - on) / off) * 100).toFixed(1)} % slower with triggers` });
  await handle.close();
} finally {
  await bench.drop().catch((err) => console.error(`could not drop the bench database: ${err}`));
}
console.log(`\nHelferruf accept-path trigger bench — ${bench.kind} — ${machineDescription()}\n`);
printTable(rows);
