import { renderStoredTexts } from "@/lib/messaging/secrets";
import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { copyRequestValues, editFormValues } from "@/lib/requests/form-values";
import { calendarCancellation } from "@/lib/requests/messages";
import { createAndSendRequest } from "@/lib/requests/create";
import { loadMessageOrg, loadRequest, toMessageRequest } from "@/lib/requests/load";
import { getInvitationView, respondToInvitation } from "@/lib/requests/respond";
import { updateRequest } from "@/lib/requests/update";
import { hashToken } from "@/lib/tokens";
import { toLocalInput } from "@/lib/time-zone";
import { setupTestDatabase } from "../helpers/db";
import { parseIcs } from "../helpers/ics";
import { activityByKey, coordinator, requestInput, secondOrganization, sentRequest, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;

beforeEach(async () => {
  actor = await coordinator(t.db);
  driving = (await activityByKey(t.db)).id;
});

const requestRow = async (id: string) => (await t.db.select().from(s.requests).where(eq(s.requests.id, id)))[0];
const messagesOf = async (requestId: string, kind: string) => t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, kind)));
const auditOf = async (action: string) => t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, action)).orderBy(desc(s.auditEvents.createdAt));
const accept = (token: string) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: "accept", via: "web", token });

/** The edit form's values of a request, changed by `over` (wall-clock times in Berlin). */
async function editOf(requestId: string, over: Record<string, unknown> = {}) {
  const r = await requestRow(requestId);
  return { ...editFormValues(r, "Europe/Berlin"), ...over };
}
const laterBy = (local: string, hours: number) => toLocalInput(new Date(new Date(`${local}:00Z`).getTime() + hours * 3600e3), "UTC");

