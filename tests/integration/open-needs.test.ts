import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { createAndSendRequest } from "@/lib/requests/create";
import { criteriaOf } from "@/lib/requests/invite";
import { matchVolunteers } from "@/lib/requests/matching";
import { acceptOpenNeed, listOpenNeeds, withdrawCommitment } from "@/lib/requests/open-needs";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { parseIcs } from "../helpers/ics";
import { activityByKey, coordinator, nextBerlin, requestInput, secondOrganization, sentRequest, volunteer } from "../helpers/requests";

const t = setupTestDatabase({ poolSize: 40 });
let actor: Actor;
let driving: string;
let german: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
  german = (await activityByKey(t.db, "german")).id;
});

async function request(over: Record<string, unknown> = {}, activityId = driving) {
  const r = await createAndSendRequest(t.db, actor, requestInput(activityId, over));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.requestId;
}
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const invitationsOf = (requestId: string) => t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));

describe("open needs agree with matching.ts", () => {
  it("lists for every volunteer exactly the open requests whose match includes them (activity, languages, times, licence, car, reachability, pause)", async () => {
    // requests first: nobody is invited yet, so the comparison is about the rule alone
    const reqs = [
      await request({ startsAt: nextBerlin(2, 9), endsAt: nextBerlin(2, 11) }),
      await request({ startsAt: nextBerlin(4, 18), endsAt: nextBerlin(4, 20), languageMode: "any", languages: ["ar", "fa"] }),
      await request({ startsAt: nextBerlin(3, 14), endsAt: nextBerlin(3, 16), requireDrivingLicence: "on" }),
      await request({ startsAt: nextBerlin(5, 10), endsAt: nextBerlin(5, 12), requireCar: "on", channels: "sms" }),
      await request({ startsAt: nextBerlin(1, 9), endsAt: nextBerlin(1, 11), languageMode: "all", languages: ["de", "uk"] }, german),
    ];
    const vols = [
      await volunteer(t.db, { activities: [driving] }),
      await volunteer(t.db, { activities: [driving], languages: ["ar"], slots: [{ weekday: 4, partOfDay: "evening" }] }),
      await volunteer(t.db, { activities: [driving], hasDrivingLicence: true, slots: [{ weekday: 3, partOfDay: "afternoon" }] }),
      await volunteer(t.db, { activities: [driving], hasDrivingLicence: true, hasCar: true, phone: "+491701234567", phoneConfirmedAt: new Date(), contactPreference: "both" }),
      await volunteer(t.db, { activities: [driving], hasCar: true }),
      await volunteer(t.db, { activities: [german], languages: ["de", "uk"] }),
      await volunteer(t.db, { activities: [german], languages: ["de"] }),
      await volunteer(t.db, { activities: [driving], status: "paused", pausedUntil: new Date(Date.now() + 60 * 86_400_000) }),
      await volunteer(t.db, { activities: [driving, german], languages: ["de", "uk", "fa"], emailConfirmedAt: null }),
      await volunteer(t.db, { activities: [driving, german], languages: ["de", "uk", "fa"], hasDrivingLicence: true }),
    ];
    const matchedBy = new Map<string, Set<string>>();
    for (const id of reqs) {
      const r = await requestRow(id);
      matchedBy.set(id, new Set((await matchVolunteers(t.db, actor.organizationId, { ...criteriaOf(r, "Europe/Berlin"), requestId: null })).map((m) => m.id)));
    }
    let pairs = 0;
    for (const v of vols) {
      const shown = (await listOpenNeeds(t.db, v.id)).map((n) => n.requestId).sort();
      const expected = reqs.filter((id) => matchedBy.get(id)!.has(v.id)).sort();
      expect(shown, `volunteer ${v.firstName}`).toEqual(expected);
      pairs += expected.length;
    }
    // the data exercises both sides of the rule: some pairs match, most do not
    expect(pairs).toBeGreaterThan(4);
    expect(pairs).toBeLessThan(reqs.length * vols.length);
  });

  it("leaves out what the volunteer already accepted, full, cancelled and started requests, and other organisations' requests", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    const mine = await request({ helpersNeeded: 2 });
    const full = await request({ helpersNeeded: 1 });
    const cancelled = await request();
    const open = await request();
    expect((await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: mine })).ok).toBe(true);
    const other = await volunteer(t.db, { activities: [driving] });
    await acceptOpenNeed(t.db, { volunteerId: other.id, requestId: full });
    await t.db.update(s.requests).set({ status: "cancelled" }).where(eq(s.requests.id, cancelled));
    const { activity } = await secondOrganization(t.db);
    const foreign = await coordinator(t.db, "andere@example.org", activity.organizationId);
    const foreignRequest = await createAndSendRequest(t.db, foreign, requestInput(activity.id));
    expect(foreignRequest.ok).toBe(true);
    expect((await listOpenNeeds(t.db, me.id)).map((n) => n.requestId)).toEqual([open]);
    // and after the start nothing is open any more
    expect(await listOpenNeeds(t.db, me.id, new Date(Date.now() + 30 * 86_400_000))).toEqual([]);
  });

  it("leaves out a date of a series that is not asked yet (its regular helpers come first) and refuses a pull of it", async () => {
    // (created before the volunteer registered, so nobody was asked: as a series date created ahead)
    const ahead = await request();
    await t.db.update(s.requests).set({ askAt: new Date(Date.now() + 86_400_000) }).where(eq(s.requests.id, ahead));
    const me = await volunteer(t.db, { activities: [driving] });
    expect((await listOpenNeeds(t.db, me.id)).map((n) => n.requestId)).not.toContain(ahead);
    const before = (await invitationsOf(ahead)).length;
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: ahead })).toEqual({ ok: true, outcome: "request_closed", requestId: ahead });
    expect(await invitationsOf(ahead)).toHaveLength(before);
    // once asked (ask_at cleared by the series job) it is offered like any other
    await t.db.update(s.requests).set({ askAt: null }).where(eq(s.requests.id, ahead));
    expect((await listOpenNeeds(t.db, me.id)).map((n) => n.requestId)).toContain(ahead);
  });
});

