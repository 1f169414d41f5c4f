import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { confirmAction } from "@/app/(public)/confirm/[token]/actions";
import { requestSignInAction } from "@/app/(public)/manage/actions";
import { saveProfileAction } from "@/app/(public)/profile/actions";
import { registerAction } from "@/app/(public)/register/actions";
import { POST as unsubscribePOST } from "@/app/api/unsubscribe/[token]/route";
import { GET as busyGET } from "@/app/busy/route";
import { DatabaseUnavailableError } from "@/db";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard";
import { BUSY_PATH, isDatabaseBusy } from "@/lib/http/busy";
import { onPostgres, setupTestDatabase } from "../helpers/db";
import { CONSENT_VERSION } from "@/lib/volunteers/consent";
import { VOLUNTEER_SESSION_COOKIE } from "@/lib/volunteers/session";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { answerPost, cookieJar, formData, redirectOf } from "../helpers/next";
import { coordinatorAndActivity, sentRequest } from "../helpers/requests";
import { formFor, volunteerBy } from "../helpers/volunteers";

vi.mock("next-intl/server", () => ({ getLocale: async () => "de" }));

// A pool of two connections that waits only 150 ms for a free one (DATABASE_POOL_MAX / DATABASE_POOL_WAIT_MS).
const t = setupTestDatabase({ poolSize: 2, poolWaitMs: 150 });
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const tap = (token: string, answer = "accept") => answerPost(token, answer);

/** Runs `work` while both connections of the pool are taken by long transactions. */
async function whilePoolIsHeld<T>(work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const holders = [0, 1].map(() => t.db.transaction(async (tx) => {
    await tx.execute("select 1");
    await held;
  }));
  await new Promise((r) => setImmediate(r));
  try {
    return await work();
  } finally {
    release();
    await Promise.all(holders);
  }
}

/** The registration form as the browser posts it. */
async function registrationForm(email: string): Promise<FormData> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(await formFor(t.db, { email }))) {
    if (Array.isArray(v)) v.forEach((x) => fd.append(k, String(x)));
    else if (typeof v === "boolean") { if (v) fd.set(k, "on"); }
    else fd.set(k, String(v));
  }
  fd.set("consentVersion", CONSENT_VERSION);
  fd.set("consentLocale", "de");
  return fd;
}

describe("a burst of taps when the database pool is exhausted (issue 13)", () => {
  it("recognises the pool's timeout and an unavailable database as 'busy', nothing else", () => {
    expect(isDatabaseBusy(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseBusy(new Error("Failed query", { cause: new Error("timeout exceeded when trying to connect") }))).toBe(true);
    expect(isDatabaseBusy(new DatabaseUnavailableError("down"))).toBe(true);
    expect(isDatabaseBusy(new Error('duplicate key value violates unique constraint "x"'))).toBe(false);
    expect(isDatabaseBusy("timeout")).toBe(false);
  });

  it("answers the busy page with 503, Retry-After and the visitor's language, and a link back to where they tapped", async () => {
    const res = busyGET(new Request("http://localhost:3000/busy", { headers: { referer: "http://localhost:3000/r/abc", "accept-language": "uk-UA,uk;q=0.9" } }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const html = await res.text();
    expect(html).toContain('<html lang="uk" dir="ltr">');
    expect(html).toContain("Будь ласка, спробуйте ще раз");
    expect(html).toContain('href="/r/abc"');
    const ar = busyGET(new Request("http://localhost:3000/busy", { headers: { cookie: "NEXT_LOCALE=ar", referer: "https://evil.example/x" } }));
    const arHtml = await ar.text();
    expect(arHtml).toContain('<html lang="ar" dir="rtl">');
    expect(arHtml).toContain('href="/"'); // never back to another site
  });

  it.runIf(onPostgres())("sends a tap that finds no free connection to the busy page, saves nothing, and the next tap works", async () => {
    const { tokens, requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // both connections of the pool are taken by long transactions
    const holders = [0, 1].map(() => t.db.transaction(async (tx) => {
      await tx.execute("select 1");
      await held;
    }));
    await new Promise((r) => setImmediate(r));
    try {
      expect(await tap(tokens[0])).toBe("busy");
    } finally {
      release();
      await Promise.all(holders);
    }
    const [inv] = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(inv.status).toBe("pending");
    expect(await tap(tokens[0])).toBe(`/r/${tokens[0]}`);
    const [after] = await t.db.select().from(s.invitations).where(eq(s.invitations.requestId, requestId));
    expect(after.status).toBe("accepted");
  });

  it.runIf(onPostgres())("answers 60 parallel taps on a pool of two with the page or the busy page, never an exception", async () => {
    const { tokens, requestId } = await sentRequest(t.db, actor, driving, { volunteers: 20, helpersNeeded: 3 });
    const taps = Array.from({ length: 60 }, (_, i) => tap(tokens[i % tokens.length]));
    const outcomes = await Promise.allSettled(taps);
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const locations = outcomes.map((o) => (o as PromiseFulfilledResult<string>).value);
    expect(locations.every((l) => l === "busy" || /^\/r\/[A-Za-z0-9_-]{22}$/.test(l))).toBe(true);
    // exactly-N still holds
    const [request] = await t.db.select().from(s.requests).where(eq(s.requests.id, requestId));
    expect(request.acceptedCount).toBeLessThanOrEqual(3);
  });
});

describe("every tap of a helper or volunteer gets the busy page when the pool is exhausted (issue 13)", () => {
  it.runIf(onPostgres())("registration: the busy page, nothing saved; the same form works afterwards", async () => {
    const fd = await registrationForm("stau@example.net");
    expect(await whilePoolIsHeld(() => redirectOf(registerAction({}, fd)))).toBe(BUSY_PATH);
    expect(await volunteerBy(t.db, "stau@example.net")).toBeUndefined();
    expect(await redirectOf(registerAction({}, await registrationForm("stau@example.net")))).toMatch(/^\/register\/sent/);
    expect(await volunteerBy(t.db, "stau@example.net")).toBeDefined();
  });

  it.runIf(onPostgres())("one-click unsubscribe: 503 with Retry-After and the calm page instead of a 500", async () => {
    const token = "U".repeat(43);
    const req = () => new Request(`http://localhost:3000/api/unsubscribe/${token}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" }, body: "List-Unsubscribe=One-Click" });
    const res = await whilePoolIsHeld(() => unsubscribePOST(req(), { params: Promise.resolve({ token }) }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toContain("<h1>");
    // with a free pool the route answers as always (an unknown token: back to the page)
    expect((await unsubscribePOST(req(), { params: Promise.resolve({ token }) })).status).toBe(303);
  });

  it.runIf(onPostgres())("/manage link request, confirmation and the profile form: the busy page", async () => {
    const w = await setUpOrganisations(t.db);
    expect(await whilePoolIsHeld(() => redirectOf(requestSignInAction({}, formData({ contact: "someone@example.net" }))))).toBe(BUSY_PATH);
    expect(await whilePoolIsHeld(() => redirectOf(confirmAction(formData({ token: "C".repeat(43) }))))).toBe(BUSY_PATH);
    cookieJar.set(VOLUNTEER_SESSION_COOKIE, w.volunteerSession);
    const profile = await registrationForm("x@example.net");
    expect(await whilePoolIsHeld(() => redirectOf(saveProfileAction({}, profile)))).toBe(BUSY_PATH);
  });
});
