import { renderStoredTexts } from "@/lib/messaging/secrets";
import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { changeHelpersNeeded } from "@/lib/requests/manage";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { reopenAskPerSeatOf, timedWorkFormValues } from "@/lib/organizations/settings-schema";
import { getInvitationView, respondToInvitation } from "@/lib/requests/respond";
import { runWaves } from "@/lib/requests/waves";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { coordinator, coordinatorAndActivity, sentRequest, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const answer = (token: string, a: "accept" | "decline" | "withdraw") => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: a, via: "web" });
const invitationsOf = (requestId: string) => t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const messagesOf = (requestId: string, kind: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)));
const spare = async (n: number) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await volunteer(t.db, { activities: [driving] }));
  return out;
};

describe("a seat that reopens asks the next volunteers", () => {
  it("a withdrawal asks the next 3 matching volunteers, and nobody twice", async () => {
    // 2 asked, limited by inviteLimit; 7 more match but were not asked
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1, over: { inviteLimit: 2 } });
    const later = await spare(7);
    await answer(tokens[0], "accept");
    expect((await requestRow(requestId)).status).toBe("filled");
    expect(await answer(tokens[0], "withdraw")).toMatchObject({ outcome: "withdrawn" });
    const after = await invitationsOf(requestId);
    expect(after).toHaveLength(2 + 3);
    const newly = after.filter((i) => later.some((v) => v.id === i.volunteerId));
    expect(newly.every((i) => i.status === "pending" && i.askedAt)).toBe(true);
    expect((await messagesOf(requestId, "invitation")).filter((m) => newly.some((i) => i.id === m.invitationId))).toHaveLength(3);

    // a second withdrawal (someone new accepted, then withdrew) asks 3 others again — never the same people
    const [first] = await t.db.select().from(s.messages).where(and(eq(s.messages.invitationId, newly[0].id), eq(s.messages.kind, "invitation")));
    const token = renderStoredTexts(first).body!.match(/\/r\/([A-Za-z0-9_-]{22})/)![1];
    await answer(token, "accept");
    await answer(token, "withdraw");
    const again = await invitationsOf(requestId);
    expect(again).toHaveLength(2 + 3 + 3);
    expect(new Set(again.map((i) => i.volunteerId)).size).toBe(again.length);
  });

  it("asks as many per seat as the organisation set", async () => {
    const [org] = await t.db.select().from(s.organizations);
    await t.db.update(s.organizations).set({ settings: { ...org.settings, reopenAskPerSeat: 1 } }).where(eq(s.organizations.id, org.id));
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1, over: { inviteLimit: 1 } });
    await spare(4);
    await answer(tokens[0], "accept");
    await answer(tokens[0], "withdraw");
    expect(await invitationsOf(requestId)).toHaveLength(2);
    // two more seats: one further volunteer each
    expect(await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: 3 })).toMatchObject({ ok: true, invited: 2 });
    expect(await invitationsOf(requestId)).toHaveLength(4);
  });

  it("is set by an admin under Einstellungen (1 to 50; a form without the field keeps it)", async () => {
    const admin = { ...(await coordinator(t.db, "admin@example.org")), role: "admin" as const };
    const base = { name: "Helferkreis", emailSenderName: "Helferkreis", smsSenderName: "Helfer", timeZone: "Europe/Berlin", privacyContact: "dsb@example.org", address: "", imprint: "Impressum" };
    const timed = { reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30" };
    const ctx = { ip: null };
    const settingsOf = async () => (await t.db.select().from(s.organizations))[0].settings;
    expect(timedWorkFormValues(await settingsOf()).reopenAskPerSeat).toBe("3");
    for (const bad of ["0", "51", "2.5", "drei"]) {
      expect(await updateOrganizationSettings(admin, { ...base, ...timed, reopenAskPerSeat: bad }, { ip: null })).toMatchObject({ ok: false, fieldErrors: { reopenAskPerSeat: expect.any(String) } });
    }
    expect(reopenAskPerSeatOf(await settingsOf())).toBe(3);
    expect(await updateOrganizationSettings(admin, { ...base, ...timed, reopenAskPerSeat: "5" }, ctx)).toEqual({ ok: true });
    expect((await settingsOf()).reopenAskPerSeat).toBe(5);
    expect(await updateOrganizationSettings(admin, { ...base, ...timed }, ctx)).toEqual({ ok: true });
    expect(reopenAskPerSeatOf(await settingsOf())).toBe(5);
  });

  it("those told 'already filled' see 'needed again' on their link and can accept; a late 'yes' hears it once", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    await answer(tokens[0], "accept");
    // tokens[1] was told "filled" (notify_pending_when_filled); tokens[2] taps "accept" too late
    expect((await messagesOf(requestId, "request-filled")).length).toBe(2);
    expect(await answer(tokens[2], "accept")).toMatchObject({ outcome: "full" });
    expect(await getInvitationView(t.db, hashToken(tokens[1]))).toMatchObject({ state: "filled", neededAgain: false });

    await answer(tokens[0], "withdraw");
    expect(await getInvitationView(t.db, hashToken(tokens[1]))).toMatchObject({ state: "open", status: "pending", neededAgain: true });
    expect(await getInvitationView(t.db, hashToken(tokens[2]))).toMatchObject({ state: "open", status: "not_needed", neededAgain: true });
    const told = await messagesOf(requestId, "needed-again");
    expect(told).toHaveLength(1);
    expect(renderStoredTexts(told[0]).body).toContain(`/r/${tokens[2]}`);
    expect(told[0].subject).toContain("Wieder gesucht");

    // the late one takes the seat; the next withdrawal does not tell them "needed again" a second time
    expect(await answer(tokens[2], "accept")).toMatchObject({ outcome: "accepted" });
    expect(await getInvitationView(t.db, hashToken(tokens[1]))).toMatchObject({ state: "filled", neededAgain: false });
    await answer(tokens[2], "withdraw");
    expect(await messagesOf(requestId, "needed-again")).toHaveLength(1);
  });

  it("a wave request: the withdrawal makes the next wave due at once", async () => {
    const now = new Date();
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1, over: { waves: "on", waveSize: 2, waveIntervalMinutes: 600 } });
    await spare(2);
    await answer(tokens[0], "accept");
    expect((await requestRow(requestId)).nextWaveAt).toBeNull();
    await answer(tokens[0], "withdraw");
    const r = await requestRow(requestId);
    expect(r.nextWaveAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await runWaves(t.db, new Date(Math.max(Date.now(), now.getTime())))).toMatchObject({ waves: 1, invited: 2 });
    expect(await invitationsOf(requestId)).toHaveLength(4);
  });

  it("a withdrawal from a closed search asks nobody", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 2, over: { inviteLimit: 1 } });
    await spare(3);
    await answer(tokens[0], "accept");
    const { closeRequest } = await import("@/lib/requests/manage");
    await closeRequest(t.db, actor, requestId);
    await answer(tokens[0], "withdraw");
    expect(await invitationsOf(requestId)).toHaveLength(1);
    expect(await t.db.select().from(s.invitations).where(inArray(s.invitations.status, ["pending"]))).toHaveLength(0);
  });
});

describe("the response page tells the truth", () => {
  it("never 'still needed 0 of N': filled, declined, needed again, cancelled, over", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    await answer(tokens[1], "decline");
    await answer(tokens[0], "accept");
    const filled = await getInvitationView(t.db, hashToken(tokens[2]));
    expect(filled).toMatchObject({ state: "filled", neededAgain: false, request: { stillNeeded: 0 } });
    expect(await getInvitationView(t.db, hashToken(tokens[1]))).toMatchObject({ status: "declined", state: "filled" });
    expect(await getInvitationView(t.db, hashToken(tokens[0]))).toMatchObject({ status: "accepted", state: "filled" });
    const start = (await requestRow(requestId)).startsAt;
    expect(await getInvitationView(t.db, hashToken(tokens[2]), start)).toMatchObject({ state: "past" });
  });
});
