import { and, isNotNull, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { ensureMember } from "@/db/seed";
import type { Row, Server } from "../lib";
import type { Fixture } from "./db";
import { multipart } from "./respond";

/**
 * Issue 13, "timing reveals membership": the built app answers a sign-in request for a known and
 * for an unknown address after the same work (the lookup and the mail run after the answer). Each
 * try posts the page's own no-JavaScript form once for a known and once for an unknown address
 * (order alternating), each address once, from its own client address (X-Forwarded-For; the
 * server runs with TRUSTED_PROXY_HOPS=1) so that no rate limit answers instead.
 */
export type TimingAddresses = { members: string[]; volunteers: string[]; unknown: string[] };

/** Before the server starts (PGlite: one process per folder): members to sign in as; volunteers' addresses. */
export async function prepareTiming(db: Db, f: Fixture, tries: number): Promise<TimingAddresses> {
  const members: string[] = [];
  for (let i = 0; i < tries; i++) {
    const email = `timing-${i}@bench-members.example.org`;
    await ensureMember(db, f.organizationId, email, "coordinator");
    members.push(email);
  }
  const rows = await db
    .select({ email: s.volunteers.email })
    .from(s.volunteers)
    .where(and(eq(s.volunteers.organizationId, f.organizationId), isNotNull(s.volunteers.email)))
    .limit(tries);
  const unknown = Array.from({ length: tries }, (_, i) => `nobody-${i}@bench-unknown.example.org`);
  return { members, volunteers: rows.map((r) => r.email!), unknown };
}

const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The hidden fields of the page's form that has a field `field` (Next's $ACTION_… fields included). */
async function formFields(server: Server, path: string, field: string): Promise<Record<string, string>> {
  const html = await (await fetch(server.url + path)).text();
  for (const form of html.match(/<form[\s\S]*?<\/form>/g) ?? []) {
    if (!form.includes(`name="${field}"`)) continue;
    const fields: Record<string, string> = {};
    for (const input of form.match(/<input[^>]*>/g) ?? []) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      if (name && /type="hidden"/.test(input)) fields[unescape(name)] = unescape(/value="([^"]*)"/.exec(input)?.[1] ?? "");
    }
    return fields;
  }
  throw new Error(`no form with a ${field} field on ${path}`);
}

const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

async function timeCase(server: Server, c: { path: string; field: string; known: string[]; unknown: string[] }, ipBase: number) {
  const hidden = await formFields(server, c.path, c.field);
  const post = async (address: string, ip: string) => {
    const { body, contentType } = multipart({ ...hidden, [c.field]: address });
    const t0 = performance.now();
    const res = await fetch(server.url + c.path, { method: "POST", body, redirect: "manual", headers: { "content-type": contentType, "x-forwarded-for": ip } });
    const headersMs = performance.now() - t0;
    await res.arrayBuffer();
    return { ms: performance.now() - t0, headersMs, status: res.status };
  };
  const known: number[] = [];
  const unknown: number[] = [];
  const head = { known: [] as number[], unknown: [] as number[] };
  const statuses = new Set<number>();
  const tries = Math.min(c.known.length, c.unknown.length);
  for (let i = 0; i < tries; i++) {
    const ip = (k: number) => `10.${ipBase}.${Math.floor((2 * i + k) / 250)}.${((2 * i + k) % 250) + 1}`;
    const pair = i % 2 === 0 ? [[c.known[i], known, 0], [c.unknown[i], unknown, 1]] as const : [[c.unknown[i], unknown, 1], [c.known[i], known, 0]] as const;
    for (const [address, into, k] of pair) {
      const r = await post(address, ip(k));
      into.push(r.ms);
      (k === 0 ? head.known : head.unknown).push(r.headersMs);
      statuses.add(r.status);
      // let the deferred work (after()) of this answer finish before the next try is timed
      await new Promise((r) => setTimeout(r, 40));
    }
  }
  return { known: median(known), unknown: median(unknown), headers: median(head.known) - median(head.unknown), tries, statuses: [...statuses].sort().join("/") };
}

export async function timingRows(server: Server, a: TimingAddresses): Promise<Row[]> {
  const cases = [
    { name: "/manage sign-in link", path: "/manage", field: "contact", known: a.volunteers, unknown: a.unknown, ipBase: 1 },
    { name: "admin sign-in link", path: "/admin/sign-in", field: "email", known: a.members, unknown: a.unknown, ipBase: 2 },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const r = await timeCase(server, c, c.ipBase);
    rows.push({
      section: "timing: known vs unknown",
      metric: c.name,
      value: r.known - r.unknown,
      unit: "ms",
      note: `median known ${r.known.toFixed(1)} ms, unknown ${r.unknown.toFixed(1)} ms; ${r.tries} tries each, HTTP ${r.statuses}; to the headers ${r.headers >= 0 ? "+" : ""}${r.headers.toFixed(1)} ms`,
    });
  }
  return rows;
}
