import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql, type SQL } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import * as s from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { recordAudit } from "@/lib/audit";
import { inviteMatching } from "@/lib/requests/invite";
import { loadMessageOrg, loadRequest } from "@/lib/requests/load";
import { countMatches, matchVolunteers, type MatchCriteria } from "@/lib/requests/matching";
import { createAndSendRequest, generateShortCode } from "@/lib/requests/create";
import { ASKING_MESSAGE_KINDS, REMINDER_MESSAGE_KINDS } from "@/lib/messaging/stop-kinds";
import { respondToInvitation } from "@/lib/requests/respond";
import { foldPeriodAsks } from "@/lib/reports/period-asks";
import { generateToken, hashToken } from "@/lib/tokens";
import { percentile, type Row } from "../lib";

/**
 * The benchmark's own database: on PostgreSQL a fresh database `helferruf_bench_<random>` created
 * on the BENCH_DATABASE_URL server and dropped at the end (never the tables of `test` or of the
 * app); on PGlite a fresh folder in the temp directory. Only one process may open a PGlite folder,
 * so the bench closes its handle before `next start` opens it (see run.ts).
 */
export type BenchDb = {
  kind: "pglite" | "postgres";
  /** what the app server gets: DATABASE_URL or PGLITE_DIR */
  appEnv: Record<string, string>;
  url?: string;
  pgliteDir?: string;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
};