describe("editing a sent request", () => {
  it("tells accepted helpers what changed, with the calendar entry updated in place (same UID, SEQUENCE + 1), and asks them to confirm a new time", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 2 });
    await accept(tokens[0]);
    const [confirmation] = await messagesOf(requestId, "confirmation");
    const first = parseIcs(confirmation.attachments![0].content);

    const before = await editOf(requestId);
    const result = await updateRequest(t.db, actor, requestId, { ...before, startsAt: laterBy(before.startsAt as string, 2), endsAt: laterBy(before.endsAt as string, 2), place: "Rathaus, Markt 1" });
    expect(result).toMatchObject({ ok: true, revision: 1, notified: 1, reconfirm: true });
    expect((await requestRow(requestId)).revision).toBe(1);

    const changed = await messagesOf(requestId, "request-changed");
    expect(changed).toHaveLength(1); // one accepted helper reached by e-mail; the unanswered hear nothing
    expect(changed[0].body).toContain("Rathaus, Markt 1");
    expect(renderStoredTexts(changed[0]).body).toContain(`/r/${tokens[0]}`);
    const updated = parseIcs(changed[0].attachments![0].content);
    expect(updated).toMatchObject({ uid: first.uid, sequence: first.sequence + 1, method: "REQUEST", status: "CONFIRMED", location: "Rathaus, Markt 1" });
    expect(updated.start.getTime()).toBe(first.start.getTime() + 2 * 3600e3);

    // the helper is asked to keep or withdraw; keeping is one tap and changes nothing twice
    const view = await getInvitationView(t.db, hashToken(tokens[0]));
    expect(view).toMatchObject({ status: "accepted", reconfirmPending: true });
    expect(await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "keep", via: "web" })).toMatchObject({ ok: true, outcome: "kept", changed: true });
    expect(await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "keep", via: "web" })).toMatchObject({ ok: true, outcome: "kept", changed: false });
    expect(await getInvitationView(t.db, hashToken(tokens[0]))).toMatchObject({ status: "accepted", reconfirmPending: false, reconfirmed: true });

    // the unanswered see the new data behind their links
    expect((await getInvitationView(t.db, hashToken(tokens[1])))!.request.place).toBe("Rathaus, Markt 1");

    const [audit] = await auditOf("request.update");
    expect(audit).toMatchObject({ outcome: "ok", objectId: requestId });
    expect(audit.details).toMatchObject({ revision: 1, changed: ["time", "place"], notifiedHelpers: 1 });
  });

  it("tells the helper by SMS too, shortly and with the link, and does not ask again when only the place changed", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, {
      volunteers: 1,
      helpersNeeded: 1,
      volunteerSpec: { contactPreference: "both", phone: "+4915112345678", phoneConfirmedAt: new Date() },
    });
    await accept(tokens[0]);
    const result = await updateRequest(t.db, actor, requestId, await editOf(requestId, { place: "Neuer Ort" }));
    expect(result).toMatchObject({ ok: true, reconfirm: false, changed: ["place"] });
    const changed = await messagesOf(requestId, "request-changed");
    expect(changed.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    const sms = changed.find((m) => m.channel === "sms")!;
    expect(renderStoredTexts(sms).body).toContain(`/r/${tokens[0]}`);
    expect(renderStoredTexts(sms).body!.length).toBeLessThanOrEqual(160);
    expect((await getInvitationView(t.db, hashToken(tokens[0]))))!.toMatchObject({ reconfirmPending: false });
  });

  it("refuses an end before the start, a start in the past and fewer helpers than accepted: a field error, nothing changed or sent", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 3, helpersNeeded: 3 });
    await accept(tokens[0]);
    await accept(tokens[1]);
    const before = await requestRow(requestId);
    const form = await editOf(requestId);
    const bad = [
      [{ endsAt: laterBy(form.startsAt as string, -1) }, "endsAt", "end_before_start"],
      [{ startsAt: "2020-01-01T09:00", endsAt: "2020-01-01T11:00" }, "startsAt", "start_in_past"],
      [{ helpersNeeded: "1" }, "helpersNeeded", "below_accepted"],
      [{ contactPhone: "12" }, "contactPhone", "phone_invalid"],
    ] as const;
    for (const [over, field, code] of bad) {
      expect(await updateRequest(t.db, actor, requestId, { ...form, ...over })).toMatchObject({ ok: false, error: "invalid", fieldErrors: { [field]: code } });
    }
    expect(await requestRow(requestId)).toEqual(before);
    expect(await messagesOf(requestId, "request-changed")).toHaveLength(0);
    expect((await auditOf("request.update")).every((a) => a.outcome === "invalid")).toBe(true);
  });

  it("changes nothing twice when the same form is sent again (optimistic check on the revision)", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await accept(tokens[0]);
    const form = await editOf(requestId, { title: "Neue Fahrt" });
    expect(await updateRequest(t.db, actor, requestId, form)).toMatchObject({ ok: true, revision: 1 });
    expect(await updateRequest(t.db, actor, requestId, { ...form, title: "Noch eine" })).toMatchObject({ ok: false, error: "stale_revision", revision: 1 });
    expect(await requestRow(requestId)).toMatchObject({ revision: 1, title: "Neue Fahrt" });
    expect(await messagesOf(requestId, "request-changed")).toHaveLength(1);
    expect((await auditOf("request.update")).map((a) => a.outcome).sort()).toEqual(["denied", "ok"]);
  });

  it("refuses another organisation's request and a cancelled one, audited", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const other = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", other.org.id);
    const form = await editOf(requestId, { title: "Übernommen" });
    expect(await updateRequest(t.db, stranger, requestId, form)).toMatchObject({ ok: false, error: "not_found" });
    await t.db.update(s.requests).set({ status: "cancelled", cancelledAt: new Date() }).where(eq(s.requests.id, requestId));
    expect(await updateRequest(t.db, actor, requestId, form)).toMatchObject({ ok: false, error: "not_open" });
    expect((await requestRow(requestId)).title).toBe("Fahrt zur Ausländerbehörde");
    const denied = await auditOf("request.update");
    expect(denied.map((a) => [a.outcome, (a.details as { reason?: string }).reason]).sort()).toEqual([
      ["denied", "foreign_object"],
      ["denied", "not_open"],
    ]);
  });

  it("raising helpers needed reopens a filled request; the unanswered can answer again", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
    await accept(tokens[0]);
    expect((await requestRow(requestId)).status).toBe("filled");
    expect(await updateRequest(t.db, actor, requestId, await editOf(requestId, { helpersNeeded: "2" }))).toMatchObject({ ok: true, changed: ["helpersNeeded"], notified: 0 });
    expect(await requestRow(requestId)).toMatchObject({ status: "open", helpersNeeded: 2 });
    expect((await getInvitationView(t.db, hashToken(tokens[1])))!.state).toBe("open");
    expect(await accept(tokens[1])).toMatchObject({ outcome: "accepted" });
  });
});

