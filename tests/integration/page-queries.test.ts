import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { updateActivity } from "@/lib/activities/manage";
import { cached, PUBLIC_DATA_TTL_MS, setProcessCachesForTests } from "@/lib/cache/process-cache";
import { getPublicOrganization } from "@/lib/organizations";
import { clearPublicStatsCache, getPublicStats } from "@/lib/organizations/public-stats";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { invitationRowSelect, invitationViewOf, readInvitationRow } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { activityOptions } from "@/lib/volunteers/options";
import { setupTestDatabase } from "../helpers/db";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { sentRequest } from "../helpers/requests";
import { counted } from "../helpers/statements";

/**
 * Issue 19: how many statements the public pages send to the database on a warm server. A
 * counting wrapper around the driver (`db.$client.query`, what drizzle calls for every statement
 * on PGlite and node-postgres) makes a regression fail here, without any timing.
 */
const t = setupTestDatabase();

let w: Awaited<ReturnType<typeof setUpOrganisations>>;
beforeEach(async () => {
  w = await setUpOrganisations(t.db);
  setProcessCachesForTests(true);
  clearPublicStatsCache();
});
afterEach(() => setProcessCachesForTests(false));

describe("database round trips of the public pages", () => {
  it("the response page: one statement gives the locale and the whole page, for open, unknown and expired links", async () => {
    const { tokens } = await sentRequest(t.db, w.actors.admin, w.activities[0].id, { volunteers: 1, helpersNeeded: 1 });
    const [n, row] = await counted(t.db, () => readInvitationRow(t.db, hashToken(tokens[0])));
    expect(n).toBe(1);
    expect(row!.locale).toBe("de");
    const view = invitationViewOf(row!)!;
    expect(view).toMatchObject({ status: "pending", state: "open", request: { activityNameDe: w.activities[0].nameDe, organizationName: w.org.name, stillNeeded: 1 } });

    const [unknown, none] = await counted(t.db, () => readInvitationRow(t.db, hashToken("A".repeat(43))));
    expect([unknown, none]).toEqual([1, null]);

    // long past: the row still says which language the not-found page speaks, the view is gone
    const later = new Date(Date.now() + 400 * 86_400_000);
    expect(invitationViewOf(row!, later)).toBeNull();
  });

  it("the landing page: no statement on a warm server (organisation and count kept per process)", async () => {
    const [cold] = await counted(t.db, () => getPublicStats(t.db));
    expect(cold).toBe(2);
    const [warm, stats] = await counted(t.db, () => getPublicStats(t.db));
    expect(warm).toBe(0);
    expect(stats.organization).toBe(w.org.name);
  });

  it("the registration page: organisation and activities read once per process, fresh after a coordinator changes them", async () => {
    const load = async () => activityOptions(t.db, (await getPublicOrganization(t.db)).id, "de");
    const [cold] = await counted(t.db, load);
    expect(cold).toBe(2);
    const [warm, before] = await counted(t.db, load);
    expect(warm).toBe(0);
    expect(before[0].name).toBe(w.activities[0].nameDe);

    // a change through the app clears this process's copy right after its transaction
    expect((await updateActivity(w.actors.admin, { id: w.activities[0].id, nameDe: "Fahrten", nameEn: "Rides" }, { ip: "192.0.2.10" })).ok).toBe(true);
    const [again, after] = await counted(t.db, load);
    expect(again).toBe(2);
    expect(after[0].name).toBe("Fahrten");
  });

  it("a settings change clears the organisation; a change by another instance shows after the TTL", async () => {
    expect((await getPublicOrganization(t.db)).name).toBe(w.org.name);
    const settings = { name: "Helferkreis Neu", emailSenderName: "Helferkreis", smsSenderName: "Helfer", timeZone: "Europe/Berlin", privacyContact: "dsb@example.org", address: "", imprint: "Impressum", reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30" };
    expect((await updateOrganizationSettings(w.actors.admin, settings, { ip: "192.0.2.10" })).ok).toBe(true);
    expect((await getPublicOrganization(t.db)).name).toBe("Helferkreis Neu");

    // another instance writes (here: directly in the database): this process keeps its copy for at most the TTL
    await t.db.update(s.organizations).set({ name: "Von nebenan" }).where(eq(s.organizations.id, w.org.id));
    expect((await getPublicOrganization(t.db)).name).toBe("Helferkreis Neu");
    const now = Date.now();
    const read = () => t.db.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect((await cached("public:ttl-probe", read, now))[0].name).toBe("Von nebenan");
    await t.db.update(s.organizations).set({ name: "Noch einmal" }).where(eq(s.organizations.id, w.org.id));
    expect((await cached("public:ttl-probe", read, now + PUBLIC_DATA_TTL_MS - 1))[0].name).toBe("Von nebenan");
    expect((await cached("public:ttl-probe", read, now + PUBLIC_DATA_TTL_MS))[0].name).toBe("Noch einmal");
  });
});

describe("the response page's read is served by indexes", () => {
  /** the tables a plan reads whole (Seq Scan nodes), with PostgreSQL told to avoid that wherever an index can serve */
  async function scannedTables(db: Db, query: { sql: string }, literal: string): Promise<string[]> {
    const text = query.sql.replace("$1", `'${literal}'`);
    return db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = (await tx.execute(sql.raw(`explain (format json) ${text}`))).rows as { "QUERY PLAN": unknown }[];
      const plan = rows[0]["QUERY PLAN"];
      const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
      const out: string[] = [];
      const walk = (n: PlanNode) => {
        if (n["Node Type"] === "Seq Scan" && n["Relation Name"]) out.push(n["Relation Name"]);
        for (const c of n.Plans ?? []) walk(c);
      };
      walk(parsed[0].Plan);
      return out;
    });
  }
  type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

  it("reads no table whole (the 'told it filled' check of the messages too), however many messages there are", async () => {
    const { tokens } = await sentRequest(t.db, w.actors.admin, w.activities[0].id, { volunteers: 1, helpersNeeded: 1 });
    // before the index messages_invitation_other_idx this read every message on every page view
    expect(await scannedTables(t.db, invitationRowSelect(t.db).toSQL(), hashToken(tokens[0]))).toEqual([]);
  });
});
