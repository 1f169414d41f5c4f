import { describe, expect, it } from "vitest";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { handleInboundSms, type SmsAnswerHandler } from "@/lib/messaging/sms-replies";
import { translator } from "@/i18n/translator";
import { setupTestDatabase } from "../helpers/db";
import { insertRequestWithInvitations } from "../helpers/messaging";
import { insertVolunteer } from "../helpers/volunteers";

const t = setupTestDatabase();

function recordingHandler(result: Awaited<ReturnType<SmsAnswerHandler>> = { ok: true, status: "accepted" }) {
  const calls: Parameters<SmsAnswerHandler>[0][] = [];
  const handler: SmsAnswerHandler = async (input) => {
    calls.push(input);
    return result;
  };
  return { calls, handler };
}

describe("SMS answers to invitations", () => {
  it.each([
    ["JA", "accept"],
    ["ja", "accept"],
    ["Yes!", "accept"],
    ["NEIN", "decline"],
    ["no", "decline"],
  ] as const)("%s answers the sender's single open invitation with %s", async (text, answer) => {
    const v = await insertVolunteer(t.db, { phone: "+491515550001" });
    const { invitations, request } = await insertRequestWithInvitations(t.db, { shortCode: "K7F", volunteerIds: [v.id] });
    const { calls, handler } = recordingHandler(answer === "accept" ? { ok: true, status: "accepted" } : { ok: true, status: "declined" });
    const out = await handleInboundSms(t.db, { from: v.phone!, body: text }, handler);
    expect(calls).toEqual([{ invitationId: invitations[0].id, volunteerId: v.id, requestId: request.id, answer, via: "sms" }]);
    expect(out.action).toBe("answered");
    expect(out.reply).toContain(request.title);
  });

  it("asks for the code when several requests are open, and the code picks the right one", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491515550002" });
    await insertRequestWithInvitations(t.db, { shortCode: "K7F", volunteerIds: [v.id], startsInHours: 24 });
    const second = await insertRequestWithInvitations(t.db, { shortCode: "M2X", volunteerIds: [v.id], startsInHours: 72 });
    const { calls, handler } = recordingHandler();
    const ambiguous = await handleInboundSms(t.db, { from: v.phone!, body: "JA" }, handler);
    expect(ambiguous.action).toBe("ambiguous");
    expect(ambiguous.reply).toContain("K7F, M2X");
    expect(calls).toHaveLength(0);
    const picked = await handleInboundSms(t.db, { from: v.phone!, body: "ja m2x" }, handler);
    expect(picked.action).toBe("answered");
    expect(calls.map((c) => c.invitationId)).toEqual([second.invitations[0].id]);
    const reversed = await handleInboundSms(t.db, { from: v.phone!, body: "M2X nein" }, handler);
    expect(reversed.action).toBe("answered");
    expect(calls[1]).toMatchObject({ invitationId: second.invitations[0].id, answer: "decline" });
  });

  it("tells the sender a code is unknown and lists their open codes", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491515550003" });
    await insertRequestWithInvitations(t.db, { shortCode: "K7F", volunteerIds: [v.id] });
    const { calls, handler } = recordingHandler();
    const out = await handleInboundSms(t.db, { from: v.phone!, body: "JA ZZ9" }, handler);
    expect(out).toMatchObject({ action: "unknown_code" });
    expect(out.reply).toContain("K7F");
    expect(calls).toHaveLength(0);
  });

  it("lets an accepted helper withdraw with NEIN, but ignores finished, cancelled and past requests", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491515550004" });
    await insertRequestWithInvitations(t.db, { shortCode: "OLD1", volunteerIds: [v.id], startsInHours: -2 });
    await insertRequestWithInvitations(t.db, { shortCode: "CAN1", volunteerIds: [v.id], status: "cancelled" });
    await insertRequestWithInvitations(t.db, { shortCode: "DEC1", volunteerIds: [v.id], invitationStatus: "declined" });
    await insertRequestWithInvitations(t.db, { shortCode: "FIL1", volunteerIds: [v.id], status: "filled", invitationStatus: "not_needed" });
    const accepted = await insertRequestWithInvitations(t.db, { shortCode: "ACC1", volunteerIds: [v.id], status: "filled", invitationStatus: "accepted" });
    const { calls, handler } = recordingHandler({ ok: true, status: "withdrawn" });
    const out = await handleInboundSms(t.db, { from: v.phone!, body: "NEIN" }, handler);
    expect(calls.map((c) => c.invitationId)).toEqual([accepted.invitations[0].id]);
    expect(out.reply).toBe(translator("de", "sms")("withdrawn", { title: accepted.request.title }));
  });

  it("says so when the sender has no open request, or is not registered", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491515550005" });
    const { calls, handler } = recordingHandler();
    expect((await handleInboundSms(t.db, { from: v.phone!, body: "JA" }, handler)).action).toBe("no_open");
    expect((await handleInboundSms(t.db, { from: "+491519999999", body: "JA" }, handler)).action).toBe("unknown_sender");
    expect(calls).toHaveLength(0);
  });

  it("passes on the requests module's refusal (request already filled)", async () => {
    const v = await insertVolunteer(t.db, { phone: "+491515550006" });
    const { request } = await insertRequestWithInvitations(t.db, { shortCode: "K7F", volunteerIds: [v.id] });
    const { handler } = recordingHandler({ ok: false, error: "filled" });
    const out = await handleInboundSms(t.db, { from: v.phone!, body: "JA" }, handler);
    expect(out).toMatchObject({ action: "refused" });
    expect(out.reply).toContain(`${request.title} ist schon vollständig besetzt`);
  });

  it("keeps every German and English reply within two GSM-7 segments", () => {
    for (const locale of ["de", "en"] as const) {
      const tr = translator(locale, "sms");
      for (const key of ["help", "stopped", "started", "unknownSender", "noOpen", "ambiguous", "unknownCode", "accepted", "declined", "withdrawn", "filled", "closed", "unavailable"] as const) {
        const text = tr(key, { title: "Fahrdienst Ausländerbehörde", example: "JA K7F", codes: "K7F, M2X" });
        const a = analyzeSms(text);
        expect(a.encoding, `${locale}.${key}`).toBe("GSM-7");
        expect(a.segments, `${locale}.${key}`).toBeLessThanOrEqual(2);
      }
    }
  });
});
