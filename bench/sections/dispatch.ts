import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { SharedPacer } from "@/lib/messaging/throttle";
import { ResendTransport } from "@/lib/messaging/transports/resend";
import { TwilioTransport } from "@/lib/messaging/transports/twilio";
import type { Transports } from "@/lib/messaging/transports";
import { FakeResend } from "../../tests/fakes/fake-resend";
import { FakeTwilio } from "../../tests/fakes/fake-twilio";
import { maxInSlidingWindow, WindowLimiter } from "../../tests/fakes/http";
import type { Row } from "../lib";

/**
 * Section 3: the real dispatcher with the real Resend and Twilio SDKs against the local fakes
 * (tests/fakes), which enforce the configured provider limit with 429 + Retry-After. The fakes
 * record every e-mail (tag message_id) and SMS (status callback ?m=<message id>), so duplicates
 * and losses are counted per outbox message id.
 */
export type Fakes = { resend: FakeResend; twilio: FakeTwilio };

export async function startFakes(): Promise<Fakes> {
  return { resend: await FakeResend.start(), twilio: await FakeTwilio.start() };
}

export type Limits = {
  emailCallsPerSecond: number;
  smsPerSecond: number;
  /** provider calls in flight per dispatcher (EMAIL_SEND_CONCURRENCY / SMS_SEND_CONCURRENCY; defaults as configured) */
  emailConcurrency?: number;
  smsConcurrency?: number;
};

/** The defaults of lib/config.ts (EMAIL_SEND_CONCURRENCY, SMS_SEND_CONCURRENCY, DISPATCH_RUN_MS). */
export const DEFAULT_CONCURRENCY = { email: 4, sms: 24 };
export const RUN_MS = 20_000;

/** Latency of the fakes' answers: a real provider's, roughly (Resend batches are slower than one SMS). */
export type Latency = { resend?: [number, number]; twilio?: [number, number] };

function limitFakes(fakes: Fakes, limits: Limits, latency: Latency = {}) {
  fakes.resend.reset();
  fakes.twilio.reset();
  fakes.resend.rateLimit = new WindowLimiter(limits.emailCallsPerSecond);
  fakes.twilio.rateLimit = new WindowLimiter(limits.smsPerSecond);
  fakes.resend.latencyMs = latency.resend;
  fakes.twilio.latencyMs = latency.twilio;
}

const range = (l?: [number, number]) => (l ? `${l[0]}–${l[1]} ms` : "none");

/** Transports as lib/messaging/transports builds them, pointed at the fakes, paced by SharedPacer. */
export function benchTransports(db: () => Promise<Db>, fakes: { resendUrl: string; twilioUrl: string; accountSid: string; authToken: string }, limits: Limits, pacerKey: string): Transports {
  return {
    email: new ResendTransport({
      apiKey: "re_test_key",
      from: "Helferruf Bench <bench@example.org>",
      baseUrl: fakes.resendUrl,
      timeoutMs: 10_000,
      throttle: new SharedPacer(db, `${pacerKey}-resend`, limits.emailCallsPerSecond),
      concurrency: limits.emailConcurrency ?? DEFAULT_CONCURRENCY.email,
    }),
    sms: new TwilioTransport({
      accountSid: fakes.accountSid,
      authToken: fakes.authToken,
      from: "Helferruf",
      baseUrl: fakes.twilioUrl,
      timeoutMs: 10_000,
      statusCallbackUrl: (id) => `http://127.0.0.1/api/webhooks/twilio/status?m=${encodeURIComponent(id)}`,
      throttle: new SharedPacer(db, `${pacerKey}-twilio`, limits.smsPerSecond),
      concurrency: limits.smsConcurrency ?? DEFAULT_CONCURRENCY.sms,
    }),
  };
}

