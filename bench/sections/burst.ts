import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { FakeResend } from "../../tests/fakes/fake-resend";
import { load, startNext, type Row, type Server } from "../lib";
import { acceptFormFields, formBody, loadAccept, loadRow, type AcceptForm } from "./respond";
import { requestWithTokens, stopMeansStop, type Fixture } from "./db";

/**
 * Issue 19, bursts: K helpers tap "accept" at the same instant — K POSTs of the response page's
 * accept form, each with its own token, all started at once (no connection limit), spread
 * over one or more app instances. Every answer is classified: answered (303 back to the page),
 * busy (303 to /busy or a 503: the calm retry page), other 5xx, network error.
 */
export type BurstResult = { taps: number; answered: number; busy: number; s5xx: number; errors: number; other: number; seconds: number; p50: number; p99: number };

export async function burst(servers: Server[], tokens: string[], form: AcceptForm, opts: { timeoutMs?: number } = {}): Promise<BurstResult> {
  for (const sv of servers) if (!/^http:\/\/127\.0\.0\.1[:/]/.test(sv.url)) throw new Error("benchmarks only target loopback");
  const times: number[] = [];
  const t0 = performance.now();
  const outcomes = await Promise.all(
    tokens.map(async (token, i) => {
      const server = servers[i % servers.length];
      const { body, contentType } = formBody(form, { ...form.fields, token, answer: "accept" });
      const a = performance.now();
      try {
        const res = await fetch(`${server.url}${form.path(token)}`, {
          method: "POST",
          body,
          redirect: "manual",
          headers: { "content-type": contentType, accept: "text/html" },
          signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
        });
        await res.arrayBuffer();
        times.push(performance.now() - a);
        const location = res.headers.get("location") ?? "";
        if (res.status === 503 || location.endsWith("/busy")) return "busy";
        if (res.status >= 500) return "5xx";
        if (res.status >= 300 && res.status < 400) return "answered";
        return `other ${res.status}`;
      } catch {
        return "error";
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((x, y) => x - y);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN);
  const count = (o: string) => outcomes.filter((x) => x === o).length;
  return { taps: tokens.length, answered: count("answered"), busy: count("busy"), s5xx: count("5xx"), errors: count("error"), other: outcomes.filter((x) => x.startsWith("other")).length, seconds, p50: at(50), p99: at(99) };
}

export function burstRow(section: string, metric: string, r: BurstResult): Row {
  return {
    section,
    metric,
    value: r.s5xx + r.errors,
    unit: "× 5xx/errors",
    note: `${r.taps} taps in ${r.seconds.toFixed(1)} s = ${(r.taps / r.seconds).toFixed(0)} taps/s; answered ${r.answered}, busy page ${r.busy}, 5xx ${r.s5xx}, errors ${r.errors}, other ${r.other}; p50 ${r.p50} ms, p99 ${r.p99} ms`,
  };
}

/** Exactly N and stop means stop for one request, read after the load. */
export async function exactlyN(db: Db, requestId: string, needed: number): Promise<{ ok: boolean; note: string; accepted: number }> {
  const [r] = await db.select({ accepted: s.requests.acceptedCount, status: s.requests.status }).from(s.requests).where(eq(s.requests.id, requestId));
  const inv = await db.execute(sql`select count(*)::int as n from invitations where request_id = ${requestId} and status = 'accepted'`);
  const accepted = Number((inv.rows[0] as { n: number }).n);
  const conf = await db.execute(sql`select count(*)::int as n, count(distinct invitation_id)::int as d from messages where request_id = ${requestId} and kind = 'confirmation'`);
  const c = conf.rows[0] as { n: number; d: number };
  const stop = await stopMeansStop(db, requestId);
  // one confirmation per accepted helper at most (the bench's requests are e-mail only; a helper without a usable e-mail gets none)
  const ok = accepted === r.accepted && accepted <= needed && Number(c.d) <= accepted && Number(c.n) === Number(c.d) && stop.sentAfterFill === 0 && (r.status !== "filled" || stop.stillQueued === 0);
  return {
    ok,
    accepted,
    note: `${ok ? "OK" : "MISMATCH"}; accepted invitations ${accepted}, accepted_count ${r.accepted}/${needed}, request ${r.status}; confirmations ${c.n} for ${c.d} helpers; asking messages sent after the fill ${stop.sentAfterFill}, still queued ${stop.stillQueued}, cancelled by the fill ${stop.cancelled}`,
  };
}
const settle = () => new Promise((r) => setTimeout(r, 3000));
/** helpers needed on the hot request and on each burst's request */
const N = 50;
/** tokens of the filled request spent on the warm-up; the "full" figure posts the others (~3,500) */
const WARM_FULL_TOKENS = 1500;

/**
 * The HTTP part of `npm run bench:burst`, also run by `npm run bench` on PostgreSQL (so that one
 * run prints every goal row of issue 19): builds its requests at `offset` (distinct volunteers),
 * then, with the built app under `next start` (scheduler off), "full" answers at c=50 next to the
 * trivial route handler (and, with `hot`, accepts on one hot request), bursts of 500 and 2,000
 * taps at the same instant, and two instances whose schedulers dispatch to a fake Resend.
 */
export async function burstSection(
  handle: { db: Db },
  f: Fixture,
  bench: { appEnv: Record<string, string> },
  opts: { seconds: number; offset: number; hot?: { tps50: number }; log: (m: string) => void },
): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (...r: Row[]) => {
    for (const x of r) console.log(`    ${x.section} | ${x.metric} | ${typeof x.value === "number" ? x.value.toFixed(2) : x.value} ${x.unit ?? ""} | ${x.note ?? ""}`);
    rows.push(...r);
  };
  const { seconds, offset, log } = opts;
  const root = process.cwd();
  const appEnv = (extra: Record<string, string> = {}) => ({
    ...bench.appEnv,
    HELFERRUF_DEMO_DATA: "0",
    HELFERRUF_SCHEDULER: "0",
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
    AUTH_TRUST_HOST: "true",
    ...extra,
  });
  const hot = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 5000, offset, title: "Bench: hot request", queueInvitations: true });
  const full = await requestWithTokens(handle.db, f, { helpersNeeded: 1, count: 5000, offset: offset + 5000, title: "Bench: filled request" });
  await respondToInvitation(handle.db, { tokenHash: hashToken(full.tokens[0]), token: full.tokens[0], answer: "accept", via: "web" });
  const b500 = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 500, offset: offset + 10_000, title: "Bench: burst 500", queueInvitations: true });
  const b2000 = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 2000, offset: offset + 10_500, title: "Bench: burst 2000", queueInvitations: true });
  const two = await requestWithTokens(handle.db, f, { helpersNeeded: N, count: 2000, offset: offset + 12_500, title: "Bench: two instances", queueInvitations: true });
  // the confirmations queued so far (the raw loop's and the filled request's): the two instances' dispatchers would send them too
  await handle.db.execute(sql`delete from messages where kind = 'confirmation' and status = 'queued'`);

  log("one instance");
  const app = await startNext(root, appEnv(), "/api/health");
  const baseline = await startNext(path.join(root, "bench", "baseline-app"), {}, "/api/ping").catch(async (e) => {
    await app.stop();
    throw e;
  });
  try {
    const form = await acceptFormFields(app, hot.tokens[0]);
    // both servers warm before their figures, as in the main HTTP section (web.ts warmUp): the
    // route handler, and "full" answers with tokens of the filled request the figure does not use
    const warmSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
    if (warmSeconds > 0) {
      await load({ url: baseline.url + "/api/ping", connections: 50, seconds: warmSeconds });
      await loadAccept(app, full.tokens.slice(1, WARM_FULL_TOKENS + 1), form, 50, warmSeconds);
      await settle();
    }
    const route = await load({ url: baseline.url + "/api/ping", connections: 50, seconds });
    add({ section: "http c=50", metric: "baseline: trivial route handler", value: route.rps, unit: "req/s", note: `p50 ${route.p50} ms, p99 ${route.p99} ms` });
    await settle();
    if (opts.hot) {
      const hotLoad = await loadAccept(app, hot.tokens, form, 50, seconds);
      add(loadRow("http c=50", "accept POST, one hot request (N = 50, then full)", hotLoad, opts.hot.tps50, "pgbench 50 clients (hot-row floor)", `; ${hotLoad.posted} distinct tokens`));
      await settle();
    }
    const fullLoad = await loadAccept(app, full.tokens.slice(WARM_FULL_TOKENS + 1), form, 50, seconds);
    add(loadRow("http c=50", "accept POST to a filled request ('full')", fullLoad, route.rps, "trivial route handler", `; ${fullLoad.posted} distinct tokens`));
    await settle();
    for (const [k, req] of [[500, b500], [2000, b2000]] as const) {
      log(`burst of ${k}`);
      const r = await burst([app], req.tokens, form);
      add(burstRow(`burst ${k}`, `${k} parallel taps, one instance`, r));
      const n = await exactlyN(handle.db, req.requestId, N);
      add({ section: `burst ${k}`, metric: `exactly N (N = ${N})`, value: n.accepted, unit: "accepted", note: n.note });
      await settle();
    }
  } finally {
    await app.stop();
    await baseline.stop();
  }

  log("two instances, schedulers on, fake Resend");
  const resendKey = "re_bench_0123456789";
  const resend = await FakeResend.start(resendKey);
  const dispatchEnv = appEnv({ HELFERRUF_SCHEDULER: "1", SCHEDULER_INTERVAL_MS: "1000", RESEND_API_KEY: resendKey, RESEND_BASE_URL: resend.url, EMAIL_FROM: "Helferruf <helfen@bench.example.org>" });
  const first = await startNext(root, dispatchEnv, "/api/health");
  const second = await startNext(root, dispatchEnv, "/api/health").catch(async (e) => {
    await first.stop();
    throw e;
  });
  const apps: Server[] = [first, second];
  try {
    const r = await burst(apps, two.tokens, await acceptFormFields(apps[0], two.tokens[0]));
    add(burstRow("two instances", "2,000 parallel taps split over 2 × next start", r));
    // let both dispatchers send every confirmation
    const deadline = Date.now() + 120_000;
    for (;;) {
      const q = await handle.db.execute(sql`select count(*)::int as n from messages where request_id = ${two.requestId} and kind = 'confirmation' and channel = 'email' and status in ('queued', 'sending')`);
      if (Number((q.rows[0] as { n: number }).n) === 0 || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    const n = await exactlyN(handle.db, two.requestId, N);
    add({ section: "two instances", metric: `exactly N (N = ${N})`, value: n.accepted, unit: "accepted", note: n.note });
    // the e-mail confirmations (helpers without an address get an SMS, which goes to the dev outbox here)
    const sent = await handle.db.execute(sql`select id, status from messages where request_id = ${two.requestId} and kind = 'confirmation' and channel = 'email'`);
    const got = new Map<string, number>();
    for (const e of resend.emails) {
      const id = e.tags?.find((t) => t.name === "message_id")?.value ?? "?";
      got.set(id, (got.get(id) ?? 0) + 1);
    }
    const list = sent.rows as { id: string; status: string }[];
    const twice = list.filter((m) => (got.get(m.id) ?? 0) > 1).length;
    const never = list.filter((m) => !got.has(m.id)).length;
    add({
      section: "two instances",
      metric: "confirmations sent twice (both dispatchers running)",
      value: twice,
      unit: "messages",
      note: `${twice === 0 && never === 0 ? "OK" : "MISMATCH"}; ${list.length} e-mail confirmations in the outbox, ${got.size} distinct received by the fake Resend, ${never} not received; statuses ${[...new Set(list.map((m) => m.status))].join("/")}`,
    });
  } finally {
    for (const a of apps) await a.stop();
    await resend.stop();
  }
  return rows;
}
