import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requestSignInAction } from "@/app/admin/sign-in/actions";
import { POST as verifyPOST } from "@/app/admin/sign-in/verify/route";
import { setDatabaseForTests } from "@/db";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { sessionCookieName } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { setupTestDatabase } from "../helpers/db";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { cookieJar, formData, redirectOf } from "../helpers/next";

// Next's after(): the jobs an action leaves for after the answer, run by the test when it wants.
const deferred = vi.hoisted(() => [] as (() => Promise<void>)[]);
vi.mock("next/server", async (original) => ({ ...(await original<typeof import("next/server")>()), after: (job: () => Promise<void>) => void deferred.push(job) }));

const t = setupTestDatabase();
const KNOWN = "koordination@example.org";
const UNKNOWN = "niemand@example.org";

beforeEach(async () => {
  deferred.length = 0;
  await setUpOrganisations(t.db);
});
afterEach(() => setDatabaseForTests(t.handle));

/** Which kinds of database calls the action makes before it answers. */
async function foregroundOf(email: string) {
  const calls: string[] = [];
  const counting = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (["select", "insert", "update", "delete", "transaction", "execute"].includes(String(prop))) calls.push(String(prop));
      return Reflect.get(target, prop, receiver);
    },
  }) as Db;
  setDatabaseForTests({ ...t.handle, db: counting });
  const before = deferred.length;
  const location = await redirectOf(requestSignInAction({}, formData({ email })));
  setDatabaseForTests(t.handle);
  return { location, calls, jobs: deferred.length - before };
}

const signInMails = (email: string) => t.db.select().from(s.messages).where(and(eq(s.messages.kind, "sign-in"), eq(s.messages.recipient, email)));

describe("coordinator sign-in request (issue 13: timing revealed membership)", () => {
  it("does the same work before answering for a known and an unknown address: lookup, token and mail are one deferred job for both", async () => {
    const known = await foregroundOf(KNOWN);
    const unknown = await foregroundOf(UNKNOWN);
    expect(known.location).toBe("/admin/sign-in/check-email");
    expect(unknown.location).toBe(known.location);
    expect(known.calls).toEqual(unknown.calls);
    expect([known.jobs, unknown.jobs]).toEqual([1, 1]);
    // nothing stored or sent before the deferred jobs ran
    expect(await t.db.select().from(s.verificationTokens)).toEqual([]);
    expect(await signInMails(KNOWN)).toEqual([]);
    await Promise.all(deferred.map((job) => job()));
    expect(await signInMails(KNOWN)).toHaveLength(1);
    expect(await signInMails(UNKNOWN)).toEqual([]);
    expect((await t.db.select().from(s.verificationTokens)).map((v) => v.identifier)).toEqual([KNOWN]);
  });

  it("the link in the queued mail signs in through Auth.js's e-mail callback, once", async () => {
    cookieJar.set("NEXT_LOCALE", "en");
    await redirectOf(requestSignInAction({}, formData({ email: KNOWN })));
    await Promise.all(deferred.map((job) => job()));
    const [mail] = await signInMails(KNOWN);
    const m = renderStoredTexts(mail);
    expect(m.subject).toBe("Your Helferruf sign-in link"); // the chosen language
    const code = m.body!.match(/\/admin\/sign-in\/confirm\/(\S+)/)![1];
    const origin = new URL(config().appUrl).origin;
    const verify = () => {
      const body = new FormData();
      body.set("code", code);
      return verifyPOST(new NextRequest(`${origin}/admin/sign-in/verify`, { method: "POST", body, headers: { origin } }));
    };
    const res = await verify();
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!).pathname).toBe("/admin");
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookieName()}=`))).toBe(true);
    expect(await t.db.select().from(s.sessions)).toHaveLength(1);
    // the token is spent
    const again = await verify();
    expect(new URL(again.headers.get("location")!).pathname + new URL(again.headers.get("location")!).search).toMatch(/^\/admin\/sign-in\?error=Verification/);
  });

  it("keeps the per-address limit: the sixth request in 15 minutes is refused, known or not", async () => {
    for (const email of [KNOWN, UNKNOWN]) {
      for (let i = 0; i < 5; i++) expect(await redirectOf(requestSignInAction({}, formData({ email })))).toBe("/admin/sign-in/check-email");
      expect(await requestSignInAction({}, formData({ email }))).toMatchObject({ ok: false, error: "rate_limited" });
    }
  });
});