describe("accepting an open need", () => {
  it("creates the invitation (answered via the profile), takes the seat and confirms with the usual calendar entry", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    const id = await request({ helpersNeeded: 2 });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: id })).toEqual({ ok: true, outcome: "accepted", requestId: id });
    const [inv] = await invitationsOf(id);
    expect(inv).toMatchObject({ volunteerId: me.id, status: "accepted", respondedVia: "profile" });
    expect(await requestRow(id)).toMatchObject({ acceptedCount: 1, status: "open" });
    const [confirmation] = (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, id), eq(s.messages.kind, "confirmation")))).map(renderStoredTexts);
    expect(parseIcs(confirmation.attachments![0].content).uid).toBe(`${inv.id}@helferruf`);
    // the confirmation links to the helper's own response page, which knows the invitation
    const token = confirmation.body!.match(/\/r\/([A-Za-z0-9_-]{22})/)![1];
    expect(hashToken(token)).toBe(inv.tokenHash);
    // again: nothing changes, the answer is the truth
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: id })).toMatchObject({ outcome: "already_accepted" });
    expect(await invitationsOf(id)).toHaveLength(1);
  });

  it("accepts through the invitation a volunteer already got by message", async () => {
    const { requestId, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
    expect(await acceptOpenNeed(t.db, { volunteerId: volunteers[0].id, requestId })).toMatchObject({ outcome: "accepted" });
    const invs = await invitationsOf(requestId);
    expect(invs).toHaveLength(2);
    expect(invs.find((i) => i.volunteerId === volunteers[0].id)).toMatchObject({ status: "accepted", respondedVia: "profile" });
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", acceptedCount: 1 });
  });

  it("tells the truth when the request is full, closed, cancelled, started, not for them or not theirs, and creates nothing then", async () => {
    const someone = await volunteer(t.db, { activities: [driving] });
    const full = await request({ helpersNeeded: 1 });
    await acceptOpenNeed(t.db, { volunteerId: someone.id, requestId: full });
    const closed = await request();
    await t.db.update(s.requests).set({ status: "closed" }).where(eq(s.requests.id, closed));
    const cancelled = await request();
    await t.db.update(s.requests).set({ status: "cancelled" }).where(eq(s.requests.id, cancelled));
    const german1 = await request({}, german);
    const later = await request();
    // registered after the requests were sent: never asked, so any invitation would be the pull's
    const me = await volunteer(t.db, { activities: [driving] });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: full })).toMatchObject({ outcome: "full" });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: closed })).toMatchObject({ outcome: "request_closed" });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: cancelled })).toMatchObject({ outcome: "request_cancelled" });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: german1 })).toMatchObject({ outcome: "not_matching" });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: later, now: new Date((await requestRow(later)).startsAt.getTime() + 3600_000) })).toMatchObject({ outcome: "request_past" });
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: "not-a-uuid" })).toEqual({ ok: false, error: "not_found" });
    const { activity } = await secondOrganization(t.db);
    const foreign = await createAndSendRequest(t.db, await coordinator(t.db, "andere@example.org", activity.organizationId), requestInput(activity.id));
    if (!foreign.ok) throw new Error("foreign request");
    expect(await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: foreign.requestId })).toEqual({ ok: false, error: "not_found" });
    expect(await t.db.select().from(s.invitations).where(eq(s.invitations.volunteerId, me.id))).toEqual([]);
  });
});

