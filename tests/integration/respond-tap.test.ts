import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { respondToInvitation, respondToTap, type Answer } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, sentRequest } from "../helpers/requests";
import { counted } from "../helpers/statements";

/**
 * Issue 19: a tap on the response page hits the link's rate-limit counter in the same statement
 * as the answer's lock-free read (respondToTap). Same answers as respondToInvitation, one round
 * trip fewer, and over the limit nothing is changed.
 */
const t = setupTestDatabase();
let actor: Actor;
let driving: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const rule = { limit: 3, windowMs: 10 * 60_000 };
const key = (token: string) => `respond:${hashToken(token)}`;
const tap = (token: string, answer: Answer, now?: Date) => respondToTap(t.db, { tokenHash: hashToken(token), token, answer, via: "web", rateLimit: { key: key(token), rule }, now });
const invitationOf = async (token: string) => (await t.db.select().from(s.invitations).where(eq(s.invitations.tokenHash, hashToken(token))))[0];
const hits = async (token: string) => (await t.db.select().from(s.rateLimits).where(eq(s.rateLimits.key, key(token)))).reduce((n, r) => n + r.count, 0);

describe("respondToTap: the answer behind the link's rate limit, in one statement with the read", () => {
  it("answers as respondToInvitation and counts every tap, known or not", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 2 });
    expect(await tap(tokens[0], "accept")).toMatchObject({ ok: true, outcome: "accepted", changed: true });
    expect(await tap(tokens[0], "accept")).toMatchObject({ ok: true, outcome: "already_accepted", changed: false });
    expect(await tap(tokens[1], "decline")).toMatchObject({ ok: true, outcome: "declined" });
    expect(await hits(tokens[0])).toBe(2);
    expect(await hits(tokens[1])).toBe(1);
    const [req] = await t.db.select().from(s.requests).where(eq(s.requests.id, requestId));
    expect(req.acceptedCount).toBe(1);
    // an unknown link is counted too (as the separate counter call did), and changes nothing
    const unknown = "A".repeat(22);
    expect(await tap(unknown, "accept")).toEqual({ ok: false, error: "not_found" });
    expect(await hits(unknown)).toBe(1);
  });

  it("over the limit: refuses without reading on, and the invitation stays as it was", async () => {
    const { tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    for (let i = 0; i < rule.limit; i++) expect(await tap(tokens[0], "decline")).toMatchObject({ ok: true });
    expect((await invitationOf(tokens[0])).status).toBe("declined");
    expect(await tap(tokens[0], "accept")).toEqual({ ok: false, error: "rate_limited" });
    expect((await invitationOf(tokens[0])).status).toBe("declined");
    expect(await hits(tokens[0])).toBe(rule.limit + 1);
    // a new window counts from one again
    const later = new Date(Date.now() + rule.windowMs);
    expect(await tap(tokens[0], "accept", later)).toMatchObject({ ok: true, outcome: "accepted" });
    const windows = await t.db.select().from(s.rateLimits).where(and(eq(s.rateLimits.key, key(tokens[0]))));
    expect(windows.map((w) => w.count).sort()).toEqual([1, rule.limit + 1]);
  });

  it("sends one statement for an answer decided by the read, two for a late yes — one fewer than counter + respondToInvitation", async () => {
    const { tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), token: tokens[0], answer: "accept", via: "web" }); // filled
    // warm: the prepared statements exist
    await tap(tokens[2], "decline");
    const [lateYes, first] = await counted(t.db, () => tap(tokens[1], "accept")); // the late "yes" is recorded once
    expect(first).toMatchObject({ ok: true, outcome: "full", changed: true });
    expect(lateYes).toBe(2);
    // the late "yes" is on record: the invitation answered (still not needed), its audit entry, the helper's last activity
    const inv = await invitationOf(tokens[1]);
    expect(inv).toMatchObject({ status: "not_needed", respondedVia: "web" });
    expect(inv.respondedAt).not.toBeNull();
    const audit = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.objectId, inv.id), eq(s.auditEvents.action, "invitation.accept_full")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "volunteer", objectType: "invitation", details: { via: "web", requestId: inv.requestId } });
    const [vol] = await t.db.select({ lastActiveAt: s.volunteers.lastActiveAt }).from(s.volunteers).where(eq(s.volunteers.id, inv.volunteerId!));
    expect(vol.lastActiveAt?.getTime()).toBe(inv.respondedAt!.getTime());
    const [again, second] = await counted(t.db, () => tap(tokens[1], "accept"));
    expect(second).toMatchObject({ ok: true, outcome: "full", changed: false });
    expect(again).toBe(1);
  });
});
