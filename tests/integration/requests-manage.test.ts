import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { askMoreVolunteers, cancelRequest, changeHelpersNeeded, closeRequest, messageAcceptedHelpers } from "@/lib/requests/manage";
import { getOpenRequestSummaries, getRequestBoard, listRequests } from "@/lib/requests/queries";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { coordinator, coordinatorAndActivity, secondOrganization, sentRequest, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const accept = (token: string) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "accept", via: "web" });
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const messagesOf = async (requestId: string, kind: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)));

describe("coordinator actions on a request", () => {
  it("cancels: accepted helpers are told, queued invitations are cancelled, nobody can accept any more", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    await accept(tokens[0]);
    const r = await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: "Der Termin wurde verschoben." });
    // the accepted helper and (notify_pending_when_filled, on by default) the two who had not answered
    expect(r).toEqual({ ok: true, notified: 3 });
    expect(await requestRow(requestId)).toMatchObject({ status: "cancelled" });
    const notices = await messagesOf(requestId, "request-cancelled");
    expect(notices).toHaveLength(3);
    expect(notices.every((n) => n.body!.includes("Der Termin wurde verschoben."))).toBe(true);
    expect((await messagesOf(requestId, "invitation")).every((m) => m.status === "cancelled")).toBe(true);
    expect(await accept(tokens[1])).toMatchObject({ outcome: "request_cancelled" });
    expect(await cancelRequest(t.db, actor, requestId)).toEqual({ ok: false, error: "already_cancelled" });
  });

  it("tells SMS-only helpers about a cancellation by SMS", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, {
      volunteers: 1,
      helpersNeeded: 1,
      volunteerSpec: { email: null, emailConfirmedAt: null, phone: "+4915200000077", contactPreference: "sms", phoneConfirmedAt: new Date() },
    });
    await accept(tokens[0]);
    await cancelRequest(t.db, actor, requestId);
    const [sms] = await messagesOf(requestId, "request-cancelled");
    expect(sms).toMatchObject({ channel: "sms", recipient: "+4915200000077" });
    expect(sms.body).toContain("ABGESAGT");
  });

  it("refuses fewer helpers than already accepted, with the accepted count", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    await accept(tokens[0]);
    await accept(tokens[1]);
    expect(await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: "1" })).toEqual({ ok: false, error: "below_accepted", acceptedCount: 2 });
    expect(await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: "0" })).toMatchObject({ ok: false, error: "invalid" });
    expect((await requestRow(requestId)).helpersNeeded).toBe(3);
  });

  it("fills the request when lowered to the accepted count, and stops asking", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    await accept(tokens[0]);
    expect(await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: 1 })).toMatchObject({ ok: true, status: "filled" });
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", helpersNeeded: 1 });
    expect(await accept(tokens[1])).toMatchObject({ outcome: "full" });
  });

  it("resumes the search when more helpers are needed: a filled request reopens and further volunteers are asked", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
    await accept(tokens[0]);
    expect((await requestRow(requestId)).status).toBe("filled");
    const newcomer = await volunteer(t.db, { activities: [driving] });
    const r = await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: 3 });
    expect(r).toMatchObject({ ok: true, status: "open", invited: 1 });
    expect(await requestRow(requestId)).toMatchObject({ status: "open", helpersNeeded: 3, acceptedCount: 1 });
    const [inv] = await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.volunteerId, newcomer.id)));
    expect(inv.status).toBe("pending");
    expect(await accept(tokens[1])).toMatchObject({ outcome: "accepted" });
  });

  it("closes early: nobody else is asked, the accepted stay", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    await accept(tokens[0]);
    expect(await closeRequest(t.db, actor, requestId)).toEqual({ ok: true });
    expect(await requestRow(requestId)).toMatchObject({ status: "closed", acceptedCount: 1 });
    expect(await accept(tokens[1])).toMatchObject({ outcome: "request_closed" });
    expect(await askMoreVolunteers(t.db, actor, requestId)).toEqual({ ok: false, error: "not_open" });
    // an accepted helper can still say they cannot come; the search stays closed
    expect(await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "withdraw", via: "web" })).toMatchObject({ outcome: "withdrawn" });
    expect(await requestRow(requestId)).toMatchObject({ status: "closed", acceptedCount: 0 });
  });

  it("asks further matching volunteers, never the same one twice", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    expect(await askMoreVolunteers(t.db, actor, requestId)).toEqual({ ok: true, invited: 0 });
    await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving] });
    expect(await askMoreVolunteers(t.db, actor, requestId, { limit: "1" })).toEqual({ ok: true, invited: 1 });
    expect(await askMoreVolunteers(t.db, actor, requestId)).toEqual({ ok: true, invited: 1 });
    expect(await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId))).toHaveLength(4);
  });

  it("messages the accepted helpers only", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    expect(await messageAcceptedHelpers(t.db, actor, requestId, { text: "Hallo" })).toEqual({ ok: false, error: "no_helpers" });
    await accept(tokens[0]);
    await accept(tokens[1]);
    expect(await messageAcceptedHelpers(t.db, actor, requestId, { text: "  " })).toMatchObject({ ok: false, error: "invalid", fieldErrors: { text: "required" } });
    expect(await messageAcceptedHelpers(t.db, actor, requestId, { text: "Bitte Warnweste mitbringen." })).toEqual({ ok: true, sent: 2 });
    const notes = await messagesOf(requestId, "helper-note");
    expect(notes).toHaveLength(2);
    expect(notes.every((n) => n.body!.includes("Bitte Warnweste mitbringen."))).toBe(true);
  });

  it("never lets a coordinator of another organisation see or change a request", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const { org } = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", org.id);
    expect(await cancelRequest(t.db, stranger, requestId)).toEqual({ ok: false, error: "not_found" });
    expect(await changeHelpersNeeded(t.db, stranger, requestId, { helpersNeeded: 5 })).toEqual({ ok: false, error: "not_found" });
    expect(await closeRequest(t.db, stranger, requestId)).toEqual({ ok: false, error: "not_found" });
    expect(await askMoreVolunteers(t.db, stranger, requestId)).toEqual({ ok: false, error: "not_found" });
    expect(await messageAcceptedHelpers(t.db, stranger, requestId, { text: "x" })).toEqual({ ok: false, error: "not_found" });
    expect(await getRequestBoard(t.db, stranger, requestId)).toBeNull();
    expect(await listRequests(t.db, stranger, "open")).toEqual([]);
    expect(await cancelRequest(t.db, actor, "not-a-uuid")).toEqual({ ok: false, error: "not_found" });
    expect(await cancelRequest(t.db, actor, "-".repeat(36))).toEqual({ ok: false, error: "not_found" });
    expect(await getRequestBoard(t.db, actor, "g".repeat(8) + "-0000-0000-0000-" + "0".repeat(12))).toBeNull();
    expect((await requestRow(requestId)).status).toBe("open");
  });
});

