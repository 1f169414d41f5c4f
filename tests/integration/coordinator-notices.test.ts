import { and, eq, inArray, like } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { ensureMember } from "@/db/seed";
import type { Actor } from "@/lib/auth/guard-types";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { DevTransport } from "@/lib/messaging/transports/dev";
import { saveNoticePreferences } from "@/lib/members/notice-preferences";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { SETTINGS_BOUNDS } from "@/lib/organizations/settings-schema";
import { COORDINATOR_NOTICE_KINDS } from "@/lib/requests/coordinator-notices";
import { escalateShortRequests } from "@/lib/requests/escalation";
import { MAX_ESCALATION_HOURS } from "@/lib/requests/limits";
import { cancelRequest } from "@/lib/requests/manage";
import { STOPPABLE_MESSAGE_KINDS } from "@/lib/messaging/stop-kinds";
import { respondToInvitation, type Answer } from "@/lib/requests/respond";
import { runScheduledWork } from "@/lib/scheduler";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, secondOrganization, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
const ctx = { ip: null };
const HOUR = 3_600_000;

let creator: Actor; // koordination@example.org creates the requests
let colleague: Actor; // einsatz@example.org, same organisation
let driving: string;

beforeEach(async () => {
  creator = await coordinator(t.db);
  colleague = await coordinator(t.db, "einsatz@example.org");
  driving = (await activityByKey(t.db)).id;
});

const answer = (token: string, a: Answer, now?: Date) => respondToInvitation(t.db, { tokenHash: hashToken(token), answer: a, via: "web", token, now });
const notices = (requestId: string) =>
  t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), like(s.messages.kind, "coordinator-%")));
const recipients = async (requestId: string, kind: string) =>
  (await notices(requestId)).filter((m) => m.kind === kind).map((m) => `${m.channel}:${m.recipient}`).sort();

/** The form as a browser sends it: checked boxes are "on", unchecked ones are missing. */
function form(over: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = { withdrawn: "on", short: "on", scope: "mine", byEmail: "on", phone: "", locale: "de", ...over };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined));
}

async function otherOrganisationCoordinator(): Promise<Actor> {
  const { org } = await secondOrganization(t.db);
  const a = await coordinator(t.db, "koordination@andere-stadt.example", org.id);
  expect((await saveNoticePreferences(a, form({ filled: "on", changed: "on", cancelled: "on", scope: "organization" }), ctx)).ok).toBe(true);
  return a;
}

describe("a helper withdraws", () => {
  it("tells the coordinators who opted in — the creator by default, a colleague who follows every request — and nobody else", async () => {
    const { requestId, tokens } = await sentRequest(t.db, creator, driving, { volunteers: 2, helpersNeeded: 2 });
    // the colleague follows every request of the organisation, by e-mail and SMS, in English
    expect((await saveNoticePreferences(colleague, form({ scope: "organization", bySms: "on", phone: "0151 2345 6789", locale: "en" }), ctx)).ok).toBe(true);
    // a third coordinator follows every request but turned withdrawals off
    const quiet = await coordinator(t.db, "sprachen@example.org");
    expect((await saveNoticePreferences(quiet, form({ withdrawn: undefined, scope: "organization" }), ctx)).ok).toBe(true);
    // the admin keeps the defaults (own requests only) and created none of them; another organisation's coordinator follows all of theirs
    await otherOrganisationCoordinator();

    await answer(tokens[0], "accept");
    expect(await notices(requestId)).toEqual([]); // accepting alone is no event anyone chose
    await answer(tokens[0], "withdraw");

    expect(await recipients(requestId, "coordinator-withdrawn")).toEqual(["email:einsatz@example.org", "email:koordination@example.org", "sms:+4915123456789"]);
    const mails = (await notices(requestId)).filter((m) => m.channel === "email");
    const german = mails.find((m) => m.recipient === "koordination@example.org")!;
    expect(german).toMatchObject({ locale: "de", status: "queued", volunteerId: null, subject: "Zusage zurückgezogen: Fahrt zur Ausländerbehörde" });
    expect(german.body).toContain("Es fehlen jetzt 2 von 2 Helfer*innen.");
    expect(german.body).toContain(`/admin/requests/${requestId}`);
    expect(german.body).toContain("/admin/notifications");
    // no unsubscribe header: this is no message to a volunteer
    expect(german.headers ?? {}).not.toHaveProperty("List-Unsubscribe");
    const english = mails.find((m) => m.recipient === "einsatz@example.org")!;
    expect(english).toMatchObject({ locale: "en", subject: "Helper withdrew: Fahrt zur Ausländerbehörde" });
    const sms = (await notices(requestId)).find((m) => m.channel === "sms")!;
    expect(sms.body).toMatch(/^Helferruf: helper withdrew – Fahrt zur Ausländerbehörde, .+ 2 of 2 missing\. http\S+\/admin\/requests\/[0-9a-f-]{36}$/);
  });

  it("queues nothing when the withdrawal is refused (nothing happened), and nothing for an opted-out creator", async () => {
    const { requestId, tokens } = await sentRequest(t.db, creator, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await answer(tokens[0], "withdraw")).toMatchObject({ outcome: "not_accepted", changed: false });
    expect(await notices(requestId)).toEqual([]);
    expect((await saveNoticePreferences(creator, form({ withdrawn: undefined }), ctx)).ok).toBe(true);
    await answer(tokens[0], "accept");
    await answer(tokens[0], "withdraw");
    expect(await notices(requestId)).toEqual([]);
  });
});