export async function createBenchDb(): Promise<BenchDb> {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) {
    const pgliteDir = path.join(mkdtempSync(path.join(tmpdir(), "helferruf-bench-")), "pglite");
    return {
      kind: "pglite",
      pgliteDir,
      appEnv: { DATABASE_URL: "", PGLITE_DIR: pgliteDir },
      open: () => openDatabase({ driver: "pglite", pgliteDir }),
      drop: async () => rmSync(path.dirname(pgliteDir), { recursive: true, force: true }),
    };
  }
  const name = `helferruf_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = "/" + name;
  const url = u.toString();
  return {
    kind: "postgres",
    url,
    appEnv: { DATABASE_URL: url },
    open: () => openDatabase({ url, poolSize: 10 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type Fixture = { organizationId: string; userId: string; activityIds: string[]; timeZone: string };

export async function prepare(handle: DatabaseHandle): Promise<Fixture> {
  await migrateDatabase(handle);
  const org = await seedDatabase(handle.db, { demo: false });
  const acts = await handle.db.select({ id: s.activities.id }).from(s.activities).where(eq(s.activities.organizationId, org.id)).orderBy(s.activities.position);
  const [member] = await handle.db.select({ userId: s.memberships.userId }).from(s.memberships).where(eq(s.memberships.organizationId, org.id));
  return { organizationId: org.id, userId: member.userId, activityIds: acts.map((a) => a.id), timeZone: org.timeZone };
}

/**
 * 100,000 volunteers in a handful of set-based statements (INSERT … SELECT from generate_series,
 * attributes from deterministic hashes): half of them do the first activity (the "big" one for
 * the fan-out), everyone 1–2 further activities; about a third of the week's slots; 15 % flexible;
 * German for 90 %, English 40 %, Arabic, Ukrainian, Russian, Farsi, Turkish for a few; 85 %
 * active, 8 % paused, 7 % pending; e-mail, SMS or both, mostly confirmed; 10 % with a weekly limit.
 */
export async function generateVolunteers(db: Db, f: Fixture, count: number): Promise<number> {
  const t0 = performance.now();
  await db.execute(sql`
    insert into volunteers (organization_id, first_name, last_name, email, phone, contact_preference, locale, status, paused_until,
      available_flexible, has_driving_licence, has_car, max_requests_per_week, consent_version, consent_at, consent_channel,
      email_confirmed_at, phone_confirmed_at, last_asked_at)
    select ${f.organizationId}, 'Vorname' || g, 'Nachname' || (g % 997), x.email, x.phone, x.pref::contact_preference,
      case when g % 5 = 0 then 'en' else 'de' end,
      (case when (g * 53) % 100 < 85 then 'active' when (g * 53) % 100 < 93 then 'paused' else 'pending' end)::volunteer_status,
      case when (g * 53) % 100 between 85 and 92 then now() + ((g % 21) - 10) * interval '1 day' end,
      (g * 17) % 100 < 15, (g * 29) % 100 < 60, (g * 29) % 100 < 60 and (g * 31) % 100 < 40,
      case when (g * 43) % 100 < 10 then 3 end,
      'bench', now(), 'web',
      case when x.email is not null and (g * 13) % 100 < 95 then now() end,
      case when x.phone is not null and (g * 19) % 100 < 95 then now() end,
      case when (g * 41) % 100 < 50 then null else now() - (g % 30) * interval '1 day' end
    from generate_series(1, ${count}) g
    cross join lateral (
      select p.pref,
        case when p.pref <> 'sms' or g % 2 = 0 then 'v' || g || '@bench.example.org' end as email,
        case when p.pref <> 'email' then '+4915' || lpad(g::text, 9, '0') end as phone
      from (select case when (g * 37) % 100 < 45 then 'email' when (g * 37) % 100 < 75 then 'both' else 'sms' end as pref) p
    ) x`);
  const acts = sql.raw(`array[${f.activityIds.map((a) => `'${a}'::uuid`).join(",")}]`);
  await db.execute(sql`
    insert into volunteer_activities (volunteer_id, activity_id)
    select v.id, a.activity_id
    from volunteers v
    cross join lateral (select abs(hashtext(v.id::text)) as h) hh
    cross join lateral (
      select (${acts})[1] as activity_id where hh.h % 10 < 5
      union
      select (${acts})[2 + ((hh.h / 10 + k * 5) % ${f.activityIds.length - 1})] from generate_series(0, (hh.h / 100) % 2) k
    ) a
    where v.organization_id = ${f.organizationId}
    on conflict do nothing`);
  await db.execute(sql`
    insert into volunteer_availability (volunteer_id, weekday, part_of_day)
    select v.id, wd, pod::part_of_day
    from volunteers v
    cross join generate_series(1, 7) wd
    cross join unnest(array['morning', 'afternoon', 'evening']) pod
    where v.organization_id = ${f.organizationId} and not v.available_flexible
      and abs(hashtext(v.id::text || wd || pod)) % 100 < 33`);
  await db.execute(sql`
    insert into volunteer_languages (volunteer_id, language)
    select v.id, l.code
    from volunteers v
    cross join (values ('de', 90), ('en', 40), ('ar', 10), ('uk', 10), ('ru', 8), ('fa', 5), ('tr', 5)) l(code, pct)
    where v.organization_id = ${f.organizationId} and abs(hashtext(v.id::text || l.code)) % 100 < l.pct`);
  await db.execute(sql`analyze`);
  return performance.now() - t0;
}

/** The next Tuesday, 09:00 UTC (morning in Berlin), at least two days ahead. */
export function benchStart(now = new Date()): Date {
  const d = new Date(now.getTime() + 2 * 86_400_000);
  d.setUTCHours(8, 0, 0, 0);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/** EXPLAIN of the statement a function runs, captured by a db whose execute() explains instead. */
async function explainOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<string> {
  let plan = "";
  const explaining = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "execute") return Reflect.get(target, prop, receiver);
      return async (q: SQL) => {
        const r = await target.execute(sql`explain ${q}`);
        plan = (r.rows as Record<string, string>[]).map((row) => Object.values(row)[0]).join("\n");
        return { rows: [{ n: 0 }] };
      };
    },
  });
  await run(explaining as Db).catch(() => undefined);
  return plan;
}

function indexesIn(plan: string): string {
  const idx = new Set(Array.from(plan.matchAll(/Index (?:Only )?Scan using (\S+)/g)).map((m) => m[1]));
  const bitmap = Array.from(plan.matchAll(/Bitmap Index Scan on (\S+)/g)).map((m) => m[1]);
  for (const b of bitmap) idx.add(b);
  const seq = new Set(Array.from(plan.matchAll(/Seq Scan on (\S+)/g)).map((m) => m[1]));
  return [idx.size ? `indexes: ${[...idx].join(", ")}` : "", seq.size ? `seq scan: ${[...seq].join(", ")}` : ""].filter(Boolean).join("; ");
}

/** Section 1: p50/p95 of matchVolunteers and countMatches on the generated volunteers. */
export async function matching(db: Db, f: Fixture, opts: { runs: number; secondsPerCase: number }): Promise<Row[]> {
  const startsAt = benchStart();
  const base: MatchCriteria = { activityId: f.activityIds[3], startsAt, languageMode: "none", languages: [], channels: "both", requireDrivingLicence: false, requireCar: false, timeZone: f.timeZone };
  const cases: { name: string; c: MatchCriteria }[] = [
    { name: "one activity", c: base },
    { name: "activity + language", c: { ...base, languageMode: "any", languages: ["ar"] } },
    { name: "activity + language + availability + car", c: { ...base, languageMode: "any", languages: ["en"], requireDrivingLicence: true, requireCar: true } },
  ];
  const rows: Row[] = [];
  for (const k of cases) {
    const n = await countMatches(db, f.organizationId, k.c);
    for (const fn of ["countMatches", "matchVolunteers"] as const) {
      const times: number[] = [];
      const until = performance.now() + opts.secondsPerCase * 1000;
      for (let i = 0; i < opts.runs && performance.now() < until; i++) {
        const t0 = performance.now();
        if (fn === "countMatches") await countMatches(db, f.organizationId, k.c);
        else await matchVolunteers(db, f.organizationId, k.c, { limit: 1000 });
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const plan = fn === "countMatches" ? indexesIn(await explainOf(db, (d) => countMatches(d, f.organizationId, k.c))) : "";
      rows.push({
        section: "matching",
        metric: `${fn}: ${k.name}`,
        value: percentile(times, 50),
        unit: "ms p50",
        note: `p95 ${percentile(times, 95).toFixed(1)} ms, ${times.length} runs, ${n.toLocaleString("en-US")} match${fn === "matchVolunteers" ? " (first 1,000 returned)" : ""}${plan ? "; " + plan : ""}`,
      });
    }
  }
  return rows;
}

/**
 * Section 2: one request asking `target` volunteers — request, invitations (token hashes), outbox
 * rows, lastAskedAt and audit in ONE transaction. createAndSendRequest caps a send at
 * MAX_INVITES_PER_SEND (5,000) and matchVolunteers at 5,000 per call; the bench runs the same steps as createAndSendRequest (lib/requests/create.ts) with the
 * same functions (invite.ts, load.ts), calling inviteMatching once per 5,000 inside the one transaction.
 */
export async function fanOut(db: Db, f: Fixture, target: number, opts: { product?: boolean } = {}): Promise<Row[]> {
  const startsAt = benchStart();
  const org = await loadMessageOrg(db, f.organizationId);
  const t0 = performance.now();
  const result = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(s.requests)
      .values({
        organizationId: f.organizationId,
        activityId: f.activityIds[0],
        shortCode: generateShortCode(5),
        title: "Bench: Großeinsatz",
        details: "Benchmark",
        place: "Rathausplatz 1",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
        helpersNeeded: 500,
        channels: "both",
        createdBy: f.userId,
      })
      .returning({ id: s.requests.id });
    const request = (await loadRequest(tx, created.id))!;
    let invited = 0;
    let messages = 0;
    while (invited < target) {
      const r = await inviteMatching(tx, org, request, Math.min(5000, target - invited), new Date());
      if (r.invited === 0) break;
      invited += r.invited;
      messages += r.messages;
    }
    await recordAudit(tx, { organizationId: f.organizationId, actorUserId: f.userId, actorType: "user", action: "request.create", objectType: "request", objectId: created.id, details: { invited, messages } });
    return { invited, messages };
  });
  const ms = performance.now() - t0;
  const rows: Row[] = [
    { section: "fan-out", metric: `request asking ${result.invited.toLocaleString("en-US")} volunteers (one transaction)`, value: ms / 1000, unit: "s", note: `${result.messages.toLocaleString("en-US")} outbox messages; ${((result.invited / ms) * 1000).toFixed(0)} invitations/s` },
  ];
  if (opts.product === false) return rows;
  // The product path as a coordinator uses it, at its own cap (MAX_INVITES_PER_SEND).
  const t1 = performance.now();
  const product = await createAndSendRequest(
    db,
    { userId: f.userId, email: "admin@example.org", organizationId: f.organizationId, role: "admin" },
    { activityId: f.activityIds[0], title: "Bench: normal", startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), helpersNeeded: 5, channels: "both" },
  );
  const ms1 = performance.now() - t1;
  if (product.ok) rows.push({ section: "fan-out", metric: `createAndSendRequest at the product cap (${product.invited.toLocaleString("en-US")} invited)`, value: ms1 / 1000, unit: "s", note: `${product.messages.toLocaleString("en-US")} outbox messages; includes validation and the match query` });
  return rows;
}

/** An open request with `count` invitations whose plain tokens we know (for the accept loops and the HTTP bench). */
export async function requestWithTokens(
  db: Db,
  f: Fixture,
  opts: { helpersNeeded: number; count: number; offset: number; title: string; queueInvitations?: boolean },
): Promise<{ requestId: string; tokens: string[] }> {
  const startsAt = benchStart();
  const [req] = await db
    .insert(s.requests)
    .values({
      organizationId: f.organizationId,
      activityId: f.activityIds[1],
      shortCode: generateShortCode(5),
      title: opts.title,
      details: "Benchmark",
      place: "Rathausplatz 1",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
      helpersNeeded: opts.helpersNeeded,
      channels: "email",
      notifyPendingWhenFilled: false,
      createdBy: f.userId,
    })
    .returning({ id: s.requests.id });
  const total = Number(((await db.execute(sql`select count(*)::int as n from volunteers`)).rows[0] as { n: number }).n);
  const offset = Math.max(0, Math.min(opts.offset, total - opts.count));
  const vols = await db.execute(sql`select id from volunteers where organization_id = ${f.organizationId} order by id limit ${opts.count} offset ${offset}`);
  const ids = (vols.rows as { id: string }[]).map((r) => r.id);
  const tokens = ids.map(() => generateToken());
  for (let i = 0; i < ids.length; i += 1000) {
    await db.insert(s.invitations).values(
      ids.slice(i, i + 1000).map((volunteerId, j) => ({ requestId: req.id, volunteerId, tokenHash: hashToken(tokens[i + j]), status: "pending" as const, askedAt: new Date() })),
    );
  }
  if (opts.queueInvitations) {
    // a queued invitation e-mail per invitation (held back an hour, as by quiet hours or a wave):
    // the fill must cancel every one of them (stop means stop), checked by stopMeansStop
    await db.execute(sql`
      insert into messages (organization_id, channel, recipient, volunteer_id, request_id, invitation_id, kind, locale, subject, body, next_attempt_at)
      select ${f.organizationId}, 'email', 'bench-' || i.id || '@bench.example.org', i.volunteer_id, i.request_id, i.id, 'invitation', 'de', 'Bench', 'Bench', now() + interval '1 hour'
      from invitations i where i.request_id = ${req.id}`);
  }
  return { requestId: req.id, tokens };
}

/**
 * Stop means stop (invariant 5): once a request filled, no asking message (invitation, reminder)
 * of it may be sent after the fill or still wait in the queue.
 */
export async function stopMeansStop(db: Db, requestId: string): Promise<{ sentAfterFill: number; stillQueued: number; cancelled: number }> {
  const kinds = sql.join(
    [...ASKING_MESSAGE_KINDS, ...REMINDER_MESSAGE_KINDS].map((k: string) => sql`${k}`),
    sql`, `,
  );
  const r = await db.execute(sql`
    select count(*) filter (where m.status in ('sent', 'delivered') and m.sent_at > r.filled_at)::int as "sentAfterFill",
           count(*) filter (where m.status in ('queued', 'sending'))::int as "stillQueued",
           count(*) filter (where m.status = 'cancelled')::int as "cancelled"
    from messages m join requests r on r.id = m.request_id
    where m.request_id = ${requestId} and m.kind in (${kinds}) and r.filled_at is not null`);
  const row = r.rows[0] as { sentAfterFill: number; stillQueued: number; cancelled: number };
  return { sentAfterFill: Number(row.sentAfterFill), stillQueued: Number(row.stillQueued), cancelled: Number(row.cancelled) };
}

/** Baseline for section 4: the accept transaction without HTTP, respondToInvitation in a loop. */
export async function rawAccept(db: Db, f: Fixture, opts: { count: number; seconds: number }): Promise<{ rows: Row[]; perSecond: number }> {
  const { requestId, tokens } = await requestWithTokens(db, f, { helpersNeeded: 500, count: opts.count, offset: 50_000, title: "Bench: raw accept" });
  const times: number[] = [];
  const outcomes = new Map<string, number>();
  const until = performance.now() + opts.seconds * 1000;
  const t0 = performance.now();
  for (const token of tokens) {
    if (performance.now() > until) break;
    const a = performance.now();
    const r = await respondToInvitation(db, { tokenHash: hashToken(token), token, answer: "accept", via: "web" });
    times.push(performance.now() - a);
    const o = r.ok ? r.outcome : r.error;
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  const [req] = await db.select({ accepted: s.requests.acceptedCount, needed: s.requests.helpersNeeded }).from(s.requests).where(eq(s.requests.id, requestId));
  const perSecond = (times.length / total) * 1000;
  return {
    perSecond,
    rows: [
      {
        section: "respond",
        metric: "baseline: accept transaction without HTTP (sequential)",
        value: perSecond,
        unit: "accepts/s",
        note: `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms; ${times.length} calls, ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(", ")}; accepted_count ${req.accepted}/${req.needed}`,
      },
    ],
  };
}

/**
 * After a bulk load (a generated year: 200,000 invitations, their messages and summaries written
 * seconds ago), what a database in service has long done by itself: the scheduler's fold of the
 * fairness queue (lib/reports/period-asks.ts), a VACUUM (ANALYZE) of what was written, and on
 * PostgreSQL a CHECKPOINT, so the figures after it measure the steady state and not autovacuum and
 * the checkpointer catching up with the load (pgbench vacuums before each run for the same
 * reason). Returns the milliseconds it took.
 */
export async function settleAfterLoad(db: Db, kind: BenchDb["kind"]): Promise<number> {
  const t0 = performance.now();
  await foldPeriodAsks(db);
  await db.execute(sql`vacuum (analyze)`);
  if (kind === "postgres") await db.execute(sql`checkpoint`).catch(() => undefined); // needs pg_checkpoint or a superuser
  return performance.now() - t0;
}
