import { and, eq, isNotNull, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { respondToInvitation, type Answer } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, sentRequest } from "../helpers/requests";

/**
 * Issue 19: the accept path does its common answers without the request row lock ("full",
 * "cancelled", "closed") or in one statement (an accept that does not fill the last seat). These
 * tests put another answer or an edit exactly between the lock-free read and what follows it
 * (`afterRead`), and race a "full" against a withdrawal that reopens the seat on PostgreSQL.
 */
const t = setupTestDatabase({ poolSize: 10 });
let actor: Actor;
let driving: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const answer = (token: string, a: Answer, afterRead?: () => Promise<void>) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: a, via: "web", token, afterRead });
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const invitationOf = async (token: string) => (await t.db.select().from(s.invitations).where(eq(s.invitations.tokenHash, hashToken(token))))[0];
const messagesOf = async (requestId: string, kind: string) =>
  (await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)))).map(renderStoredTexts);

describe("answers between the lock-free read and the write", () => {
  it("takes the freed seat when a withdrawal reopens the request after the 'yes' read 'filled'", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    await answer(tokens[0], "accept");
    expect((await invitationOf(tokens[1])).status).toBe("not_needed");
    // the read says "filled"; before the late "yes" is written, the accepted helper withdraws
    const late = await answer(tokens[1], "accept", async () => {
      expect(await answer(tokens[0], "withdraw")).toMatchObject({ outcome: "withdrawn" });
    });
    expect(late).toMatchObject({ ok: true, outcome: "accepted", changed: true });
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", acceptedCount: 1 });
    expect((await invitationOf(tokens[1])).status).toBe("accepted");
    const bId = (await invitationOf(tokens[1])).id;
    expect((await messagesOf(requestId, "confirmation")).filter((m) => m.invitationId === bId)).toHaveLength(1);
  });

  it("tells a late 'yes' recorded just before a withdrawal that they are needed again", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    await answer(tokens[0], "accept");
    expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "full", changed: true });
    expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "full", changed: false });
    await answer(tokens[0], "withdraw");
    expect(await requestRow(requestId)).toMatchObject({ status: "open", acceptedCount: 0 });
    const again = await messagesOf(requestId, "needed-again");
    expect(again.map((m) => m.invitationId)).toEqual([(await invitationOf(tokens[1])).id]);
    // and their next tap takes the seat
    expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "accepted" });
  });

  it("counts a double tap once when the first tap lands between the second's read and its seat", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    const second = await answer(tokens[0], "accept", async () => {
      expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "accepted" });
    });
    expect(second).toMatchObject({ outcome: "already_accepted", changed: false });
    expect(await requestRow(requestId)).toMatchObject({ status: "open", acceptedCount: 1 });
    expect(await messagesOf(requestId, "confirmation")).toHaveLength(1);
  });

  it("confirms with the request as edited when the coordinator changed it after the read", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    const result = await answer(tokens[0], "accept", async () => {
      await t.db.update(s.requests).set({ title: "Fahrt zur Klinik (neu)", revision: sql`${s.requests.revision} + 1` }).where(eq(s.requests.id, requestId));
    });
    expect(result).toMatchObject({ outcome: "accepted" });
    const [confirmation] = await messagesOf(requestId, "confirmation");
    expect(confirmation.subject).toContain("Fahrt zur Klinik (neu)");
    expect(await requestRow(requestId)).toMatchObject({ acceptedCount: 1 });
  });

  it("fills the last seat on the locked path even when the read still showed two free seats", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 4, helpersNeeded: 2 });
    const last = await answer(tokens[1], "accept", async () => {
      expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "accepted" });
    });
    expect(last).toMatchObject({ outcome: "accepted" });
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", acceptedCount: 2 });
    // the fill stopped the search in the same transaction: the unanswered are not needed
    expect((await invitationOf(tokens[2])).status).toBe("not_needed");
    expect(await messagesOf(requestId, "request-filled")).toHaveLength(2);
  });
});

