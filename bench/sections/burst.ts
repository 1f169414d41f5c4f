import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import type { Row, Server } from "../lib";
import { multipart } from "./respond";
import { stopMeansStop } from "./db";

/**
 * Issue 19, bursts: K helpers tap "accept" at the same instant — K POSTs of the response page's
 * no-JavaScript form, each with its own token, all started at once (no connection limit), spread
 * over one or more app instances. Every answer is classified: answered (303 back to the page),
 * busy (303 to /busy or a 503: the calm retry page), other 5xx, network error.
 */
export type BurstResult = { taps: number; answered: number; busy: number; s5xx: number; errors: number; other: number; seconds: number; p50: number; p99: number };

export async function burst(servers: Server[], tokens: string[], hidden: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<BurstResult> {
  for (const sv of servers) if (!/^http:\/\/127\.0\.0\.1[:/]/.test(sv.url)) throw new Error("benchmarks only target loopback");
  const times: number[] = [];
  const t0 = performance.now();
  const outcomes = await Promise.all(
    tokens.map(async (token, i) => {
      const server = servers[i % servers.length];
      const { body, contentType } = multipart({ ...hidden, token, answer: "accept" });
      const a = performance.now();
      try {
        const res = await fetch(`${server.url}/r/${token}`, {
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