/** Replaces the outbox with `emails` e-mails and `sms` SMS (kind "bench"), inserted set-based. */
export async function fillOutbox(db: Db, organizationId: string, emails: number, sms: number): Promise<void> {
  await db.execute(sql`delete from messages`);
  await db.execute(sql`
    insert into messages (organization_id, channel, recipient, kind, locale, subject, body, html, status, next_attempt_at)
    select ${organizationId}, 'email', 'bench' || g || '@bench.example.org', 'bench', 'de', 'Wir suchen Helfende (' || g || ')',
      'Hallo, am Dienstag werden Helfende gebraucht. Antwort: https://helferruf.example.org/r/xyz' || g, '<p>Hallo, am Dienstag werden Helfende gebraucht.</p>',
      'queued', now() - interval '1 second'
    from generate_series(1, ${emails}) g`);
  await db.execute(sql`
    insert into messages (organization_id, channel, recipient, kind, locale, body, status, next_attempt_at)
    select ${organizationId}, 'sms', '+4917' || lpad(g::text, 9, '0'), 'bench', 'de', 'Helferruf: Dienstag 9-12 Uhr Ausgabe gesucht. Antwort JA K7F oder NEIN K7F', 'queued', now() - interval '1 second'
    from generate_series(1, ${sms}) g`);
}

function received(fakes: Fakes) {
  const emailIds = new Map<string, number>();
  for (const e of fakes.resend.emails) {
    const id = e.tags?.find((t) => t.name === "message_id")?.value ?? "?";
    emailIds.set(id, (emailIds.get(id) ?? 0) + 1);
  }
  const smsIds = new Map<string, number>();
  for (const m of fakes.twilio.sms) {
    const id = new URL(m.statusCallback ?? "http://x/").searchParams.get("m") ?? "?";
    smsIds.set(id, (smsIds.get(id) ?? 0) + 1);
  }
  return { emailIds, smsIds };
}

async function outboxIds(db: Db, channel: "email" | "sms") {
  const r = await db.execute(sql`select id, status from messages where kind = 'bench' and channel = ${channel}`);
  return r.rows as { id: string; status: string }[];
}

/** Duplicates and losses per channel, from what the fakes received against the outbox. */
async function tally(db: Db, fakes: Fakes) {
  const { emailIds, smsIds } = received(fakes);
  const out = {} as Record<"email" | "sms", { total: number; received: number; duplicates: number; lost: number; unsent: number; sentInDb: number }>;
  for (const [channel, got] of [["email", emailIds], ["sms", smsIds]] as const) {
    const rows = await outboxIds(db, channel);
    let duplicates = 0;
    let lost = 0;
    let unsent = 0;
    let sentInDb = 0;
    for (const r of rows) {
      const n = got.get(r.id) ?? 0;
      if (n > 1) duplicates += n - 1;
      const done = r.status === "sent" || r.status === "delivered";
      if (done) sentInDb++;
      // lost: the outbox says sent (or gave up) but the provider never got it
      if (n === 0 && (done || r.status === "failed")) lost++;
      if (n === 0 && !done && r.status !== "failed") unsent++;
    }
    out[channel] = { total: rows.length, received: got.size, duplicates, lost, unsent, sentInDb };
  }
  return out;
}

function rateOf(times: number[]): number {
  if (times.length < 2) return NaN;
  const sorted = [...times].sort((a, b) => a - b);
  return ((sorted.length - 1) / (sorted[sorted.length - 1] - sorted[0])) * 1000;
}

/** Dispatches until nothing is due or the time is up. */
async function drain(db: Db, transports: Transports, seconds: number): Promise<{ seconds: number; runs: number; late: number }> {
  const until = Date.now() + seconds * 1000;
  const t0 = performance.now();
  let runs = 0;
  let late = 0;
  for (;;) {
    const due = await db.execute(sql`select count(*)::int as n from messages where status in ('queued', 'sending')`);
    if (Number((due.rows[0] as { n: number }).n) === 0 || Date.now() > until) break;
    // a Retry-After backoff makes rows due later: run with the clock at the next due time
    const next = await db.execute(sql`select min(next_attempt_at) as t from messages where status = 'queued'`);
    const t = (next.rows[0] as { t: Date | string | null }).t;
    const now = new Date(Math.max(Date.now(), t ? new Date(t).getTime() : 0));
    // as the scheduler runs it: default claim sizes, claims refilled for up to DISPATCH_RUN_MS
    late += (await dispatchDueMessages(db, { transports, runMs: RUN_MS, now })).lateSlots;
    runs++;
  }
  return { seconds: (performance.now() - t0) / 1000, runs, late };
}