describe("a request fills", () => {
  it("tells those who chose it, and the notice survives the stop that cancels every question to helpers", async () => {
    const { requestId, tokens } = await sentRequest(t.db, creator, driving, { volunteers: 3, helpersNeeded: 2 });
    expect((await saveNoticePreferences(creator, form({ filled: "on" }), ctx)).ok).toBe(true);
    await answer(tokens[0], "accept");
    expect(await recipients(requestId, "coordinator-filled")).toEqual([]);
    await answer(tokens[1], "accept");

    expect(await recipients(requestId, "coordinator-filled")).toEqual(["email:koordination@example.org"]);
    // the fill cancelled the third helper's queued invitation, not the coordinator's notice
    const rows = await t.db.select().from(s.messages).where(eq(s.messages.requestId, requestId));
    expect(rows.filter((m) => m.kind === "invitation" && m.status === "cancelled").length).toBeGreaterThan(0);
    const [filled] = rows.filter((m) => m.kind === "coordinator-filled");
    expect(filled.status).toBe("queued");
    expect(filled.body).toContain("2 von 2 Helfer*innen haben zugesagt");

    await dispatchDueMessages(t.db, { transports: { email: new DevTransport(true), sms: new DevTransport(true) } });
    const [after] = await t.db.select().from(s.messages).where(eq(s.messages.id, filled.id));
    expect(after.status).toBe("sent");
  });

  it("keeps the notice kinds apart from the asking kinds that a stop cancels", () => {
    expect(COORDINATOR_NOTICE_KINDS.filter((k) => STOPPABLE_MESSAGE_KINDS.includes(k))).toEqual([]);
  });
});

describe("a request is cancelled by another coordinator", () => {
  it("tells the creator who chose it, with the reason, and not the one who cancelled", async () => {
    const { requestId } = await sentRequest(t.db, creator, driving, { volunteers: 1, helpersNeeded: 1 });
    expect((await saveNoticePreferences(creator, form({ cancelled: "on" }), ctx)).ok).toBe(true);
    expect((await saveNoticePreferences(colleague, form({ cancelled: "on", scope: "organization" }), ctx)).ok).toBe(true);
    expect((await cancelRequest(t.db, colleague, requestId, { confirm: "yes", reason: "Termin verschoben" })).ok).toBe(true);
    expect(await recipients(requestId, "coordinator-cancelled")).toEqual(["email:koordination@example.org"]);
    const [mail] = await notices(requestId);
    expect(mail.body).toContain("einsatz@example.org hat „Fahrt zur Ausländerbehörde“");
    expect(mail.body).toContain("Grund: Termin verschoben");
  });
});

