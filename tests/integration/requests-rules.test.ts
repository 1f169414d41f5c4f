import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import type { Actor } from "@/lib/auth/guard-types";
import { createAndSendRequest } from "@/lib/requests/create";
import { MAX_HELPERS } from "@/lib/requests/limits";
import { cancelRequest, changeHelpersNeeded, messageAcceptedHelpers } from "@/lib/requests/manage";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { canUseChannel, canUseChannelSql, CHANNELS } from "@/lib/volunteers/channels";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, coordinator, requestInput, secondOrganization, sentRequest, volunteer } from "../helpers/requests";

/** Rules that live in one place since the renovation (issue 11), each checked where it is used. */

const t = setupTestDatabase();
let actor: Actor, driving: string;
beforeEach(async () => void ([actor, driving] = [await coordinator(t.db), (await activityByKey(t.db)).id]));

const auditOf = (action: string) => t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, action));

describe("who is reachable on which channel", () => {
  it("the SQL fragment and the TypeScript predicate agree for every combination of address, confirmation and stop flag", async () => {
    const at = new Date();
    const emails = [
      { email: null, emailConfirmedAt: null },
      { emailConfirmedAt: null },
      {},
      { emailBouncedAt: at },
      { emailOptedOutAt: at },
    ];
    const phones = [{ phone: null }, { phone: "+491511000", phoneConfirmedAt: null }, { phone: "+491512000", phoneConfirmedAt: at }, { phone: "+491513000", phoneConfirmedAt: at, smsOptedOutAt: at }];
    let n = 0;
    for (const e of emails) {
      for (const p of phones) {
        if ("email" in e && p.phone === null) continue; // a volunteer needs an address
        await volunteer(t.db, { ...e, ...p, ...(p.phone ? { phone: `${p.phone}${n++}` } : {}) });
      }
    }
    const rows = await t.db
      .select({ v: s.volunteers, email: sql<boolean>`${canUseChannelSql("email")}`, sms: sql<boolean>`${canUseChannelSql("sms")}` })
      .from(s.volunteers);
    expect(rows.length).toBeGreaterThanOrEqual(16);
    for (const row of rows) {
      for (const c of CHANNELS) expect({ id: row.v.id, c, usable: row[c] }).toEqual({ id: row.v.id, c, usable: canUseChannel(row.v, c) });
    }
    // every kind of outcome occurs, so the comparison says something
    expect(new Set(rows.map((r) => `${r.email}/${r.sms}`)).size).toBe(4);
  });

  it("a helper who unsubscribed from e-mail after accepting gets the coordinator's note by SMS, not an e-mail that would be dropped", async () => {
    const { requestId, tokens, volunteers } = await sentRequest(t.db, actor, driving, {
      volunteers: 1,
      helpersNeeded: 1,
      volunteerSpec: { contactPreference: "both", phone: "+4915112345678", phoneConfirmedAt: new Date() },
    });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    await t.db.update(s.volunteers).set({ emailOptedOutAt: new Date() }).where(eq(s.volunteers.id, volunteers[0].id));
    expect(await messageAcceptedHelpers(t.db, actor, requestId, { text: "Treffpunkt ist am Haupteingang." })).toEqual({ ok: true, sent: 1 });
    const notes = await t.db.select().from(s.messages).where(and(eq(s.messages.requestId, requestId), eq(s.messages.kind, "helper-note")));
    expect(notes.map((m) => m.channel)).toEqual(["sms"]);
  });
});

describe("the helpers limit", () => {
  it("is the same in the input rules and in the database's CHECK", async () => {
    const ok = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: MAX_HELPERS }));
    expect(ok.ok).toBe(true);
    const tooMany = await createAndSendRequest(t.db, actor, requestInput(driving, { helpersNeeded: MAX_HELPERS + 1 }));
    expect(tooMany).toMatchObject({ ok: false, fieldErrors: { helpersNeeded: "helpers_range" } });
    if (!ok.ok) return;
    await expect(t.db.update(s.requests).set({ helpersNeeded: MAX_HELPERS + 1 }).where(eq(s.requests.id, ok.requestId))).rejects.toThrow();
  });
});

describe("refused and invalid request actions are audited like the admin operations", () => {
  it("another organisation's request: not found for the coordinator, audited as denied (foreign object)", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    const other = await secondOrganization(t.db);
    const stranger = await coordinator(t.db, "fremd@example.org", other.org.id);
    expect(await cancelRequest(t.db, stranger, requestId, undefined, { ip: "203.0.113.9" })).toEqual({ ok: false, error: "not_found" });
    expect(await cancelRequest(t.db, actor, "not-a-uuid")).toEqual({ ok: false, error: "not_found" });
    const audit = await auditOf("request.cancel");
    expect(audit).toHaveLength(2);
    expect(audit.find((a) => a.actorUserId === stranger.userId)).toMatchObject({ outcome: "denied", organizationId: other.org.id, objectId: requestId, ip: "203.0.113.9", details: { reason: "foreign_object" } });
    expect(audit.find((a) => a.actorUserId === actor.userId)).toMatchObject({ outcome: "denied", objectId: null, details: { reason: "not_found" } });
    expect((await t.db.select().from(s.requests).where(eq(s.requests.id, requestId)))[0].status).toBe("open");
  });

  it("a finished request: the refusal code, audited as denied with that code", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await cancelRequest(t.db, actor, requestId)).toMatchObject({ ok: true });
    expect(await cancelRequest(t.db, actor, requestId)).toEqual({ ok: false, error: "already_cancelled" });
    expect(await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: 2 })).toEqual({ ok: false, error: "not_open" });
    expect((await auditOf("request.cancel")).map((a) => [a.outcome, (a.details as { reason?: string } | null)?.reason ?? null])).toEqual(
      expect.arrayContaining([
        ["ok", null],
        ["denied", "already_cancelled"],
      ]),
    );
    expect(await auditOf("request.change_helpers")).toMatchObject([{ outcome: "denied", details: { reason: "not_open" } }]);
  });

  it("bad input: field errors, audited as invalid with the field names only", async () => {
    const { requestId } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    expect(await changeHelpersNeeded(t.db, actor, requestId, { helpersNeeded: "viele" })).toEqual({ ok: false, error: "invalid", fieldErrors: { helpersNeeded: "helpers_range" } });
    expect(await auditOf("request.change_helpers")).toMatchObject([{ outcome: "invalid", objectId: requestId, details: { fields: ["helpersNeeded"] } }]);
    const created = await createAndSendRequest(t.db, actor, requestInput(driving, { title: "" }));
    expect(created).toMatchObject({ ok: false, fieldErrors: { title: "required" } });
    const invalid = (await auditOf("request.create")).filter((a) => a.outcome === "invalid");
    expect(invalid).toMatchObject([{ details: { fields: ["title"] } }]);
  });
});
