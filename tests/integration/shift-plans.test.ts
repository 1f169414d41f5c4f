import { and, count, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { respondToInvitation } from "@/lib/requests/respond";
import { cancelShiftPlan } from "@/lib/shifts/cancel";
import { createShiftPlan } from "@/lib/shifts/create";
import { getShiftPageView, pickSlot } from "@/lib/shifts/picks";
import { copyShiftPlanValues, getShiftPlanOverview } from "@/lib/shifts/queries";
import { hashToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { RecordingTransport } from "../helpers/recording-transport";
import { activityByKey, coordinator, secondOrganization, volunteer } from "../helpers/requests";

const t = setupTestDatabase({ poolSize: 30 });
let actor: Actor;
let clothing: string;
let donations: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  clothing = (await activityByKey(t.db, "clothing")).id;
  donations = (await activityByKey(t.db, "donations")).id;
});

/** A day a week or two ahead (Berlin). */
function dayAhead(days = 10): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
const slot = (start: string, end: string, activityId: string, helpersNeeded = 3) => ({ start, end, activityId, helpersNeeded: String(helpersNeeded) });
const planInput = (slots: ReturnType<typeof slot>[], over: Record<string, unknown> = {}) => ({ title: "Kleiderkammer Samstag", day: dayAhead(), place: "Gemeindehaus, Kirchweg 2", details: "Bitte feste Schuhe.", slots, ...over });

/** The /s/ link of each volunteer, read from their message as they get it (tokens are sealed at rest). */
async function linksOf(planId: string): Promise<Map<string, string>> {
  const msgs = await t.db.select().from(s.messages).where(eq(s.messages.shiftPlanId, planId));
  const out = new Map<string, string>();
  for (const m of msgs) {
    const token = renderStoredTexts(m).body!.match(/\/s\/([A-Za-z0-9_-]{22})/)![1];
    out.set(m.volunteerId!, token);
  }
  return out;
}
const slotIds = async (planId: string) => (await t.db.select({ id: s.requests.id }).from(s.requests).where(eq(s.requests.shiftPlanId, planId)).orderBy(s.requests.startsAt)).map((r) => r.id);
const pick = (token: string, requestId: string, answer: "accept" | "withdraw" = "accept") => pickSlot(t.db, { tokenHash: hashToken(token), requestId, answer });
const tableCount = async (table: typeof s.shiftPlans | typeof s.requests | typeof s.invitations | typeof s.messages | typeof s.shiftPlanInvites) => (await t.db.select({ n: count() }).from(table))[0].n;

async function threeSlotPlan(opts: { volunteers?: number; needed?: [number, number, number] } = {}) {
  const [a, b, c] = opts.needed ?? [3, 3, 2];
  const vols = [];
  for (let i = 0; i < (opts.volunteers ?? 4); i++) vols.push(await volunteer(t.db, { activities: [clothing] }));
  const r = await createShiftPlan(t.db, actor, planInput([slot("09:00", "12:00", clothing, a), slot("12:00", "15:00", clothing, b), slot("15:00", "18:00", clothing, c)]));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { planId: r.planId, result: r, vols, slots: await slotIds(r.planId), links: await linksOf(r.planId) };
}