describe("coordinator views", () => {
  it("shows a status board with counts and names", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 4, helpersNeeded: 3 });
    await accept(tokens[0]);
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[1]), answer: "decline", via: "web" });
    const [someMessage] = await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, "invitation")));
    await t.db.update(s.messages).set({ status: "failed" }).where(eq(s.messages.id, someMessage.id));
    const board = (await getRequestBoard(t.db, actor, requestId))!;
    expect(board.counts).toMatchObject({ asked: 4, accepted: 1, declined: 1, noAnswer: 2, notNeeded: 0, messageFailures: 1 });
    expect(board.people).toHaveLength(4);
    expect(board.people.every((p) => /^Vorname\d+ Nachname\d+$/.test(p.name ?? ""))).toBe(true);
    expect(board.request).toMatchObject({ helpersNeeded: 3, acceptedCount: 1, status: "open" });
  });

  it("lists requests by open, filled, past and cancelled, and summarises open ones for the dashboard", async () => {
    const a = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const b = await sentRequest(t.db, actor, driving, { volunteers: 0, helpersNeeded: 4 });
    const c = await sentRequest(t.db, actor, driving, { volunteers: 0, helpersNeeded: 1 });
    await accept(a.tokens[0]);
    await cancelRequest(t.db, actor, c.requestId);
    expect((await listRequests(t.db, actor, "open")).map((r) => r.id)).toEqual([b.requestId]);
    expect((await listRequests(t.db, actor, "filled")).map((r) => r.id)).toEqual([a.requestId]);
    expect((await listRequests(t.db, actor, "cancelled")).map((r) => r.id)).toEqual([c.requestId]);
    const farFuture = new Date(Date.now() + 60 * 86400e3);
    expect((await listRequests(t.db, actor, "past", farFuture)).map((r) => r.id).sort()).toEqual([a.requestId, b.requestId].sort());
    const summaries = await getOpenRequestSummaries(t.db, actor);
    expect(summaries).toEqual([expect.objectContaining({ id: b.requestId, helpersNeeded: 4, acceptedCount: 0, stillNeeded: 4, percentFull: 0 })]);
  });
});