/**
 * One dispatch run per channel (a dispatcher run waits for both channels, so a combined run would
 * measure e-mail at the pace of SMS): fill the outbox, dispatch until empty or out of time, then
 * compare what the fake received with the outbox.
 */
export async function dispatchRun(db: Db, fakes: Fakes, opts: { label: string; emails: number; sms: number; limits: Limits; latency?: Latency; seconds: number; organizationId: string; dbUrl?: string }): Promise<Row[]> {
  const key = `bench-${opts.label.replace(/\W+/g, "-")}-${Date.now()}`;
  const transports = benchTransports(async () => db, { resendUrl: fakes.resend.url, twilioUrl: fakes.twilio.url, accountSid: fakes.twilio.accountSid, authToken: fakes.twilio.authToken }, opts.limits, key);
  const rows: Row[] = [];
  for (const channel of ["email", "sms"] as const) {
    await fillOutbox(db, opts.organizationId, channel === "email" ? opts.emails : 0, channel === "sms" ? opts.sms : 0);
    limitFakes(fakes, opts.limits, opts.latency);
    // On PostgreSQL the dispatcher runs as its own process, as it would next to a remote provider:
    // in this process it would share the event loop with the fakes, whose arrival times then jitter.
    const run = opts.dbUrl ? await childDrain(fakes, opts.dbUrl, opts.limits, `${key}-${channel}`, opts.seconds) : await drain(db, transports, opts.seconds);
    const t = (await tally(db, fakes))[channel];
    const common = `duplicates ${t.duplicates}; lost ${t.lost}; unsent at end ${t.unsent}; ${run.seconds.toFixed(1)} s${opts.dbUrl ? " in a dispatcher process of its own" : `, ${run.runs} dispatcher runs`}; slots missed on a busy machine ${run.late}`;
    if (channel === "email") {
      const calls = fakes.resend.calls.filter((c) => c.status === 200 && !c.replayed).map((c) => c.at);
      const rate = rateOf(calls);
      const limit = opts.limits.emailCallsPerSecond;
      rows.push({
        section: `dispatch ${opts.label}`,
        metric: `e-mail: ${opts.emails.toLocaleString("en-US")} via Resend SDK, limit ${limit} calls/s × 100 = ${limit * 100} e-mails/s`,
        value: (rate / limit) * 100,
        unit: "% of limit",
        note: `${(rate * 100).toFixed(0)} e-mails/s (${rate.toFixed(2)} calls/s); ${transports.email.concurrency} batch calls in flight at most, ${fakes.resend.maxInFlight} seen; fake latency ${range(opts.latency?.resend)}; most calls in a sliding second ${maxInSlidingWindow(calls, 1000)}; 429s ${fakes.resend.calls.filter((c) => c.status === 429).length}; ${calls.length} calls; ${common}`,
      });
    } else {
      const calls = fakes.twilio.calls.filter((c) => c.status === 201).map((c) => c.at);
      const rate = rateOf(calls);
      const limit = opts.limits.smsPerSecond;
      rows.push({
        section: `dispatch ${opts.label}`,
        metric: `SMS: ${opts.sms.toLocaleString("en-US")} via Twilio SDK, limit ${limit}/s`,
        value: (rate / limit) * 100,
        unit: "% of limit",
        note: `${rate.toFixed(1)} SMS/s; ${transports.sms.concurrency} calls in flight at most, ${fakes.twilio.maxInFlight} seen; fake latency ${range(opts.latency?.twilio)}; most SMS in a sliding second ${maxInSlidingWindow(calls, 1000)}; 429s ${fakes.twilio.calls.filter((c) => c.status === 429).length}; ${common}`,
      });
    }
  }
  return rows;
}