describe("creating a shift plan and asking once", () => {
  it("stores each slot as an ordinary request and sends each matching volunteer ONE message listing the slots they match", async () => {
    const both = await volunteer(t.db, { activities: [clothing, donations] });
    const onlyDonations = await volunteer(t.db, { activities: [donations] });
    await volunteer(t.db, { activities: [] }); // does neither activity: not asked
    const r = await createShiftPlan(t.db, actor, planInput([slot("09:00", "12:00", clothing, 3), slot("12:00", "15:00", donations, 2), slot("15:00", "18:00", clothing, 2)]));
    expect(r).toMatchObject({ ok: true, slots: 3, invited: 2, messages: 2 });
    if (!r.ok) return;
    const requests = await t.db.select().from(s.requests).where(eq(s.requests.shiftPlanId, r.planId)).orderBy(s.requests.startsAt);
    expect(requests.map((x) => [x.activityId, x.helpersNeeded, x.status, x.title, x.notifyPendingWhenFilled])).toEqual([
      [clothing, 3, "open", "Kleiderkammer Samstag", false],
      [donations, 2, "open", "Kleiderkammer Samstag", false],
      [clothing, 2, "open", "Kleiderkammer Samstag", false],
    ]);
    const invitations = await t.db.select().from(s.invitations).where(inArray(s.invitations.requestId, requests.map((x) => x.id)));
    expect(invitations.filter((i) => i.volunteerId === both.id)).toHaveLength(3);
    expect(invitations.filter((i) => i.volunteerId === onlyDonations.id).map((i) => i.requestId)).toEqual([requests[1].id]);
    // one message each, no per-slot invitation messages
    const msgs = (await t.db.select().from(s.messages)).map(renderStoredTexts);
    expect(msgs.map((m) => m.kind)).toEqual(["shift-invitation", "shift-invitation"]);
    const mailOfDonations = msgs.find((m) => m.volunteerId === onlyDonations.id)!;
    expect(mailOfDonations.subject).toContain("Kleiderkammer Samstag");
    expect(mailOfDonations.body).toContain("12:00–15:00");
    expect(mailOfDonations.body).not.toContain("09:00–12:00");
    expect(msgs.find((m) => m.volunteerId === both.id)!.body).toMatch(/09:00–12:00[\s\S]*12:00–15:00[\s\S]*15:00–18:00/);
    const audit = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "shift_plan.create"));
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ slots: 3, invited: 2, invitations: 4 });
  });

  it("keeps the link's token only as a hash at rest and sealed in the message", async () => {
    const { planId, links } = await threeSlotPlan({ volunteers: 1 });
    const [token] = [...links.values()];
    const stored = await t.db.select().from(s.messages).where(eq(s.messages.shiftPlanId, planId));
    expect(JSON.stringify(stored)).not.toContain(token);
    const [invite] = await t.db.select().from(s.shiftPlanInvites).where(eq(s.shiftPlanInvites.planId, planId));
    expect(invite.tokenHash).toBe(hashToken(token));
  });

  it("stores nothing for a foreign activity, a plan without slots or a slot ending before it starts", async () => {
    const other = await secondOrganization(t.db);
    await volunteer(t.db, { activities: [clothing] });
    const before = await Promise.all([tableCount(s.shiftPlans), tableCount(s.requests), tableCount(s.invitations), tableCount(s.messages)]);
    expect(await createShiftPlan(t.db, actor, planInput([slot("09:00", "12:00", clothing), slot("12:00", "15:00", other.activity.id)]))).toEqual({ ok: false, error: "invalid", fieldErrors: { "slot.1.activityId": "activity_unknown" } });
    expect(await createShiftPlan(t.db, actor, planInput([]))).toEqual({ ok: false, error: "invalid", fieldErrors: { slots: "no_slots" } });
    expect(await createShiftPlan(t.db, actor, planInput([slot("12:00", "09:00", clothing)]))).toEqual({ ok: false, error: "invalid", fieldErrors: { "slot.0.end": "end_before_start" } });
    expect(await Promise.all([tableCount(s.shiftPlans), tableCount(s.requests), tableCount(s.invitations), tableCount(s.messages)])).toEqual(before);
    expect(await t.db.select({ n: count() }).from(s.auditEvents).where(and(eq(s.auditEvents.action, "shift_plan.create"), eq(s.auditEvents.outcome, "invalid")))).toEqual([{ n: 3 }]);
  });

  it("creates one plan from a form submitted twice", async () => {
    await volunteer(t.db, { activities: [clothing] });
    const input = planInput([slot("09:00", "12:00", clothing)], { submissionKey: "a1b2c3d4e5f6a7b8c9d0" });
    const [a, b] = [await createShiftPlan(t.db, actor, input), await createShiftPlan(t.db, actor, input)];
    expect(a.ok && b.ok && b.duplicate && a.planId === b.planId).toBe(true);
    expect(await tableCount(s.shiftPlans)).toBe(1);
    expect(await tableCount(s.messages)).toBe(1);
  });

  it("shows the overview (slots × filled) and copies a plan a week later; another organisation's plan is not found", async () => {
    const { planId, slots, links, vols } = await threeSlotPlan({ volunteers: 2 });
    await pick(links.get(vols[0].id)!, slots[0]);
    const view = await getShiftPlanOverview(t.db, actor, planId);
    expect(view?.invited).toBe(2);
    expect(view?.slots.map((x) => [x.acceptedCount, x.helpersNeeded, x.asked, x.state])).toEqual([
      [1, 3, 2, "open"],
      [0, 3, 2, "open"],
      [0, 2, 2, "open"],
    ]);
    const copy = await copyShiftPlanValues(t.db, actor, planId);
    expect(copy?.slots).toEqual([slot("09:00", "12:00", clothing, 3), slot("12:00", "15:00", clothing, 3), slot("15:00", "18:00", clothing, 2)]);
    expect(copy?.day).toBe(new Date(Date.parse(`${dayAhead()}T12:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10));
    const { org } = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", org.id);
    expect(await getShiftPlanOverview(t.db, stranger, planId)).toBeNull();
    expect(await copyShiftPlanValues(t.db, stranger, planId)).toBeNull();
  });
});

describe("picking slots on the plan's page", () => {
  it("shows the helper's slots without changing anything (GET)", async () => {
    const { links, vols } = await threeSlotPlan({ volunteers: 1 });
    const token = links.get(vols[0].id)!;
    const snapshot = async () => JSON.stringify([await t.db.select().from(s.invitations), await t.db.select({ id: s.messages.id, status: s.messages.status }).from(s.messages), await t.db.select().from(s.requests)]);
    const before = await snapshot();
    const view = await getShiftPageView(t.db, hashToken(token));
    await getShiftPageView(t.db, hashToken(token));
    expect(await snapshot()).toBe(before);
    expect(view?.slots.map((x) => [x.stillNeeded, x.canAccept, x.status])).toEqual([
      [3, true, "pending"],
      [3, true, "pending"],
      [2, true, "pending"],
    ]);
    expect(await getShiftPageView(t.db, hashToken("x".repeat(22)))).toBeNull();
  });

  it("takes two back-to-back slots, refuses one that overlaps, and tells the truth afterwards", async () => {
    const vols = [await volunteer(t.db, { activities: [clothing] })];
    const r = await createShiftPlan(t.db, actor, planInput([slot("09:00", "12:00", clothing), slot("12:00", "15:00", clothing), slot("11:00", "13:00", clothing)]));
    if (!r.ok) throw new Error("not created");
    const [morning, overlapping, noon] = await slotIds(r.planId); // ordered by start: 09, 11, 12
    const token = (await linksOf(r.planId)).get(vols[0].id)!;
    expect(await pick(token, morning)).toEqual({ ok: true, outcome: "accepted", changed: true });
    expect(await pick(token, noon)).toEqual({ ok: true, outcome: "accepted", changed: true });
    expect(await pick(token, overlapping)).toEqual({ ok: true, outcome: "overlap", changed: false });
    expect(await pick(token, morning)).toEqual({ ok: true, outcome: "already_accepted", changed: false });
    const view = (await getShiftPageView(t.db, hashToken(token)))!;
    expect(view.slots.map((x) => [x.status, x.overlapsMine, x.canAccept, x.canWithdraw])).toEqual([
      ["accepted", false, false, true],
      ["pending", true, false, false],
      ["accepted", false, false, true],
    ]);
    // each acceptance is an ordinary one: a confirmation per slot
    expect(await t.db.select({ n: count() }).from(s.messages).where(eq(s.messages.kind, "confirmation"))).toEqual([{ n: 2 }]);
    // giving the morning back frees the overlapping slot for this helper
    expect(await pick(token, morning, "withdraw")).toMatchObject({ ok: true, outcome: "withdrawn" });
    expect(await pick(token, overlapping)).toEqual({ ok: true, outcome: "overlap", changed: false }); // still overlaps noon
    expect(await pick(token, noon, "withdraw")).toMatchObject({ ok: true, outcome: "withdrawn" });
    expect(await pick(token, overlapping)).toMatchObject({ ok: true, outcome: "accepted" });
  });

  it("applies the overlap rule to the slot's own /r/ link as well", async () => {
    const v = await volunteer(t.db, { activities: [clothing] });
    const r = await createShiftPlan(t.db, actor, planInput([slot("09:00", "12:00", clothing), slot("10:00", "11:00", clothing)]));
    if (!r.ok) throw new Error("not created");
    const [a, b] = await slotIds(r.planId);
    const invs = await t.db.select().from(s.invitations).where(eq(s.invitations.volunteerId, v.id));
    const invOf = (req: string) => invs.find((i) => i.requestId === req)!.id;
    expect(await respondToInvitation(t.db, { invitationId: invOf(a), answer: "accept", via: "sms" })).toMatchObject({ ok: true, outcome: "accepted" });
    expect(await respondToInvitation(t.db, { invitationId: invOf(b), answer: "accept", via: "sms" })).toMatchObject({ ok: true, outcome: "overlap", changed: false });
  });

  it("says full when a slot's seats are taken, and refuses a slot of another plan or person", async () => {
    const { slots, links, vols } = await threeSlotPlan({ volunteers: 3, needed: [1, 1, 1] });
    const [t0, t1] = [links.get(vols[0].id)!, links.get(vols[1].id)!];
    expect(await pick(t0, slots[0])).toMatchObject({ outcome: "accepted" });
    expect(await pick(t1, slots[0])).toMatchObject({ outcome: "full" });
    const view = (await getShiftPageView(t.db, hashToken(t1)))!;
    expect(view.slots[0]).toMatchObject({ state: "filled", canAccept: false });
    const other = await threeSlotPlan({ volunteers: 1 });
    expect(await pick(t0, other.slots[0])).toEqual({ ok: false, error: "not_found" });
    expect(await pick(t0, "not-a-uuid")).toEqual({ ok: false, error: "not_found" });
  });
});

describe("stop means stop for the plan's one message (dispatcher re-check)", () => {
  it("does not hand the transport a plan message claimed before the plan was cancelled, nor one of a plan with no open slot", async () => {
    const cancelled = await threeSlotPlan({ volunteers: 2 });
    const rec = new RecordingTransport();
    const summary = await dispatchDueMessages(t.db, {
      transports: { email: rec, sms: rec },
      beforeRecheck: async () => {
        const [plan] = await t.db.select({ status: s.shiftPlans.status }).from(s.shiftPlans).where(eq(s.shiftPlans.id, cancelled.planId));
        if (plan.status === "open") expect(await cancelShiftPlan(t.db, actor, cancelled.planId, { confirm: "yes" })).toMatchObject({ ok: true });
      },
    });
    expect(rec.handed.filter((m) => m.kind === "shift-invitation")).toHaveLength(0);
    const rows = await t.db.select().from(s.messages).where(eq(s.messages.shiftPlanId, cancelled.planId));
    expect(rows.map((m) => [m.status, m.lastError])).toEqual(rows.map(() => ["cancelled", "not sent: shift plan cancelled"]));
    expect(summary.sent).toBe(0);

    // every slot filled between claim and send: not sent either; a plan with an open slot is sent
    const full = await threeSlotPlan({ volunteers: 2, needed: [1, 1, 1] });
    const asking = await threeSlotPlan({ volunteers: 1 });
    const rec2 = new RecordingTransport();
    await dispatchDueMessages(t.db, {
      transports: { email: rec2, sms: rec2 },
      beforeRecheck: async () => {
        await t.db.update(s.requests).set({ status: "filled" }).where(eq(s.requests.shiftPlanId, full.planId));
      },
    });
    const handed = rec2.handed.filter((m) => m.kind === "shift-invitation");
    const askingRows = await t.db.select().from(s.messages).where(eq(s.messages.shiftPlanId, asking.planId));
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.every((m) => m.shiftPlanId === asking.planId)).toBe(true);
    expect(askingRows.every((m) => m.status === "sent")).toBe(true);
    const fullRows = await t.db.select().from(s.messages).where(eq(s.messages.shiftPlanId, full.planId));
    expect(fullRows.every((m) => m.status === "cancelled" && m.lastError === "not sent: no open slot")).toBe(true);
  });
});

describe("cancelling a whole plan", () => {
  it("cancels every slot, tells the accepted helpers and stops the queued plan messages", async () => {
    const { planId, slots, links, vols } = await threeSlotPlan({ volunteers: 2 });
    await pick(links.get(vols[0].id)!, slots[0]);
    await pick(links.get(vols[0].id)!, slots[1]);
    expect(await cancelShiftPlan(t.db, actor, planId, { confirm: "no" })).toMatchObject({ ok: false, error: "invalid" });
    const r = await cancelShiftPlan(t.db, actor, planId, { confirm: "yes", reason: "Wasserschaden" });
    expect(r).toEqual({ ok: true, cancelledSlots: 3, notified: 2 });
    expect((await t.db.select({ status: s.requests.status }).from(s.requests).where(eq(s.requests.shiftPlanId, planId))).map((x) => x.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    const cancellations = (await t.db.select().from(s.messages).where(eq(s.messages.kind, "request-cancelled"))).map(renderStoredTexts);
    expect(cancellations.map((m) => m.volunteerId)).toEqual([vols[0].id, vols[0].id]);
    expect(cancellations[0].body).toContain("Wasserschaden");
    const planMessages = await t.db.select({ status: s.messages.status }).from(s.messages).where(eq(s.messages.shiftPlanId, planId));
    expect(planMessages.map((m) => m.status)).toEqual(["cancelled", "cancelled"]);
    const view = (await getShiftPageView(t.db, hashToken(links.get(vols[1].id)!)))!;
    expect(view.plan).toMatchObject({ status: "cancelled", cancelReason: "Wasserschaden" });
    expect(view.slots.every((x) => x.state === "cancelled" && !x.canAccept)).toBe(true);
    expect(await pick(links.get(vols[1].id)!, slots[2])).toMatchObject({ outcome: "request_cancelled" });
    expect(await cancelShiftPlan(t.db, actor, planId, { confirm: "yes" })).toEqual({ ok: false, error: "already_cancelled" });
  });

  it("refuses another organisation's plan (audited as denied)", async () => {
    const { planId } = await threeSlotPlan({ volunteers: 1 });
    const { org } = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", org.id);
    expect(await cancelShiftPlan(t.db, stranger, planId, { confirm: "yes" })).toEqual({ ok: false, error: "not_found" });
    expect((await t.db.select({ status: s.shiftPlans.status }).from(s.shiftPlans))[0].status).toBe("open");
    const [denied] = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "shift_plan.cancel"), eq(s.auditEvents.outcome, "denied")));
    expect(denied.details).toMatchObject({ reason: "foreign_object" });
  });
});

describe(`parallel taps (${onPostgres() ? "PostgreSQL" : "PGlite"})`, () => {
  it("never gives a slot more helpers than needed when 20 helpers tap it at the same moment", async () => {
    const { planId, slots, links } = await threeSlotPlan({ volunteers: 20, needed: [3, 3, 2] });
    const results = await Promise.all([...links.values()].map((tok) => pick(tok, slots[2])));
    expect(results.filter((r) => r.ok && r.outcome === "accepted")).toHaveLength(2);
    expect(results.filter((r) => r.ok && r.outcome === "full")).toHaveLength(18);
    const [row] = await t.db.select().from(s.requests).where(eq(s.requests.id, slots[2]));
    expect([row.acceptedCount, row.status]).toEqual([2, "filled"]);
    expect(await t.db.select({ n: count() }).from(s.invitations).where(and(eq(s.invitations.requestId, slots[2]), eq(s.invitations.status, "accepted")))).toEqual([{ n: 2 }]);
    expect(planId).toBeTruthy();
  });

  it.runIf(onPostgres())("never lets one helper win two overlapping slots, however their taps interleave (PostgreSQL)", async () => {
    for (let round = 0; round < 5; round++) {
      const v = await volunteer(t.db, { activities: [clothing] });
      const r = await createShiftPlan(t.db, actor, planInput([slot("09:00", "12:00", clothing), slot("10:00", "13:00", clothing), slot("11:00", "12:30", clothing)]));
      if (!r.ok) throw new Error("not created");
      const ids = await slotIds(r.planId);
      const token = (await linksOf(r.planId)).get(v.id)!;
      const results = await Promise.all([...ids, ...ids, ...ids].map((id) => pick(token, id)));
      expect(results.filter((x) => x.ok && x.outcome === "accepted")).toHaveLength(1);
      const accepted = await t.db.select().from(s.invitations).where(and(eq(s.invitations.volunteerId, v.id), eq(s.invitations.status, "accepted")));
      expect(accepted).toHaveLength(1);
    }
  });
});
