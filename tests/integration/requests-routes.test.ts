import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { askMoreAction, changeHelpersAction, createRequestAction, messageHelpersAction } from "@/app/admin/requests/actions";
import { GET as boardGET } from "@/app/api/admin/requests/[id]/board/route";
import { GET as previewGET } from "@/app/api/admin/requests/preview/route";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { formData as form, redirectOf, session, signedInCoordinator } from "../helpers/next";
import { coordinator, nextBerlin, secondOrganization, sentRequest, volunteer } from "../helpers/requests";

// The coordinator session is tested elsewhere; here the guard hands out the actor under test.
vi.mock("@/lib/auth/guard", async (original) => (await import("../helpers/next")).guardWithSession(await original()));

const t = setupTestDatabase();
let actor: Actor;
let driving: string;

beforeEach(async () => ({ actor, driving } = await signedInCoordinator(t.db)));

const preview = (params: Record<string, string | string[]>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) q.append(k, x);
  return previewGET(new Request(`http://localhost/api/admin/requests/preview?${q}`));
};
const board = (id: string) => boardGET(new Request(`http://localhost/api/admin/requests/${id}/board`), { params: Promise.resolve({ id }) });

describe("coordinator route handlers", () => {
  it("answer 401 without a coordinator and change nothing", async () => {
    session.actor = null;
    expect((await preview({ activityId: driving })).status).toBe(401);
    expect((await board("00000000-0000-4000-8000-000000000000")).status).toBe(401);
  });

  it("preview the live match count and the messages without storing anything", async () => {
    await volunteer(t.db, { activities: [driving] });
    await volunteer(t.db, { activities: [driving], hasDrivingLicence: true });
    const res = await preview({ activityId: driving, title: "Fahrt zum Arzt", startsAt: nextBerlin(3, 10), endsAt: nextBerlin(3, 11), helpersNeeded: "2", channels: "both" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.matches).toBe(2);
    expect(body.sms).toMatchObject({ segments: 1, encoding: "GSM-7" });
    expect(body.sms.text).toContain("Fahrt zum Arzt");
    expect(body.email.subject).toContain("Fahrt zum Arzt");
    expect(body.email.text).toContain("Zusagen");
    expect((await (await preview({ activityId: driving, startsAt: nextBerlin(3, 10), requireDrivingLicence: "on" })).json()).matches).toBe(1);
    // half-filled or nonsense input is no error
    expect((await (await preview({ activityId: "x", startsAt: "gestern", helpersNeeded: "-5", languages: ["zz", "ar"] })).json()).matches).toBeNull();
    const { activity } = await secondOrganization(t.db);
    expect((await (await preview({ activityId: activity.id, startsAt: nextBerlin(3, 10) })).json()).matches).toBeNull();
    expect((await t.db.select({ n: count() }).from(s.requests))[0].n).toBe(0);
    expect((await t.db.select({ n: count() }).from(s.messages))[0].n).toBe(0);
  });

  it("serve the board to its organisation only", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    const res = await board(requestId);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.counts).toMatchObject({ asked: 2, accepted: 1, noAnswer: 1 });
    expect(json.people).toHaveLength(2);
    expect(JSON.stringify(json)).not.toMatch(/tokenHash/);
    // contact data only for the accepted helper (to call them from the board), never for the unanswered
    expect(json.people.filter((p: { contact: unknown }) => p.contact)).toHaveLength(1);
    const { org } = await secondOrganization(t.db);
    session.actor = await coordinator(t.db, "fremd@example.org", org.id);
    expect((await board(requestId)).status).toBe(404);
    expect((await board("not-an-id")).status).toBe(404);
  });
});

describe("coordinator server actions", () => {
  it("create: field errors keep what was typed and store nothing", async () => {
    const state = await createRequestAction({}, form({ activityId: driving, title: "Fahrt", startsAt: "2020-01-01T09:00", endsAt: "2020-01-01T08:00", helpersNeeded: "1000", languageMode: "any", languagesOther: "klingonisch" }));
    expect(state.error).toBe("invalid");
    expect(state.fieldErrors).toMatchObject({ startsAt: "start_in_past", helpersNeeded: "helpers_range", languages: "invalid_language" });
    expect(state.values).toMatchObject({ title: "Fahrt", helpersNeeded: "1000", languagesOther: "klingonisch" });
    expect((await t.db.select({ n: count() }).from(s.requests))[0].n).toBe(0);
  });

  it("create: sends and goes to the status board; without a session nothing happens", async () => {
    await volunteer(t.db, { activities: [driving], languages: ["de", "sq"] });
    const values = { activityId: driving, title: "Fahrt", startsAt: nextBerlin(2, 9), endsAt: nextBerlin(2, 10), helpersNeeded: "1", languageMode: "any", languagesOther: "SQ, ro", channels: "email", notifyPendingWhenFilledShown: "1" };
    session.actor = null;
    expect(await createRequestAction({}, form(values))).toMatchObject({ error: "unauthenticated" });
    expect((await t.db.select({ n: count() }).from(s.requests))[0].n).toBe(0);
    session.actor = actor;
    const target = await redirectOf(createRequestAction({}, form(values)));
    const [req] = await t.db.select().from(s.requests);
    expect(target).toBe(`/admin/requests/${req.id}?sent=1`);
    expect(req).toMatchObject({ languages: ["sq", "ro"], languageMode: "any", channels: "email", notifyPendingWhenFilled: false });
  });

  it("change helpers: refuses fewer than accepted with a clear code", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[1]), answer: "accept", via: "web" });
    expect(await changeHelpersAction({}, form({ requestId, helpersNeeded: "1" }))).toMatchObject({ ok: false, error: "below_accepted", count: 2, values: { helpersNeeded: "1" } });
    expect(await changeHelpersAction({}, form({ requestId, helpersNeeded: "abc" }))).toMatchObject({ ok: false, error: "helpers_range" });
    expect(await changeHelpersAction({}, form({ requestId, helpersNeeded: "4" }))).toMatchObject({ ok: true, code: "helpersChanged" });
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, requestId)))[0]).toMatchObject({ helpersNeeded: 4, status: "open" });
  });

  it("ask more and message helpers answer with typed states", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 2 });
    await volunteer(t.db, { activities: [driving] });
    expect(await askMoreAction({}, form({ requestId, limit: "" }))).toMatchObject({ ok: true, count: 1 });
    expect(await messageHelpersAction({}, form({ requestId, text: "Hallo" }))).toMatchObject({ ok: false, error: "no_helpers" });
    session.actor = null;
    expect(await askMoreAction({}, form({ requestId }))).toMatchObject({ ok: false, error: "unauthenticated" });
  });
});
