import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import type { Actor } from "@/lib/auth/guard";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { getInvitationView, respondToInvitation, type Answer } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { parseIcs } from "../helpers/ics";
import { activityByKey, coordinator, sentRequest } from "../helpers/requests";

const t = setupTestDatabase({ poolSize: 30 });
let actor: Actor;
let driving: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const answer = (token: string, a: Answer, now?: Date) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: a, via: "web", token, now });
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const invitationOf = async (token: string) => (await t.db.select().from(s.invitations).where(eq(s.invitations.tokenHash, hashToken(token))))[0];
/** The messages as their recipients get them (link tokens rendered in, lib/messaging/secrets.ts). */
const messagesOf = async (requestId: string, kind: string) =>
  (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)))).map(renderStoredTexts);

describe("answering an invitation", () => {
  it("accepts while seats remain and sends a confirmation with a calendar file", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 2 });
    expect(await answer(tokens[0], "accept")).toMatchObject({ ok: true, outcome: "accepted", changed: true });
    expect(await requestRow(requestId)).toMatchObject({ acceptedCount: 1, status: "open" });
    expect((await invitationOf(tokens[0])).status).toBe("accepted");
    const [confirmation] = await messagesOf(requestId, "confirmation");
    expect(confirmation.channel).toBe("email");
    expect(confirmation.attachments?.[0]).toMatchObject({ filename: "helferruf.ics" });
    // a strict parser (ical.js) reads it: the helper's entry, confirmed, revision 0
    const ics = parseIcs(confirmation.attachments![0].content);
    expect(ics).toMatchObject({ method: "REQUEST", uid: `${(await invitationOf(tokens[0])).id}@helferruf`, sequence: 0, status: "CONFIRMED", summary: (await requestRow(requestId)).title });
    expect(ics.start).toEqual((await requestRow(requestId)).startsAt);
    expect(confirmation.attachments?.[0].contentType).toContain("method=REQUEST");
    expect(confirmation.body).toContain(`/r/${tokens[0]}`);
  });

  it("fills the request with the last seat: queued invitations are cancelled, the unanswered are not needed and told so", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 4, helpersNeeded: 2 });
    // a planned later message (e.g. a reminder) still waiting in the outbox
    await enqueueMessages(t.db, [{ organizationId: actor.organizationId, channel: "email", recipient: "x@example.net", kind: "invitation", locale: "de", body: "later", requestId, notBefore: new Date(Date.now() + 3600e3) }]);
    await answer(tokens[2], "decline");
    await answer(tokens[0], "accept");
    expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "accepted" });

    const r = await requestRow(requestId);
    expect(r).toMatchObject({ status: "filled", acceptedCount: 2 });
    expect(r.filledAt).not.toBeNull();
    const invitations = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(invitations.map((i) => i.status).sort()).toEqual(["accepted", "accepted", "declined", "not_needed"]);
    const invitationMessages = await messagesOf(requestId, "invitation");
    expect(invitationMessages.every((m) => m.status === "cancelled")).toBe(true);
    // the confirmations of both helpers still go out
    expect((await messagesOf(requestId, "confirmation")).map((m) => m.status)).toEqual(["queued", "queued"]);
    const filled = await messagesOf(requestId, "request-filled");
    expect(filled).toHaveLength(1);
    expect(filled[0].volunteerId).toBe((await invitationOf(tokens[3])).volunteerId);

    // a late accept: "enough helpers already", recorded as not needed
    expect(await answer(tokens[3], "accept")).toMatchObject({ outcome: "full" });
    expect((await invitationOf(tokens[3])).status).toBe("not_needed");
    expect((await requestRow(requestId)).acceptedCount).toBe(2);
  });

  it("does not tell the unanswered when the request says not to", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1, over: { notifyPendingWhenFilled: "false" } });
    await answer(tokens[0], "accept");
    expect(await messagesOf(requestId, "request-filled")).toHaveLength(0);
    expect((await invitationOf(tokens[1])).status).toBe("not_needed");
  });

  it("records a decline and lets the helper change their mind", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await answer(tokens[0], "decline")).toMatchObject({ outcome: "declined", changed: true });
    expect(await answer(tokens[0], "decline")).toMatchObject({ outcome: "already_declined", changed: false });
    expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "accepted" });
    expect((await requestRow(requestId)).status).toBe("filled");
  });

  it("reopens a filled request when a helper withdraws, and the unanswered can answer again", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    await answer(tokens[0], "accept");
    expect((await invitationOf(tokens[1])).status).toBe("not_needed");
    expect(await answer(tokens[0], "withdraw")).toMatchObject({ outcome: "withdrawn", changed: true });
    const r = await requestRow(requestId);
    expect(r).toMatchObject({ status: "open", acceptedCount: 0, filledAt: null });
    expect((await invitationOf(tokens[0])).status).toBe("withdrawn");
    expect((await invitationOf(tokens[1])).status).toBe("pending");
    expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "accepted" });
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", acceptedCount: 1 });
  });

  it("treats a decline from an accepted helper as withdrawing, and a withdraw without acceptance as nothing", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await answer(tokens[0], "accept");
    expect(await answer(tokens[0], "decline")).toMatchObject({ outcome: "withdrawn" });
    expect(await answer(tokens[1], "withdraw")).toMatchObject({ outcome: "not_accepted", changed: false });
    expect((await requestRow(requestId)).acceptedCount).toBe(0);
  });

  it("changes nothing when the same answer is posted again", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await answer(tokens[0], "accept");
    const before = { r: await requestRow(requestId), msgs: (await t.db.select({ n: count() }).from(s.messages))[0].n };
    const replays = await Promise.all(Array.from({ length: 5 }, () => answer(tokens[0], "accept")));
    expect(replays.every((x) => x.ok && x.outcome === "already_accepted" && !x.changed)).toBe(true);
    expect((await requestRow(requestId)).acceptedCount).toBe(before.r.acceptedCount);
    expect((await t.db.select({ n: count() }).from(s.messages))[0].n).toBe(before.msgs);
  });

  it("refuses answers to cancelled, closed and started requests without changing them", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    const r = await requestRow(requestId);
    expect(await answer(tokens[0], "accept", new Date(r.startsAt.getTime() + 60e3))).toMatchObject({ outcome: "request_past", changed: false });
    await t.db.update(s.requests).set({ status: "closed" }).where(eq(s.requests.id, requestId));
    expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "request_closed" });
    await t.db.update(s.requests).set({ status: "cancelled" }).where(eq(s.requests.id, requestId));
    expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "request_cancelled" });
    expect((await invitationOf(tokens[0])).status).toBe("pending");
  });

  it("does not know unknown, tampered or expired tokens", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const tampered = tokens[0].slice(0, -1) + (tokens[0].endsWith("A") ? "B" : "A");
    expect(await answer(tampered, "accept")).toEqual({ ok: false, error: "not_found" });
    expect(await getInvitationView(t.db, hashToken(tampered))).toBeNull();
    expect(await respondToInvitation(t.db, { answer: "accept", via: "web" })).toEqual({ ok: false, error: "not_found" });
    expect(await respondToInvitation(t.db, { invitationId: "JA K7F", answer: "accept", via: "sms" })).toEqual({ ok: false, error: "not_found" });
    const r = await requestRow(requestId);
    const muchLater = new Date(r.endsAt.getTime() + 8 * 86400e3);
    expect(await getInvitationView(t.db, hashToken(tokens[0]), muchLater)).toBeNull();
    expect(await answer(tokens[0], "accept", muchLater)).toEqual({ ok: false, error: "not_found" });
    expect((await getInvitationView(t.db, hashToken(tokens[0])))?.state).toBe("open");
  });

  it("accepts by invitation id for SMS replies", async () => {
    const { tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const inv = await invitationOf(tokens[0]);
    expect(await respondToInvitation(t.db, { invitationId: inv.id, answer: "accept", via: "sms" })).toMatchObject({ outcome: "accepted" });
    expect((await invitationOf(tokens[0])).respondedVia).toBe("sms");
  });

  it(`never accepts more than 3 of 100 helpers tapping at the same moment (${onPostgres() ? "PostgreSQL" : "PGlite"})`, async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 100, helpersNeeded: 3 });
    expect(tokens).toHaveLength(100);
    const results = await Promise.all(tokens.map((tok) => answer(tok, "accept")));
    const outcomes = results.map((r) => (r.ok ? r.outcome : r.error));
    expect(outcomes.filter((o) => o === "accepted")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "full")).toHaveLength(97);
    const r = await requestRow(requestId);
    expect(r).toMatchObject({ acceptedCount: 3, status: "filled" });
    const [accepted] = await t.db.select({ n: count() }).from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.status, "accepted")));
    expect(accepted.n).toBe(3);
    expect((await messagesOf(requestId, "confirmation")).length).toBe(3);
  }, 120_000);

  it.runIf(onPostgres())("never lets one helper's double taps and others' accepts count twice (PostgreSQL)", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 10, helpersNeeded: 5 });
    const taps = tokens.flatMap((tok) => [answer(tok, "accept"), answer(tok, "accept"), answer(tok, "accept")]);
    const results = await Promise.all(taps);
    expect(results.filter((r) => r.ok && r.outcome === "accepted")).toHaveLength(5);
    expect((await requestRow(requestId)).acceptedCount).toBe(5);
    expect((await messagesOf(requestId, "confirmation")).length).toBe(5);
  }, 60_000);
});
