import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Message } from "@/db/schema";
import { queueSignInMail } from "@/lib/auth/sign-in-mail";
import { dispatchDueMessages } from "@/lib/messaging/dispatcher";
import { listDevOutbox } from "@/lib/messaging/dev-outbox";
import { ALWAYS_DELIVER_KINDS, enqueueMessages } from "@/lib/messaging/outbox";
import { openSecrets, renderStoredTexts, toStoredTexts } from "@/lib/messaging/secrets";
import { DevTransport } from "@/lib/messaging/transports/dev";
import type { Transport } from "@/lib/messaging/transports/types";
import { isKnownUnsubscribeToken, unsubscribeByToken, UNSUBSCRIBE_TOKEN_DAYS } from "@/lib/messaging/unsubscribe";
import { legacyResponseToken, responseToken } from "@/lib/requests/tokens";
import { ensureMember } from "@/db/seed";
import { setupTestDatabase } from "../helpers/db";
import { sentRequest } from "../helpers/requests";
import { insertVolunteer, seededOrganization } from "../helpers/volunteers";
import { setUpOrganisations } from "../helpers/admin-fixtures";

const t = setupTestDatabase();

/** A transport that records what a provider would have received. */
function recordingTransport(name = "recording"): Transport & { got: Message[] } {
  const got: Message[] = [];
  return { name, got, send: async (m) => (got.push(m), { ok: true, providerId: `p-${m.id}` }) };
}

const allRows = () => t.db.select().from(s.messages);