async function childDrain(fakes: Fakes, dbUrl: string, limits: Limits, pacer: string, seconds: number) {
  const t0 = performance.now();
  const r = await runChild({ ...childEnv(fakes, dbUrl, limits, pacer), BENCH_CHILD_SECONDS: String(seconds) });
  return { seconds: (performance.now() - t0) / 1000, runs: NaN, late: r.late };
}

/** Environment of a dispatcher child process (bench/dispatch-child.ts) pointed at the fakes. */
function childEnv(fakes: Fakes, dbUrl: string, limits: Limits, pacer: string) {
  return {
    ...process.env,
    BENCH_CHILD_DB_URL: dbUrl,
    BENCH_CHILD_RESEND_URL: fakes.resend.url,
    BENCH_CHILD_TWILIO_URL: fakes.twilio.url,
    BENCH_CHILD_TWILIO_SID: fakes.twilio.accountSid,
    BENCH_CHILD_TWILIO_TOKEN: fakes.twilio.authToken,
    BENCH_CHILD_EMAIL_RATE: String(limits.emailCallsPerSecond),
    BENCH_CHILD_SMS_RATE: String(limits.smsPerSecond),
    BENCH_CHILD_EMAIL_CONCURRENCY: String(limits.emailConcurrency ?? DEFAULT_CONCURRENCY.email),
    BENCH_CHILD_SMS_CONCURRENCY: String(limits.smsConcurrency ?? DEFAULT_CONCURRENCY.sms),
    BENCH_CHILD_PACER: pacer,
  };
}

/** Runs one dispatcher child until nothing is due; resolves with what it sent and its late slots. */
function runChild(env: NodeJS.ProcessEnv): Promise<{ sent: number; late: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "bench/dispatch-child.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout!.on("data", (d) => (out += String(d)));
    p.once("error", reject);
    p.once("exit", (code) => {
      const m = /sent (\d+) late (\d+)/.exec(out);
      if (code === 0 && m) resolve({ sent: Number(m[1]), late: Number(m[2]) });
      else reject(new Error(`dispatcher child exited with ${code}`));
    });
  });
}

/**
 * Two dispatchers at once against one database, as two app instances would run them: on
 * PostgreSQL two child processes with their own connection pools, on PGlite (one process per
 * folder) two dispatchers in this process. They share the pacing rows and claim with SKIP LOCKED;
 * the fakes count every message id, so a message sent twice shows as a duplicate.
 */
