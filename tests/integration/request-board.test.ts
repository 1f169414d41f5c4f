import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { ensureMember } from "@/db/seed";
import type { Actor } from "@/lib/auth/guard";
import { getRequestBoard } from "@/lib/requests/queries";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { setupTestDatabase } from "../helpers/db";
import { coordinator, coordinatorAndActivity, secondOrganization, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const answer = (token: string, a: "accept" | "decline") => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: a, via: "web" });
const personOf = (board: NonNullable<Awaited<ReturnType<typeof getRequestBoard>>>, volunteerId: string) => board.people.find((p) => p.volunteerId === volunteerId)!;

describe("the request board", () => {
  it("shows every helper's timeline in order: asked, delivered, accepted, confirmed, withdrawn", async () => {
    const { requestId, byVolunteer, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    const v = volunteers[0];
    const delivered = new Date(Date.now() + 1_000);
    await t.db.update(s.messages).set({ status: "delivered", sentAt: delivered, deliveredAt: delivered }).where(and(eq(s.messages.volunteerId, v.id), eq(s.messages.kind, "invitation")));
    await answer(byVolunteer.get(v.id)!, "accept");
    await answer(byVolunteer.get(v.id)!, "decline"); // an accepted helper's decline withdraws
    const board = (await getRequestBoard(t.db, actor, requestId))!;
    const p = personOf(board, v.id);
    expect(p.status).toBe("withdrawn");
    const steps = p.timeline.map((e) => (e.type === "asked" ? "asked" : e.type === "answer" ? e.action : `${e.kind}:${e.status}`));
    // the invitation was delivered (faked one second ahead), so it sorts after the answers given just now
    expect(steps).toEqual(["asked", "accept", "confirmation:cancelled", "withdraw", "invitation:delivered"]);
    const times = p.timeline.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    const accept = p.timeline.find((e) => e.type === "answer" && e.action === "accept")!;
    expect(accept).toMatchObject({ via: "web" });
    expect(p.respondedAt).not.toBeNull();
    // the other helper was asked and has not answered
    const other = personOf(board, volunteers[1].id);
    expect(other.timeline.map((e) => e.type)).toEqual(["asked", "message"]);
    expect(other.status).toBe("pending");
  });

  it("marks message failures per helper: a bounce, a failed SMS, an opt-out", async () => {
    const { requestId, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 1, volunteerSpec: { phone: null } });
    const [bounced, failedSms, optedOut] = volunteers;
    await t.db.update(s.messages).set({ status: "failed", lastError: "bounced: mailbox does not exist" }).where(eq(s.messages.volunteerId, bounced.id));
    await t.db.update(s.volunteers).set({ emailBouncedAt: new Date() }).where(eq(s.volunteers.id, bounced.id));
    await t.db.update(s.messages).set({ channel: "sms", status: "failed", lastError: "undelivered (30003)" }).where(eq(s.messages.volunteerId, failedSms.id));
    await t.db.update(s.messages).set({ channel: "sms", status: "cancelled", lastError: "recipient opted out of SMS" }).where(eq(s.messages.volunteerId, optedOut.id));
    await t.db.update(s.volunteers).set({ smsOptedOutAt: new Date() }).where(eq(s.volunteers.id, optedOut.id));
    const board = (await getRequestBoard(t.db, actor, requestId))!;
    const problems = (id: string) => personOf(board, id).timeline.flatMap((e) => (e.type === "message" && e.problem ? [e.problem] : []));
    expect(problems(bounced.id)).toEqual(["bounced"]);
    expect(personOf(board, bounced.id).channelProblems).toEqual(["email_bounced"]);
    expect(problems(failedSms.id)).toEqual(["failed"]);
    expect(problems(optedOut.id)).toEqual(["sms_opted_out"]);
    expect(personOf(board, optedOut.id).channelProblems).toEqual(["sms_opted_out"]);
    expect(board.counts.messageFailures).toBe(3);
    expect(board.people.map((p) => p.failedMessages)).toEqual([1, 1, 1]);
  });

  it("gives the accepted helpers' phone (E.164) and e-mail to coordinators and admins of the organisation only", async () => {
    const { requestId, byVolunteer, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await t.db.update(s.volunteers).set({ phone: "+4915123456789" }).where(eq(s.volunteers.id, volunteers[0].id));
    await answer(byVolunteer.get(volunteers[0].id)!, "accept");
    const [org] = await t.db.select().from(s.organizations);
    const { user, membership } = await ensureMember(t.db, org.id, "verwaltung@example.org", "admin");
    const admin: Actor = { userId: user.id, email: user.email, organizationId: org.id, role: membership.role };
    for (const who of [actor, admin]) {
      const board = (await getRequestBoard(t.db, who, requestId))!;
      expect(board.contactsVisible).toBe(true);
      expect(board.timeZone).toBe("Europe/Berlin");
      const accepted = personOf(board, volunteers[0].id);
      expect(accepted.contact).toEqual({ phone: "+4915123456789", phoneDisplay: "+49 1512 3456789", email: volunteers[0].email });
      // someone who has not said yes is not called from the board: no contact data for them
      expect(personOf(board, volunteers[1].id).contact).toBeNull();
    }
    const { org: other } = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", other.id);
    expect(await getRequestBoard(t.db, stranger, requestId)).toBeNull();
    const board = (await getRequestBoard(t.db, actor, requestId))!;
    // the JSON the board polls carries no contact data of anyone who has not accepted
    const json = JSON.stringify(board.people.filter((p) => p.status !== "accepted"));
    expect(json).not.toContain("+4915123456789");
    expect(json).not.toContain(volunteers[1].email!);
  });

  it("keeps an erased helper as an anonymous row without contact data", async () => {
    const { requestId, byVolunteer, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await answer(byVolunteer.get(volunteers[0].id)!, "accept");
    await eraseVolunteer(volunteers[0].id, { db: t.db });
    const board = (await getRequestBoard(t.db, actor, requestId))!;
    const erased = board.people.find((p) => p.volunteerId === null)!;
    expect(erased).toMatchObject({ name: null, contact: null, status: "accepted", channelProblems: [] });
    expect(erased.timeline.some((e) => e.type === "answer" && e.action === "accept")).toBe(true);
    expect(board.counts.accepted).toBe(1);
  });
});