describe("answers that need no request row lock", () => {
  it.runIf(onPostgres())("answers 'full', 'closed' and 'cancelled' while another transaction holds the request row (PostgreSQL)", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 4, helpersNeeded: 1 });
    await answer(tokens[0], "accept");
    // a coordinator's change holding the row lock: a "yes" that needed it would wait for the release (and the test time out)
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from requests where id = ${requestId} for update`);
      locked();
      await held;
    });
    await isLocked;
    try {
      expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "full", changed: true });
      expect(await answer(tokens[1], "accept")).toMatchObject({ outcome: "full", changed: false });
      expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "already_accepted" });
      expect(await answer(tokens[2], "withdraw")).toMatchObject({ outcome: "not_accepted" });
    } finally {
      release();
      await holder;
    }
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", acceptedCount: 1 });
  });

  it("answers a cancelled or closed request from the read and changes nothing", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await t.db.update(s.requests).set({ status: "closed" }).where(eq(s.requests.id, requestId));
    expect(await answer(tokens[0], "accept")).toMatchObject({ outcome: "request_closed", changed: false });
    await t.db.update(s.requests).set({ status: "cancelled" }).where(eq(s.requests.id, requestId));
    expect(await answer(tokens[0], "decline")).toMatchObject({ outcome: "request_cancelled", changed: false });
    expect((await invitationOf(tokens[0])).status).toBe("pending");
  });
});

describe("the accept's one statement (a named prepared statement, issue 19)", () => {
  it("writes the confirmations column by column as the outbox does, and the audit entry with the seat", async () => {
    const byMail = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 3 });
    const smsOnly = { phone: "+4915200007101", phoneConfirmedAt: new Date(), contactPreference: "sms" as const, email: null, emailConfirmedAt: null };
    const bySms = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 3, volunteerSpec: smsOnly });
    const cases = [
      { requestId: byMail.requestId, token: byMail.tokens[0], channel: "email" },
      { requestId: bySms.requestId, token: bySms.byVolunteer.get(bySms.volunteers[0].id)!, channel: "sms" },
    ];
    for (const { requestId, token, channel } of cases) {
      expect(await answer(token, "accept")).toMatchObject({ outcome: "accepted", changed: true });
      const inv = await invitationOf(token);
      const rows = await t.db.execute(sql`select channel, jsonb_typeof(attachments) as attachments_type, segments is not null as counted,
          status, attempts, volunteer_id, request_id, invitation_id, organization_id, locale, next_attempt_at <= now() as due
        from messages where invitation_id = ${inv.id} and kind = 'confirmation'`);
      expect(rows.rows).toEqual([
        { channel, attachments_type: channel === "email" ? "array" : null, counted: channel === "sms", status: "queued", attempts: 0, volunteer_id: inv.volunteerId, request_id: requestId, invitation_id: inv.id, organization_id: actor.organizationId, locale: "de", due: true },
      ]);
      const [m] = (await messagesOf(requestId, "confirmation")).filter((x) => x.invitationId === inv.id);
      expect(m.body).toContain(`/r/${token}`);
      if (channel === "email") {
        expect(m.html).toContain(`/r/${token}`);
        expect(m.attachments?.[0]).toMatchObject({ filename: "helferruf.ics" });
      } else expect(m.segments).toBe(analyzeSms(m.body!).segments);
      const [audit] = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.objectId, inv.id), eq(s.auditEvents.action, "invitation.accept")));
      expect(audit).toMatchObject({ actorType: "volunteer", objectType: "invitation", outcome: "ok", details: { via: "web", requestId, acceptedCount: 1 } });
      expect(await requestRow(requestId)).toMatchObject({ acceptedCount: 1, status: "open" });
    }
  });
});

describe("a 'full' racing a withdrawal that reopens the seat (PostgreSQL)", () => {
  it.runIf(onPostgres())("never leaves a late 'yes' refused while a seat is free (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
      await answer(tokens[0], "accept");
      const [late, withdrawn] = await Promise.all([answer(tokens[1], "accept"), answer(tokens[0], "withdraw")]);
      expect(withdrawn).toMatchObject({ outcome: "withdrawn" });
      const r = await requestRow(requestId);
      const b = await invitationOf(tokens[1]);
      if (late.ok && late.outcome === "accepted") {
        // the withdrawal came first: the late "yes" took the freed seat
        expect(r).toMatchObject({ status: "filled", acceptedCount: 1 });
        expect(b.status).toBe("accepted");
      } else {
        // the "full" came first: recorded as a late "yes", and the reopening told them so
        expect(late).toMatchObject({ ok: true, outcome: "full" });
        expect(r).toMatchObject({ status: "open", acceptedCount: 0 });
        expect(b).toMatchObject({ status: "not_needed" });
        expect(b.respondedAt).not.toBeNull();
        expect((await messagesOf(requestId, "needed-again")).map((m) => m.invitationId)).toEqual([b.id]);
      }
    }
  }, 120_000);

  it.runIf(onPostgres())("keeps exactly N, and tells every refused late yes when seats free up, under racing taps and withdrawals", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 30, helpersNeeded: 5 });
    await Promise.all(tokens.slice(0, 5).map((tok) => answer(tok, "accept")));
    expect(await requestRow(requestId)).toMatchObject({ status: "filled", acceptedCount: 5 });
    const results = await Promise.all([...tokens.slice(0, 3).map((tok) => answer(tok, "withdraw")), ...tokens.slice(5).map((tok) => answer(tok, "accept"))]);
    expect(results.every((r) => r.ok)).toBe(true);
    const r = await requestRow(requestId);
    const accepted = (await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.status, "accepted")))).length;
    expect(accepted).toBe(r.acceptedCount);
    expect(r.acceptedCount).toBeLessThanOrEqual(5);
    // two stayed; every seat taken again was taken by one of the racing "yes"
    expect(results.filter((x) => x.ok && x.outcome === "accepted")).toHaveLength(r.acceptedCount - 2);
    // a "yes" answered "full" while a seat is free again was told "needed again"
    if (r.status === "open") {
      const late = await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.status, "not_needed"), isNotNull(s.invitations.respondedAt)));
      const told = new Set((await messagesOf(requestId, "needed-again")).map((m) => m.invitationId));
      expect(late.filter((i) => !told.has(i.id))).toEqual([]);
    }
  }, 60_000);
});