export async function pairRun(db: Db, fakes: Fakes, opts: { dbUrl?: string; emails: number; sms: number; limits: Limits; latency: Latency; organizationId: string; seconds: number }): Promise<Row[]> {
  await fillOutbox(db, opts.organizationId, opts.emails, opts.sms);
  limitFakes(fakes, opts.limits, opts.latency);
  const pacer = `bench-pair-${Date.now()}`;
  const t0 = performance.now();
  let shares: number[];
  let how: string;
  if (opts.dbUrl) {
    const env = { ...childEnv(fakes, opts.dbUrl, opts.limits, pacer), BENCH_CHILD_SECONDS: String(opts.seconds) };
    shares = (await Promise.all([runChild(env), runChild(env)])).map((r) => r.sent);
    how = "two processes, own pools";
  } else {
    const links = { resendUrl: fakes.resend.url, twilioUrl: fakes.twilio.url, accountSid: fakes.twilio.accountSid, authToken: fakes.twilio.authToken };
    const one = async () => {
      // its own pacer objects on the shared rows, like another instance
      const transports = benchTransports(async () => db, links, opts.limits, pacer);
      let sent = 0;
      const until = Date.now() + opts.seconds * 1000;
      for (;;) {
        const r = await dispatchDueMessages(db, { transports, runMs: RUN_MS });
        sent += r.sent;
        if (r.claimed === 0 || Date.now() > until) return sent;
      }
    };
    shares = await Promise.all([one(), one()]);
    how = "two dispatchers in one process (PGlite: one process per folder)";
  }
  const seconds = (performance.now() - t0) / 1000;
  const t = await tally(db, fakes);
  const smsCalls = fakes.twilio.calls.filter((c) => c.status === 201).map((c) => c.at);
  const emailCalls = fakes.resend.calls.filter((c) => c.status === 200 && !c.replayed).map((c) => c.at);
  const smsRate = rateOf(smsCalls);
  const emailRate = rateOf(emailCalls);
  const { emailCallsPerSecond: el, smsPerSecond: sl } = opts.limits;
  return [
    {
      section: "dispatch two instances",
      metric: `SMS: ${opts.sms.toLocaleString("en-US")}, two dispatchers sharing a limit of ${sl}/s`,
      value: t.sms.duplicates,
      unit: "duplicates",
      note: `${how}; together ${smsRate.toFixed(1)} SMS/s = ${((smsRate / sl) * 100).toFixed(1)} % of the shared limit; most in a sliding second ${maxInSlidingWindow(smsCalls, 1000)} (limit ${sl}); 429s ${fakes.twilio.calls.filter((c) => c.status === 429).length}; lost ${t.sms.lost}; unsent ${t.sms.unsent}; fake latency ${range(opts.latency.twilio)}`,
    },
    {
      section: "dispatch two instances",
      metric: `e-mail: ${opts.emails.toLocaleString("en-US")}, same run, sharing ${el} calls/s × 100`,
      value: t.email.duplicates,
      unit: "duplicates",
      note: `together ${(emailRate * 100).toFixed(0)} e-mails/s = ${((emailRate / el) * 100).toFixed(1)} % of the shared limit; most calls in a sliding second ${maxInSlidingWindow(emailCalls, 1000)} (limit ${el}); 429s ${fakes.resend.calls.filter((c) => c.status === 429).length}; lost ${t.email.lost}; unsent ${t.email.unsent}; messages sent by each dispatcher ${shares.map((n) => n.toLocaleString("en-US")).join(" / ")}; ${seconds.toFixed(1)} s`,
    },
  ];
}

/**
 * The crash run (PostgreSQL only: the dispatcher is a child process with its own connection pool).
 * A child dispatches; once the fakes have received about 40 % it is killed with SIGKILL; a new
 * child takes over. The claims of the dead child expire after CLAIM_MS (2 minutes); instead of
 * waiting, the second child runs with its clock CLAIM_MS ahead (`now` of dispatchDueMessages),
 * which is exactly the state it would find 2 minutes later.
 */
