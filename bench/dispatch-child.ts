/**
 * The dispatcher as its own process, for the SIGKILL and two-instance runs of `npm run bench`
 * (bench/sections/dispatch.ts): dispatches the outbox of BENCH_CHILD_DB_URL to the fakes until
 * nothing is due, then prints "sent N late M".
 * BENCH_CHILD_CLOCK_OFFSET_MS runs it with a clock that far ahead (claims of a killed process
 * have expired then).
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { benchTransports, RUN_MS } from "./sections/dispatch";

const env = process.env;
const handle = await openDatabase({ url: env.BENCH_CHILD_DB_URL!, poolSize: 4 });
const db = handle.db;
const offset = Number(env.BENCH_CHILD_CLOCK_OFFSET_MS ?? 0);
const transports = benchTransports(
  async () => db,
  { resendUrl: env.BENCH_CHILD_RESEND_URL!, twilioUrl: env.BENCH_CHILD_TWILIO_URL!, accountSid: env.BENCH_CHILD_TWILIO_SID!, authToken: env.BENCH_CHILD_TWILIO_TOKEN! },
  {
    emailCallsPerSecond: Number(env.BENCH_CHILD_EMAIL_RATE),
    smsPerSecond: Number(env.BENCH_CHILD_SMS_RATE),
    emailConcurrency: Number(env.BENCH_CHILD_EMAIL_CONCURRENCY ?? 1),
    smsConcurrency: Number(env.BENCH_CHILD_SMS_CONCURRENCY ?? 1),
  },
  env.BENCH_CHILD_PACER!,
);
const until = Date.now() + Number(env.BENCH_CHILD_SECONDS ?? 60) * 1000;
let sent = 0;
let late = 0;
for (;;) {
  const now = new Date(Date.now() + offset);
  const due = await db.execute(sql`select count(*)::int as n, min(next_attempt_at) as t from messages where status = 'queued' or (status = 'sending' and locked_until < ${now})`);
  const row = due.rows[0] as { n: number; t: Date | string | null };
  if (Number(row.n) === 0 || Date.now() > until) break;
  // a backoff after a 429 makes rows due later: run with the clock at that time
  const at = new Date(Math.max(now.getTime(), row.t ? new Date(row.t).getTime() : 0));
  // as the scheduler runs it: default claim sizes, claims refilled for up to DISPATCH_RUN_MS
  const r = await dispatchDueMessages(db, { transports, runMs: RUN_MS, now: at });
  sent += r.sent;
  late += r.lateSlots;
}
await handle.close();
// read by the two-instance run (bench/sections/dispatch.ts pairRun)
console.log(`sent ${sent} late ${late}`);