describe("escalation: still short before the start", () => {
  async function shortRequest(over: Record<string, unknown> = {}) {
    const sent = await sentRequest(t.db, creator, driving, { volunteers: 2, helpersNeeded: 2, over });
    const [row] = await t.db.select().from(s.requests).where(eq(s.requests.id, sent.requestId));
    return { ...sent, startsAt: row.startsAt };
  }
  const escalatedAt = async (id: string) => (await t.db.select({ at: s.requests.escalatedAt }).from(s.requests).where(eq(s.requests.id, id)))[0].at;

  it("is not due before the organisation's 24 hours, is due within them, and is sent once", async () => {
    const { requestId, startsAt } = await shortRequest();
    expect(await escalateShortRequests(t.db, new Date(startsAt.getTime() - 25 * HOUR))).toEqual({ escalated: 0, messages: 0 });
    expect(await recipients(requestId, "coordinator-short")).toEqual([]);

    const due = new Date(startsAt.getTime() - 23 * HOUR);
    expect(await escalateShortRequests(t.db, due)).toEqual({ escalated: 1, messages: 1 });
    expect(await recipients(requestId, "coordinator-short")).toEqual(["email:koordination@example.org"]);
    expect(await escalatedAt(requestId)).toEqual(due);
    const [mail] = await notices(requestId);
    expect(mail.body).toContain("es fehlen noch 2 von 2 Helfer*innen");

    // later runs (and the whole scheduler) never warn again
    expect(await escalateShortRequests(t.db, new Date(startsAt.getTime() - 2 * HOUR))).toEqual({ escalated: 0, messages: 0 });
    await runScheduledWork(t.db, new Date(startsAt.getTime() - HOUR));
    expect(await recipients(requestId, "coordinator-short")).toHaveLength(1);
  });

  it("follows the request's own number: 48 hours warns earlier, 0 never, and a filled request is not short", async () => {
    const early = await shortRequest({ escalateHoursBefore: 48 });
    const never = await shortRequest({ escalateHoursBefore: 0 });
    const full = await shortRequest();
    for (const token of full.tokens) await answer(token, "accept");
    const at = new Date(early.startsAt.getTime() - 30 * HOUR);
    expect((await escalateShortRequests(t.db, at)).escalated).toBe(1);
    expect(await recipients(early.requestId, "coordinator-short")).toHaveLength(1);
    // all three start at the same time: within any window now, only the early one was ever due
    expect((await escalateShortRequests(t.db, new Date(early.startsAt.getTime() - HOUR))).escalated).toBe(0);
    expect(await escalatedAt(never.requestId)).toBeNull();
    expect(await escalatedAt(full.requestId)).toBeNull();
  });

  it("uses the organisation's setting (0 = off) and warns only its own coordinators", async () => {
    await otherOrganisationCoordinator();
    const { requestId, startsAt } = await shortRequest();
    const [org] = await t.db.select().from(s.organizations).where(eq(s.organizations.id, creator.organizationId));
    await t.db.update(s.organizations).set({ settings: { ...org.settings, escalationHoursBefore: 0 } }).where(eq(s.organizations.id, creator.organizationId));
    expect((await escalateShortRequests(t.db, new Date(startsAt.getTime() - HOUR))).escalated).toBe(0);
    await t.db.update(s.organizations).set({ settings: { ...org.settings, escalationHoursBefore: 6 } }).where(eq(s.organizations.id, creator.organizationId));
    expect((await escalateShortRequests(t.db, new Date(startsAt.getTime() - 7 * HOUR))).escalated).toBe(0);
    expect((await escalateShortRequests(t.db, new Date(startsAt.getTime() - 5 * HOUR))).escalated).toBe(1);
    expect(await recipients(requestId, "coordinator-short")).toEqual(["email:koordination@example.org"]);
  });

  it("is set by an admin under Einstellungen (0 to 336; a form without the field keeps it)", async () => {
    const admin = { ...(await coordinator(t.db, "admin@example.org")), role: "admin" as const };
    const base = { name: "Helferkreis", emailSenderName: "Helferkreis", smsSenderName: "Helfer", timeZone: "Europe/Berlin", privacyContact: "dsb@example.org", address: "", imprint: "Impressum" };
    const timed = { reminder1Hours: "24", reminder2Hours: "2", quietStart: "21", quietEnd: "7", urgentWithinHours: "4", unconfirmedDays: "7", messageBodyDays: "90", inactiveMonths: "24", inactiveNoticeDays: "30" };
    const settingsOf = async () => (await t.db.select().from(s.organizations).where(eq(s.organizations.id, creator.organizationId)))[0].settings;
    expect(await updateOrganizationSettings(admin, { ...base, ...timed, escalationHoursBefore: "400" }, ctx)).toMatchObject({ fieldErrors: { escalationHoursBefore: "number_range" } });
    expect(await updateOrganizationSettings(admin, { ...base, ...timed, escalationHoursBefore: "6" }, ctx)).toEqual({ ok: true });
    expect((await settingsOf()).escalationHoursBefore).toBe(6);
    expect(await updateOrganizationSettings(admin, { ...base, ...timed }, ctx)).toEqual({ ok: true });
    expect((await settingsOf()).escalationHoursBefore).toBe(6);
  });

  it("keeps the request's bound, the settings' bound and the database's equal", async () => {
    expect(SETTINGS_BOUNDS.escalationHoursBefore.max).toBe(MAX_ESCALATION_HOURS);
    const { requestId } = await shortRequest();
    await expect(t.db.update(s.requests).set({ escalateHoursBefore: MAX_ESCALATION_HOURS + 1 }).where(eq(s.requests.id, requestId))).rejects.toThrow();
  });
});

