import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { volunteerLocales } from "@/i18n/config";
import type { Actor } from "@/lib/auth/guard";
import { analyzeSms, segmentsAs } from "@/lib/messaging/sms-segments";
import { getCancellation } from "@/lib/requests/cancellation";
import { CANCEL_SMS_SEGMENTS, MAX_REASON_LENGTH } from "@/lib/requests/limits";
import { loadMessageOrg, loadRequest, toMessageRequest } from "@/lib/requests/load";
import { cancelRequest } from "@/lib/requests/manage";
import { cancellationSms } from "@/lib/requests/messages";
import { getInvitationView, respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { coordinator, coordinatorAndActivity, secondOrganization, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const accept = (token: string) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "accept", via: "web" });
const messagesOf = (requestId: string, kind: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)));
const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const auditOf = (action: string) => t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, action));
const bySms = (phone: string) => ({ email: `${phone.slice(-4)}@example.net`, emailConfirmedAt: new Date(), phone, contactPreference: "both" as const, phoneConfirmedAt: new Date() });
const REASON = "Die Familie hat den Termin abgesagt";

describe("cancelling a request", () => {
  it("needs the confirmation: without it nothing changes, and the refusal is audited", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await cancelRequest(t.db, actor, requestId, { reason: REASON })).toMatchObject({ ok: false, error: "invalid", fieldErrors: { confirm: "confirm_required" } });
    expect((await requestRow(requestId)).status).toBe("open");
    expect(await auditOf("request.cancel")).toMatchObject([{ outcome: "invalid", details: { fields: ["confirm"] } }]);
  });

  it("refuses a reason that is too long or carries control characters, and writes nothing", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: "x".repeat(MAX_REASON_LENGTH + 1) })).toMatchObject({ fieldErrors: { reason: "reason_too_long" } });
    expect(await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: "Abgesagt\u0007" })).toMatchObject({ fieldErrors: { reason: "reason_control" } });
    expect(await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: "Grund \u202eesrever" })).toMatchObject({ fieldErrors: { reason: "reason_control" } });
    expect(await requestRow(requestId)).toMatchObject({ status: "open", cancelReason: null });
    expect(await messagesOf(requestId, "request-cancelled")).toHaveLength(0);
  });

  it("tells accepted helpers on every channel with the reason — the SMS too — and stores who, when and why", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 2, volunteerSpec: bySms("+4915200000011") });
    await accept(tokens[0]);
    const now = new Date();
    expect(await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: REASON }, { now })).toEqual({ ok: true, notified: 1 });
    const notices = await messagesOf(requestId, "request-cancelled");
    expect(notices.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    const sms = notices.find((m) => m.channel === "sms")!;
    expect(sms.body).toContain(`Grund: ${REASON}`);
    expect(sms.segments).toBeLessThanOrEqual(CANCEL_SMS_SEGMENTS);
    expect(notices.find((m) => m.channel === "email")!.body).toContain(REASON);
    expect(await requestRow(requestId)).toMatchObject({ status: "cancelled", cancelReason: REASON, cancelledBy: actor.userId, cancelledAt: now });
    expect(await getCancellation(t.db, actor, requestId)).toEqual({ at: now, reason: REASON, by: { name: null, email: actor.email } });
    // the helper's page says "cancelled", with the reason, and no "still needed"
    expect(await getInvitationView(t.db, hashToken(tokens[0]))).toMatchObject({ state: "cancelled", status: "accepted", request: { cancelReason: REASON } });
  });

  it("tells those who had not answered when the request tells the unanswered, and only then", async () => {
    const told = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await cancelRequest(t.db, actor, told.requestId, { confirm: "yes", reason: REASON });
    const asked = await messagesOf(told.requestId, "request-cancelled");
    expect(asked).toHaveLength(2);
    expect(asked[0].body).toContain("Vielen Dank für Ihre Bereitschaft!");
    expect(asked[0].body).not.toContain("Zusage");

    const silent = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2, over: { title: "Ohne Nachricht", notifyPendingWhenFilled: false } });
    expect(await cancelRequest(t.db, actor, silent.requestId, { confirm: "yes" })).toEqual({ ok: true, notified: 0 });
    expect(await messagesOf(silent.requestId, "request-cancelled")).toHaveLength(0);
  });

  it("keeps the cancellation SMS to the segment budget in every language: the reason is shortened, never the rest", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const request = (await loadRequest(t.db, requestId))!;
    const org = await loadMessageOrg(t.db, request.organizationId);
    const long = "Der Bus fällt aus und die Behörde hat den Termin kurzfristig auf nächste Woche verschoben, wir melden uns mit einem neuen Termin";
    const de = cancellationSms(org, toMessageRequest(request), "de", long);
    expect(analyzeSms(de).segments).toBeLessThanOrEqual(CANCEL_SMS_SEGMENTS);
    expect(de).toContain("Grund: Der Bus");
    expect(de).toContain("Sie werden nicht mehr gebraucht. Danke!");
    for (const locale of volunteerLocales) {
      const text = cancellationSms(org, toMessageRequest(request), locale, long);
      expect(analyzeSms(text).segments, locale).toBeLessThanOrEqual(segmentsAs(de, analyzeSms(text).encoding));
    }
  });

  it("refuses another organisation's request and a finished one, audited as denied", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1, over: { title: "Fremd" } });
    const other = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", other.org.id);
    expect(await cancelRequest(t.db, stranger, requestId, { confirm: "yes", reason: REASON })).toEqual({ ok: false, error: "not_found" });
    expect(await getCancellation(t.db, stranger, requestId)).toBeNull();
    await cancelRequest(t.db, actor, requestId, { confirm: "yes" });
    expect(await cancelRequest(t.db, actor, requestId, { confirm: "yes" })).toEqual({ ok: false, error: "already_cancelled" });
    const denied = (await auditOf("request.cancel")).filter((a) => a.outcome === "denied");
    expect(denied.map((a) => (a.details as { reason: string }).reason).sort()).toEqual(["already_cancelled", "foreign_object"]);
  });
});
