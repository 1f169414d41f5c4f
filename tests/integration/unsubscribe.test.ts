import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { hashToken } from "@/lib/tokens";
import { GET, POST } from "@/app/api/unsubscribe/[token]/route";
import { setupTestDatabase } from "../helpers/db";
import { emailTo } from "../helpers/messaging";
import { insertVolunteer } from "../helpers/volunteers";

const t = setupTestDatabase();

async function invitationMail() {
  const v = await insertVolunteer(t.db);
  const [id] = await enqueueMessages(t.db, [emailTo(v.email!, { volunteerId: v.id, kind: "invitation" })]);
  const [stored] = await t.db.select().from(s.messages).where(eq(s.messages.id, id));
  // at rest the header holds a placeholder; the mail as sent has the token (lib/messaging/secrets.ts)
  const row = renderStoredTexts(stored);
  const url = row.headers!["List-Unsubscribe"].slice(1, -1);
  return { v, id, url, token: url.split("/").pop()! };
}

const oneClick = (url: string, accept = "*/*") =>
  new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept }, body: "List-Unsubscribe=One-Click" });
const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const volunteer = async (id: string) => (await t.db.select().from(s.volunteers).where(eq(s.volunteers.id, id)))[0];

describe("one-click unsubscribe (List-Unsubscribe-Post)", () => {
  it("stores only the token's hash", async () => {
    const { id, token } = await invitationMail();
    const [row] = await t.db.select().from(s.messages).where(eq(s.messages.id, id));
    expect(row.unsubscribeTokenHash).toBe(hashToken(token));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("a GET (mail scanner) changes nothing and leads to the confirmation page", async () => {
    const { v, url, token } = await invitationMail();
    const res = await GET(new Request(url), ctx(token));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`http://localhost:3000/unsubscribe/${token}`);
    expect((await volunteer(v.id)).emailOptedOutAt).toBeNull();
  });

  it("a POST stops e-mails for that volunteer, cancels their queued requests but not their sign-in link, and can be repeated", async () => {
    const { v, id, url, token } = await invitationMail();
    const [signIn] = await enqueueMessages(t.db, [emailTo(v.email!, { volunteerId: v.id, kind: "sign-in" })]);
    const res = await POST(oneClick(url), ctx(token));
    expect(res.status).toBe(200);
    expect((await volunteer(v.id)).emailOptedOutAt).not.toBeNull();
    const statuses = Object.fromEntries((await t.db.select().from(s.messages)).map((m) => [m.id, m.status]));
    expect(statuses[id]).toBe("cancelled");
    expect(statuses[signIn]).toBe("queued");
    expect((await POST(oneClick(url), ctx(token))).status).toBe(200);
    expect(await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.email_unsubscribed"))).toHaveLength(1);
  });

  it("sends a browser back to the page with a confirmation", async () => {
    const { url, token } = await invitationMail();
    const res = await POST(oneClick(url, "text/html,application/xhtml+xml"), ctx(token));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`http://localhost:3000/unsubscribe/${token}?done=1`);
  });

  it("answers 404 to an unknown or malformed token and changes nothing", async () => {
    const { v } = await invitationMail();
    expect((await POST(oneClick("http://localhost:3000/api/unsubscribe/x"), ctx("x"))).status).toBe(404);
    const unknown = "A".repeat(43);
    expect((await POST(oneClick(`http://localhost:3000/api/unsubscribe/${unknown}`), ctx(unknown))).status).toBe(404);
    expect((await volunteer(v.id)).emailOptedOutAt).toBeNull();
  });
});