describe("Meine Benachrichtigungen: bad input", () => {
  const stored = async (a: Actor) =>
    t.db.select().from(s.coordinatorNoticePreferences).where(and(eq(s.coordinatorNoticePreferences.userId, a.userId), eq(s.coordinatorNoticePreferences.organizationId, a.organizationId)));

  it.each([
    [{ bySms: "on", phone: "" }, "phone", "phone_required_for_sms"],
    [{ bySms: "on", phone: "0151 abc" }, "phone", "phone_invalid"],
    [{ phone: "030 1234567" }, "phone", "phone_not_mobile"],
    [{ byEmail: undefined }, "byEmail", "channel_required"],
    [{ scope: "everyone" }, "scope", "scope_invalid"],
    [{ locale: "ar" }, "locale", "locale_invalid"],
  ])("refuses %o with a field error and stores nothing", async (over, field, code) => {
    const result = await saveNoticePreferences(creator, form(over), ctx);
    expect(result).toMatchObject({ ok: false, error: "invalid", fieldErrors: { [field]: code } });
    expect(await stored(creator)).toEqual([]);
    const [audit] = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "coordinator.notice_preferences"), eq(s.auditEvents.outcome, "invalid")));
    expect(audit.details).toEqual({ fields: [field] });
  });

  it("stores a valid number as E.164 and only the coordinator's own row; removing them from the team removes it", async () => {
    expect((await saveNoticePreferences(creator, form({ bySms: "on", phone: "+49 (0)151 / 234 567 89" }), ctx)).ok).toBe(true);
    expect(await stored(creator)).toMatchObject([{ phone: "+4915123456789", bySms: true, onWithdrawn: true, onFilled: false }]);
    expect(await stored(colleague)).toEqual([]);
    const [audit] = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "coordinator.notice_preferences"), eq(s.auditEvents.outcome, "ok")));
    expect(JSON.stringify(audit.details)).not.toContain("151");
    await t.db.delete(s.memberships).where(and(eq(s.memberships.userId, creator.userId), inArray(s.memberships.organizationId, [creator.organizationId])));
    expect(await stored(creator)).toEqual([]);
    // (a member again: the defaults once more)
    await ensureMember(t.db, creator.organizationId, creator.email, "coordinator");
    expect(await stored(creator)).toEqual([]);
  });
});