describe("withdrawing from my commitments", () => {
  it("withdraws the volunteer's own commitment through the response path (seat freed, coordinators' withdraw event) and refuses anyone else's", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    const other = await volunteer(t.db, { activities: [driving] });
    const id = await request({ helpersNeeded: 1 });
    await acceptOpenNeed(t.db, { volunteerId: me.id, requestId: id });
    const [inv] = await invitationsOf(id);
    expect(await withdrawCommitment(t.db, { volunteerId: other.id, invitationId: inv.id })).toEqual({ ok: false, error: "not_found" });
    expect((await requestRow(id)).status).toBe("filled");
    expect(await withdrawCommitment(t.db, { volunteerId: me.id, invitationId: inv.id })).toMatchObject({ ok: true, outcome: "withdrawn", changed: true });
    expect(await requestRow(id)).toMatchObject({ acceptedCount: 0, status: "open" });
    expect((await invitationsOf(id))[0]).toMatchObject({ status: "withdrawn", respondedVia: "profile" });
    const audit = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.objectId, inv.id), eq(s.auditEvents.action, "invitation.withdraw")));
    expect(audit).toHaveLength(1);
    // a repeated withdraw changes nothing
    expect(await withdrawCommitment(t.db, { volunteerId: me.id, invitationId: inv.id })).toMatchObject({ outcome: "not_accepted", changed: false });
  });
});

describe("exactly N with pulls and link taps at the same moment", () => {
  it.skipIf(!onPostgres())("never accepts more than needed when 10 volunteers pull and 10 tap their links in parallel", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 10, helpersNeeded: 3 });
    const pullers = [];
    for (let i = 0; i < 10; i++) pullers.push(await volunteer(t.db, { activities: [driving] }));
    const results = await Promise.all([
      ...pullers.map((v) => acceptOpenNeed(t.db, { volunteerId: v.id, requestId }).then((r) => (r.ok ? r.outcome : r.error))),
      ...tokens.map((token) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "accept", via: "web", token }).then((r) => (r.ok ? r.outcome : r.error))),
    ]);
    expect(results.filter((o) => o === "accepted")).toHaveLength(3);
    expect(results.every((o) => o === "accepted" || o === "full")).toBe(true);
    const r = await requestRow(requestId);
    expect(r).toMatchObject({ acceptedCount: 3, status: "filled" });
    expect((await invitationsOf(requestId)).filter((i) => i.status === "accepted")).toHaveLength(3);
  });

  it.skipIf(!onPostgres())("one volunteer pulling five times at once gets one invitation and one seat", async () => {
    const me = await volunteer(t.db, { activities: [driving] });
    const id = await request({ helpersNeeded: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, () => acceptOpenNeed(t.db, { volunteerId: me.id, requestId: id })));
    expect(results.filter((r) => r.ok && r.outcome === "accepted")).toHaveLength(1);
    expect(results.every((r) => r.ok && (r.outcome === "accepted" || r.outcome === "already_accepted"))).toBe(true);
    expect(await invitationsOf(id)).toHaveLength(1);
    expect((await requestRow(id)).acceptedCount).toBe(1);
  });
});