export async function killRun(db: Db, fakes: Fakes, opts: { dbUrl: string; emails: number; sms: number; limits: Limits; latency?: Latency; organizationId: string; seconds: number }): Promise<Row[]> {
  await fillOutbox(db, opts.organizationId, opts.emails, opts.sms);
  limitFakes(fakes, opts.limits, opts.latency);
  const env = childEnv(fakes, opts.dbUrl, opts.limits, `bench-kill-${Date.now()}`);
  const start = (offsetMs: number): ChildProcess =>
    spawn(process.execPath, ["--import", "tsx", "bench/dispatch-child.ts"], { env: { ...env, BENCH_CHILD_CLOCK_OFFSET_MS: String(offsetMs), BENCH_CHILD_SECONDS: String(opts.seconds) }, stdio: ["ignore", "ignore", "inherit"] });
  const total = opts.emails + opts.sms;
  const first = start(0);
  const deadline = Date.now() + opts.seconds * 1000;
  while (fakes.resend.emails.length + fakes.twilio.sms.length < total * 0.4 && Date.now() < deadline && first.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  const atKill = fakes.resend.emails.length + fakes.twilio.sms.length;
  first.kill("SIGKILL");
  await new Promise((r) => (first.exitCode !== null || first.signalCode ? r(null) : first.once("exit", r)));
  const left = await db.execute(sql`select count(*) filter (where status = 'sending')::int as sending, count(*) filter (where status = 'sending' and idempotency_key is not null)::int as keyed from messages where kind = 'bench'`);
  const inFlight = left.rows[0] as { sending: number; keyed: number };
  const second = start(125_000);
  const code = await new Promise<number | null>((r) => second.once("exit", (c) => r(c)));
  const result = await tally(db, fakes);
  const e = result.email;
  const m = result.sms;
  const uncertain = await db.execute(sql`select count(*)::int as n from messages where kind = 'bench' and status in ('queued', 'sending')`);
  return [
    {
      section: "dispatch SIGKILL",
      metric: `e-mail: ${opts.emails.toLocaleString("en-US")}, dispatcher killed after ${atKill.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} messages, restarted`,
      value: e.duplicates,
      unit: "duplicates",
      note: `claimed by the killed process: ${inFlight.sending} messages (${inFlight.keyed} with a stored idempotency key); lost ${e.lost}; unsent ${e.unsent}; idempotent replays answered by the fake ${fakes.resend.calls.filter((c) => c.replayed).length}; restart exit code ${code}`,
    },
    {
      section: "dispatch SIGKILL",
      metric: `SMS: ${opts.sms.toLocaleString("en-US")}, same run`,
      value: m.duplicates,
      unit: "duplicates",
      note: `lost ${m.lost}; unsent ${m.unsent}; still queued/sending ${(uncertain.rows[0] as { n: number }).n}; Twilio has no idempotency key: an SMS in flight at the kill is sent again unless its status callback arrived first (the fake sends none); up to ${opts.limits.smsConcurrency ?? DEFAULT_CONCURRENCY.sms} SMS are in flight at once`,
    },
  ];
}

/**
 * The whole dispatch section of `npm run bench` (also alone: `npm run bench:dispatch`):
 * (a) issue 19's goals — SMS at 100/s and e-mail at Resend's 5 calls/s × 100 through fakes with
 * a real provider's latency, with the configured parallel calls; (b) low limits; two dispatchers
 * against one database; on PostgreSQL the SIGKILL run.
 */
export async function dispatchSection(db: Db, organizationId: string, bench: { kind: "postgres" | "pglite"; url?: string }, log: (m: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const fakes = await startFakes();
  const latency: Latency = { resend: [150, 400], twilio: [80, 200] };
  try {
    log("dispatch (a): SMS at 100/s, e-mail at 5 calls/s × 100, with provider latency");
    rows.push(...(await dispatchRun(db, fakes, { label: "(a) issue-19 limits", emails: 10_000, sms: 3_000, limits: { emailCallsPerSecond: 5, smsPerSecond: 100 }, latency, seconds: 120, organizationId, dbUrl: bench.url })));
    log("dispatch (b): low limits");
    rows.push(...(await dispatchRun(db, fakes, { label: "(b) low limits", emails: 2_000, sms: 150, limits: { emailCallsPerSecond: 2, smsPerSecond: 10 }, latency, seconds: 40, organizationId, dbUrl: bench.url })));
    log("dispatch: two dispatchers against one database");
    rows.push(...(await pairRun(db, fakes, { dbUrl: bench.kind === "postgres" ? bench.url : undefined, emails: 5_000, sms: 3_000, limits: { emailCallsPerSecond: 5, smsPerSecond: 100 }, latency, organizationId, seconds: 120 })));
    if (bench.kind === "postgres") {
      log("dispatch with SIGKILL");
      rows.push(...(await killRun(db, fakes, { dbUrl: bench.url!, emails: 3_000, sms: 1_500, limits: { emailCallsPerSecond: 10, smsPerSecond: 100 }, latency, organizationId, seconds: 60 })));
    } else {
      rows.push({ section: "dispatch SIGKILL", metric: "dispatcher killed and restarted", value: "skipped", note: "skipped on PGlite (one process per folder); run with BENCH_DATABASE_URL" });
    }
  } finally {
    await fakes.resend.stop();
    await fakes.twilio.stop();
  }
  await db.execute(sql`delete from messages`);
  return rows;
}