describe("tokens in messages at rest (issue 13)", () => {
  it("stores a request's response links as placeholders and renders them only for the provider", async () => {
    const w = await setUpOrganisations(t.db);
    const [activity] = await t.db.select().from(s.activities).where(eq(s.activities.organizationId, w.org.id)).limit(1);
    const { tokens } = await sentRequest(t.db, w.actors.coordinator, activity.id, { volunteers: 2, helpersNeeded: 1 });
    const stored = await allRows();
    const invitations = stored.filter((m) => m.kind === "invitation");
    expect(invitations.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(stored);
    for (const token of tokens) expect(dump).not.toContain(token);
    // unsubscribe tokens (List-Unsubscribe) are not in the headers either
    for (const m of invitations.filter((m) => m.channel === "email")) {
      expect(m.headers?.["List-Unsubscribe"]).toMatch(/\/api\/unsubscribe\/\{\{helferruf-secret:0\}\}>$/);
      expect(m.sealedSecrets).toMatch(/^v1\./);
    }

    const provider = recordingTransport();
    await dispatchDueMessages(t.db, { transports: { email: provider, sms: provider } });
    const sentTexts = provider.got.map((m) => `${m.body} ${m.html} ${JSON.stringify(m.headers)}`).join("\n");
    for (const token of tokens) expect(sentTexts).toContain(`/r/${token}`);
    expect(sentTexts).not.toContain("{{helferruf");
    expect(sentTexts).toMatch(/List-Unsubscribe":"<http[^>]+\/api\/unsubscribe\/[A-Za-z0-9_-]{43}>/);

    // once a provider has the message, nothing usable is kept: the sealed tokens are gone
    const after = await allRows();
    expect(after.filter((m) => m.status === "sent").every((m) => m.sealedSecrets === null)).toBe(true);
    const unsubscribe = /\/api\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(sentTexts)![1];
    expect(JSON.stringify(after)).not.toContain(unsubscribe);
    // …yet the links in the mails keep working (only hashes are looked up)
    expect(await isKnownUnsubscribeToken(t.db, unsubscribe)).toBe(true);
  });

  it("keeps volunteer sign-in and coordinator sign-in tokens sealed until sent; the development outbox shows them in full", async () => {
    const org = await seededOrganization(t.db);
    await ensureMember(t.db, org.id, "koordination@example.org", "coordinator");
    const token = "S".repeat(43);
    expect(await queueSignInMail(t.db, { email: "koordination@example.org", token, expires: new Date(Date.now() + 600_000), locale: "de" })).toBe(true);
    const [row] = await allRows();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(openSecrets(row.sealedSecrets)).toEqual([token]);
    expect(renderStoredTexts(row).body).toContain(`/admin/sign-in/confirm/${token}.`);
    // the development outbox renders at read time, before and after the development transport sent it
    expect((await listDevOutbox(t.db, { limit: 5 }))[0].body).toContain(token);
    await dispatchDueMessages(t.db, { transports: { email: new DevTransport(true), sms: new DevTransport(true) } });
    const [sentByDev] = await allRows();
    expect(sentByDev.status).toBe("sent");
    expect((await listDevOutbox(t.db, { limit: 5 }))[0].body).toContain(token);
  });

  it("a real provider's sent message keeps only a placeholder: rendered, it shows [removed] instead of the token", async () => {
    const org = await seededOrganization(t.db);
    await ensureMember(t.db, org.id, "koordination@example.org", "coordinator");
    const token = "T".repeat(43);
    await queueSignInMail(t.db, { email: "koordination@example.org", token, expires: new Date(Date.now() + 600_000), locale: "de" });
    const provider = recordingTransport();
    await dispatchDueMessages(t.db, { transports: { email: provider, sms: provider } });
    expect(provider.got[0].body).toContain(token);
    const [row] = await allRows();
    expect(row.sealedSecrets).toBeNull();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(renderStoredTexts(row).body).toContain("/admin/sign-in/confirm/[removed].");
  });

  it("a tampered or foreign seal renders as [removed], never as an error", async () => {
    const org = await seededOrganization(t.db);
    const v = await insertVolunteer(t.db, { organizationId: org.id });
    const [id] = await enqueueMessages(t.db, [{ organizationId: org.id, volunteerId: v.id, channel: "sms", recipient: "+4915200000001", kind: "sign-in", locale: "de", body: `Link: https://x.example/manage/${"Q".repeat(43)}`, secrets: ["Q".repeat(43)] }]);
    await t.db.update(s.messages).set({ sealedSecrets: "v1.AAAA" }).where(eq(s.messages.id, id));
    const [row] = await allRows();
    expect(renderStoredTexts(row).body).toBe("Link: https://x.example/manage/[removed]");
  });

  it("seals a legacy (43-character) response token of an old invitation like any other token", async () => {
    const invitationId = crypto.randomUUID();
    const legacy = legacyResponseToken(invitationId);
    const short = responseToken(invitationId);
    expect(short).toHaveLength(22);
    const stored = toStoredTexts({ body: `a /r/${legacy} b /r/${short}`, invitationId });
    expect(stored.body).toBe("a /r/{{helferruf-secret:0}} b /r/{{helferruf-response-token}}");
    expect(renderStoredTexts({ ...stored, invitationId }).body).toBe(`a /r/${legacy} b /r/${short}`);
  });

  it("an unsubscribe link stops working after UNSUBSCRIBE_TOKEN_DAYS", async () => {
    const org = await seededOrganization(t.db);
    const v = await insertVolunteer(t.db, { organizationId: org.id, email: "alt@example.net" });
    await enqueueMessages(t.db, [{ organizationId: org.id, volunteerId: v.id, channel: "email", recipient: "alt@example.net", kind: "invitation", locale: "de", subject: "x", body: "x" }]);
    const [row] = await allRows();
    const token = /unsubscribe\/([A-Za-z0-9_-]{43})/.exec(renderStoredTexts(row).headers!["List-Unsubscribe"])![1];
    const later = new Date(row.createdAt.getTime() + (UNSUBSCRIBE_TOKEN_DAYS + 1) * 86_400_000);
    expect(await isKnownUnsubscribeToken(t.db, token, later)).toBe(false);
    expect(await unsubscribeByToken(t.db, token, ALWAYS_DELIVER_KINDS, later)).toEqual({ ok: false, error: "unknown_token" });
    expect(await unsubscribeByToken(t.db, token, ALWAYS_DELIVER_KINDS)).toEqual({ ok: true, alreadyUnsubscribed: false });
  });
});
