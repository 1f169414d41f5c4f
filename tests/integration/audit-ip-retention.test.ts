import { asc, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { runScheduledWork } from "@/lib/scheduler";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";

const t = setupTestDatabase();
const DAY = 86_400_000;
const NOW = new Date("2027-03-01T12:00:00Z");

async function eventAt(organizationId: string | null, daysAgo: number, ip = "203.0.113.9") {
  await recordAudit(t.db, { organizationId, actorType: "volunteer", action: `test.${daysAgo}`, ip });
  await t.db.update(s.auditEvents).set({ createdAt: new Date(NOW.getTime() - daysAgo * DAY) }).where(eq(s.auditEvents.action, `test.${daysAgo}`));
}

async function ips() {
  const rows = await t.db.select({ action: s.auditEvents.action, org: s.auditEvents.organizationId, ip: s.auditEvents.ip }).from(s.auditEvents).orderBy(asc(s.auditEvents.id));
  return rows.filter((r) => r.action.startsWith("test."));
}

describe("IP addresses in the audit log", () => {
  it("are removed by the scheduler after 90 days by default; the entries themselves stay", async () => {
    const [org] = await t.db.select().from(s.organizations);
    await eventAt(org.id, 91);
    await eventAt(org.id, 89);
    await eventAt(null, 95, "198.51.100.1"); // refused anonymous attempt: no organisation, default period
    const report = await runScheduledWork(t.db, NOW);
    expect(report.retention).toMatchObject({ ok: true, result: { auditIpsRemoved: 2 } });
    expect(await ips()).toEqual([
      { action: "test.91", org: org.id, ip: null },
      { action: "test.89", org: org.id, ip: "203.0.113.9" },
      { action: "test.95", org: null, ip: null },
    ]);
  });

  it("follow the organisation's setting, each organisation its own", async () => {
    const w = await setUpOrganisations(t.db);
    const base = { name: "Helferkreis", emailSenderName: "Helferkreis", smsSenderName: "Helfer", timeZone: "Europe/Berlin", privacyContact: "dsb@example.org", address: "", imprint: "Impressum" };
    const timed = { reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30" };
    expect(await updateOrganizationSettings(w.actors.admin, { ...base, ...timed, auditIpDays: "14" }, { ip: null })).toEqual({ ok: true });
    expect(await updateOrganizationSettings(w.actors.admin, { ...base, ...timed, auditIpDays: "0" }, { ip: null })).toMatchObject({ fieldErrors: { auditIpDays: "number_range" } });
    await t.db.delete(s.auditEvents).where(gt(s.auditEvents.id, 0));
    await eventAt(w.org.id, 15);
    await eventAt(w.org.id, 13);
    await eventAt(w.other.id, 30); // the other organisation keeps the default 90 days
    await runScheduledWork(t.db, NOW);
    expect((await ips()).map((r) => [r.action, r.ip])).toEqual([
      ["test.15", null],
      ["test.13", "203.0.113.9"],
      ["test.30", "203.0.113.9"],
    ]);
    // a settings form without the field (an older client) keeps the stored period
    expect(await updateOrganizationSettings(w.actors.admin, { ...base, ...timed }, { ip: null })).toEqual({ ok: true });
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, w.org.id));
    expect(org.settings.retention?.auditIpDays).toBe(14);
  });
});
