import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as calendarGET } from "@/app/r/[token]/calendar.ics/route";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { getInvitationView, respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";
import { parseIcs } from "../helpers/ics";
import { answerPost } from "../helpers/next";
import { coordinatorAndActivity, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

/** Everything a GET could change, as one comparable value. */
async function snapshot(db: Db) {
  const [requests, invitations, messages, audit, volunteers, limits] = await Promise.all([
    db.select().from(s.requests),
    db.select().from(s.invitations),
    db.select({ id: s.messages.id, status: s.messages.status }).from(s.messages),
    db.select({ id: s.auditEvents.id }).from(s.auditEvents),
    db.select({ id: s.volunteers.id, a: s.volunteers.lastActiveAt, b: s.volunteers.lastAskedAt }).from(s.volunteers),
    db.select().from(s.rateLimits),
  ]);
  return JSON.stringify({ requests, invitations, messages, audit, volunteers, limits });
}

const calendar = (token: string) => calendarGET(new Request(`http://localhost/r/${token}/calendar.ics`), { params: Promise.resolve({ token }) });

const post = (token: string, answer: string) => answerPost(token, answer);

describe("the response page and its calendar file", () => {
  it("reading the page's data and downloading the calendar change nothing", async () => {
    const { tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    const before = await snapshot(t.db);
    for (let i = 0; i < 3; i++) {
      expect((await getInvitationView(t.db, hashToken(tokens[0])))!.status).toBe("accepted");
      expect((await getInvitationView(t.db, hashToken(tokens[1])))!.state).toBe("filled");
      expect((await calendar(tokens[0])).status).toBe(200);
      expect((await calendar(tokens[1])).status).toBe(404);
    }
    expect(await snapshot(t.db)).toBe(before);
  });

  it("shows what, when, where, how many are still needed and the helper's answer", async () => {
    const { tokens, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    const view = (await getInvitationView(t.db, hashToken(tokens[1])))!;
    expect(view).toMatchObject({ status: "pending", state: "open", request: { title: "Fahrt zur Ausländerbehörde", place: "Ausländerbehörde, Hauptstr. 1", stillNeeded: 1, helpersNeeded: 2, timeZone: "Europe/Berlin", activityNameDe: "Fahrdienst" } });
    expect(volunteers.map((v) => v.firstName)).toContain(view.firstName);
    expect(view.locale).toBe("de");
    await t.db.update(s.volunteers).set({ locale: "en" }).where(eq(s.volunteers.organizationId, actor.organizationId));
    expect((await getInvitationView(t.db, hashToken(tokens[1])))!.locale).toBe("en");
  });

  it("serves the calendar file of an accepted helper and nothing for unknown or tampered links", async () => {
    const { tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    const res = await calendar(tokens[0]);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const body = await res.text();
    // a plain import (no iTIP method), parsed by a strict parser
    expect(parseIcs(body)).toMatchObject({ method: null, summary: "Fahrt zur Ausländerbehörde", status: "CONFIRMED" });
    expect((await calendar("x".repeat(43))).status).toBe(404);
    expect((await calendar("../../etc/passwd")).status).toBe(404);
  });

  it("answers with one POST and shows the page again; a replayed POST changes nothing", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 1 });
    expect(await post(tokens[0], "accept")).toBe(`/r/${tokens[0]}`);
    const after = await snapshot(t.db);
    expect(await post(tokens[0], "accept")).toBe(`/r/${tokens[0]}`);
    const [req] = await t.db.select().from(s.requests).where(eq(s.requests.id, requestId));
    expect(req).toMatchObject({ acceptedCount: 1, status: "filled" });
    // only the rate-limit counter moved
    expect(JSON.parse(await snapshot(t.db)).invitations).toEqual(JSON.parse(after).invitations);
    expect(JSON.parse(await snapshot(t.db)).messages).toEqual(JSON.parse(after).messages);
    expect(await post(tokens[1], "accept")).toBe(`/r/${tokens[1]}`);
    expect((await getInvitationView(t.db, hashToken(tokens[1])))!.status).toBe("not_needed");
  });

  it("ignores bad POSTs without an error page or a change", async () => {
    const { tokens } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const before = await snapshot(t.db);
    expect(await post(tokens[0], "maybe")).toBe(`/r/${tokens[0]}`);
    expect(await post("short", "accept")).toBe("/r/invalid");
    expect(await post("y".repeat(43), "accept")).toBe(`/r/${"y".repeat(43)}`);
    const now = JSON.parse(await snapshot(t.db));
    const was = JSON.parse(before);
    expect(now.invitations).toEqual(was.invitations);
    expect(now.requests).toEqual(was.requests);
  });

  it("answers a browser's multipart post too; a broken body or a GET of the answer address changes nothing and shows the page", async () => {
    const { POST, GET } = await import("@/app/r/[token]/answer/route");
    const { tokens, requestId } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    const params = (token: string) => ({ params: Promise.resolve({ token }) });
    const at = (token: string) => `http://localhost:3000/r/${token}/answer`;
    const before = await snapshot(t.db);
    const broken = await POST(new Request(at(tokens[0]), { method: "POST", body: "--x\r\nnot a part", headers: { "content-type": "multipart/form-data; boundary=x" } }), params(tokens[0]));
    expect([broken.status, broken.headers.get("location")]).toEqual([303, `/r/${tokens[0]}`]);
    // a body larger than any of the page's forms (read with a bound, nothing buffered beyond it)
    const large = await POST(new Request(at(tokens[0]), { method: "POST", body: "answer=accept&pad=" + "x".repeat(20_000), headers: { "content-type": "application/x-www-form-urlencoded" } }), params(tokens[0]));
    expect([large.status, large.headers.get("location")]).toEqual([303, `/r/${tokens[0]}`]);
    const got = await GET(new Request(at(tokens[0])), params(tokens[0]));
    expect([got.status, got.headers.get("location")]).toEqual([303, `/r/${tokens[0]}`]);
    expect((await GET(new Request(at("x")), params("x"))).headers.get("location")).toBe("/r/invalid");
    expect(JSON.parse(await snapshot(t.db)).invitations).toEqual(JSON.parse(before).invitations);
    // what a browser sends for the form (multipart here; urlencoded in answerPost)
    const fd = new FormData();
    fd.set("answer", "accept");
    const res = await POST(new Request(at(tokens[1]), { method: "POST", body: fd }), params(tokens[1]));
    expect([res.status, res.headers.get("location"), res.headers.get("cache-control")]).toEqual([303, `/r/${tokens[1]}`, "no-store"]);
    const [request] = await t.db.select().from(s.requests).where(eq(s.requests.id, requestId));
    expect(request.acceptedCount).toBe(1);
  });
});