describe("the briefing for accepted helpers", () => {
  it("is shown to accepted helpers (page, confirmation, calendar) and never to the unanswered", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, {
      volunteers: 2,
      helpersNeeded: 2,
      over: { meetingPoint: "Haupteingang Nord", contactName: "Frau Kaya", contactPhone: "030 1234567", whatToBring: "Warnweste" },
    });
    expect(await requestRow(requestId)).toMatchObject({ meetingPoint: "Haupteingang Nord", contactPhone: "+49301234567" });
    const invitations = await messagesOf(requestId, "invitation");
    for (const m of invitations) expect(m.body).not.toContain("Haupteingang Nord");
    expect((await getInvitationView(t.db, hashToken(tokens[1])))!.briefing).toBeNull();

    await accept(tokens[0]);
    expect((await getInvitationView(t.db, hashToken(tokens[0])))!.briefing).toEqual({ meetingPoint: "Haupteingang Nord", contactName: "Frau Kaya", contactPhone: "+49301234567", whatToBring: "Warnweste" });
    expect((await getInvitationView(t.db, hashToken(tokens[1])))!.briefing).toBeNull();
    const [confirmation] = await messagesOf(requestId, "confirmation");
    expect(confirmation.body).toContain("Haupteingang Nord");
    expect(confirmation.body).toContain("Warnweste");
    expect(parseIcs(confirmation.attachments![0].content).description).toContain("Frau Kaya");
  });

  it("rejects an invalid contact phone on the new-request form and stores nothing", async () => {
    await volunteer(t.db, { activities: [driving] });
    const r = await createAndSendRequest(t.db, actor, requestInput(driving, { contactPhone: "abc" }));
    expect(r).toMatchObject({ ok: false, fieldErrors: { contactPhone: "phone_invalid" } });
    expect(await t.db.select().from(s.requests)).toHaveLength(0);
  });
});

describe("copying a request", () => {
  it("prefills everything a week later, only for the same organisation", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 2, over: { whatToBring: "Ausweis" } });
    const r = await requestRow(requestId);
    const copy = await copyRequestValues(t.db, actor, requestId);
    expect(copy).toMatchObject({ activityId: driving, title: r.title, place: r.place, helpersNeeded: "2", whatToBring: "Ausweis", channels: "both" });
    const week = toLocalInput(new Date(r.startsAt.getTime() + 7 * 86_400_000), "Europe/Berlin");
    // the same wall-clock time one week later (equal unless a DST switch lies between)
    expect(copy!.startsAt.slice(11)).toBe(toLocalInput(r.startsAt, "Europe/Berlin").slice(11));
    expect(copy!.startsAt.slice(0, 10)).toBe(week.slice(0, 10));
    const other = await secondOrganization(t.db);
    expect(await copyRequestValues(t.db, await coordinator(t.db, "fremd@example.org", other.org.id), requestId)).toBeNull();
  });
});

describe("the cancellation entry for the cancel path", () => {
  it("removes the helper's entry: METHOD:CANCEL, same UID, SEQUENCE above the last one sent", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    await accept(tokens[0]);
    const [confirmation] = await messagesOf(requestId, "confirmation");
    const first = parseIcs(confirmation.attachments![0].content);
    const org = await loadMessageOrg(t.db, actor.organizationId);
    const invitationId = first.uid.replace("@helferruf", "");
    const cancel = parseIcs(calendarCancellation(org, toMessageRequest((await loadRequest(t.db, requestId))!), "de", invitationId));
    expect(cancel).toMatchObject({ uid: first.uid, method: "CANCEL", status: "CANCELLED", sequence: first.sequence + 1 });
  });
});
