import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { smsAnswerHandler } from "@/lib/messaging/sms-answer-handler";
import { handleInboundSms } from "@/lib/messaging/sms-replies";
import { setupTestDatabase } from "../helpers/db";
import { createAndSendRequest } from "@/lib/requests/create";
import { activityByKey, coordinator, requestInput, volunteer } from "../helpers/requests";

const t = setupTestDatabase();

/** SMS replies (issue 6) answer invitations through the requests module (issue 5). */
describe("answering a request by SMS", () => {
  async function smsRequest(helpersNeeded: number, volunteers: number) {
    const actor = await coordinator(t.db);
    const activity = await activityByKey(t.db);
    const vols = [];
    for (let i = 1; i <= volunteers; i++) {
      vols.push(
        await volunteer(t.db, {
          activities: [activity.id],
          contactPreference: "sms",
          email: null,
          emailConfirmedAt: null,
          phone: `+4915200000${String(i).padStart(3, "0")}`,
          phoneConfirmedAt: new Date(),
        }),
      );
    }
    const r = await createAndSendRequest(t.db, actor, requestInput(activity.id, { helpersNeeded, channels: "sms" }));
    if (!r.ok) throw new Error(JSON.stringify(r));
    return { requestId: r.requestId, volunteers: vols };
  }

  const statusOf = async (requestId: string, volunteerId: string) =>
    (await t.db.select().from(s.invitations).where(and(eq(s.invitations.requestId, requestId), eq(s.invitations.volunteerId, volunteerId))))[0].status;

  it("JA accepts the sender's single open invitation and NEIN afterwards withdraws it", async () => {
    const sent = await smsRequest(2, 2);
    const [first] = sent.volunteers;
    const out = await handleInboundSms(t.db, { from: "+4915200000001", body: "Ja" }, smsAnswerHandler);
    expect(out.action).toBe("answered");
    expect(await statusOf(sent.requestId, first.id)).toBe("accepted");
    const [req] = await t.db.select().from(s.requests).where(eq(s.requests.id, sent.requestId));
    expect(req.acceptedCount).toBe(1);

    await handleInboundSms(t.db, { from: "+4915200000001", body: "NEIN" }, smsAnswerHandler);
    expect(await statusOf(sent.requestId, first.id)).toBe("withdrawn");
  });

  it("tells a late JA that enough helpers were found and does not exceed the seats", async () => {
    const sent = await smsRequest(1, 2);
    await handleInboundSms(t.db, { from: "+4915200000001", body: "JA" }, smsAnswerHandler);
    const late = await handleInboundSms(t.db, { from: "+4915200000002", body: "JA" }, smsAnswerHandler);
    // the request filled with the first JA: the second volunteer's invitation is no longer open
    expect(["no_open", "refused"]).toContain(late.action);
    const [req] = await t.db.select().from(s.requests).where(eq(s.requests.id, sent.requestId));
    expect(req.status).toBe("filled");
    expect(req.acceptedCount).toBe(1);
    expect(await statusOf(sent.requestId, sent.volunteers[1].id)).toBe("not_needed");
  });
});
