import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { translator } from "@/i18n/translator";
import type { Actor } from "@/lib/auth/guard";
import { presentAuditRows, type AuditTranslator } from "@/lib/audit/present";
import { recentAuditEvents } from "@/lib/audit/query";
import { cancelRequest } from "@/lib/requests/manage";
import { respondToInvitation } from "@/lib/requests/respond";
import { hashToken } from "@/lib/tokens";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { setupTestDatabase } from "../helpers/db";
import { coordinatorAndActivity, sentRequest } from "../helpers/requests";

const t = setupTestDatabase();
let actor: Actor;
let driving: string;
beforeEach(async () => ({ actor, driving } = await coordinatorAndActivity(t.db)));

const de = translator("de", "admin") as unknown as AuditTranslator;
const en = translator("en", "admin") as unknown as AuditTranslator;

describe("the activity feed in words", () => {
  it("names actions, actors and objects instead of keys and ids, in the organisation's time zone", async () => {
    const { requestId, tokens } = await sentRequest(t.db, actor, driving, { volunteers: 2, helpersNeeded: 2 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[1]), answer: "decline", via: "sms" });
    await cancelRequest(t.db, actor, requestId, { confirm: "yes", reason: "Termin verschoben" });
    await cancelRequest(t.db, actor, requestId); // refused: already cancelled
    const [org] = await t.db.select().from(s.organizations);
    await t.db.update(s.organizations).set({ timeZone: "America/New_York" }).where(eq(s.organizations.id, org.id));
    const rows = await recentAuditEvents(t.db, org.id, 20);
    const feed = presentAuditRows(de, "de", rows);
    const text = feed.map((e) => `${e.action} | ${e.object} | ${e.actor} | ${e.outcome}`);
    const title = "Fahrt zur Ausländerbehörde";
    expect(text).toContain(`Anfrage gesendet | Anfrage „${title}“ | koordination@example.org | erfolgreich`);
    expect(text).toContain(`Anfrage abgesagt | Anfrage „${title}“ | koordination@example.org | abgelehnt`);
    expect(text.some((l) => l.startsWith("Zugesagt | ") && l.includes(`zu „${title}“`) && l.endsWith("| Eine Helferin/ein Helfer über den Antwortlink | erfolgreich"))).toBe(true);
    expect(text.some((l) => l.startsWith("Abgesagt | ") && l.endsWith("| Eine Helferin/ein Helfer per SMS-Antwort | erfolgreich"))).toBe(true);
    // the helper's name, not the invitation's id
    expect(text.filter((l) => /^(Zugesagt|Abgesagt) \| Vorname\d+ Nachname\d+ zu „/.test(l))).toHaveLength(2);
    expect(text).toContain(`Offene Anfragen gestoppt (abgesagt) | Anfrage „${title}“ | Helferruf (automatisch) | erfolgreich`);
    // no raw key or id anywhere
    for (const e of feed) {
      expect(e.action).not.toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(e.object).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    }
    // the time is the organisation's (New York is 5 or 4 hours behind UTC)
    const first = rows[0];
    const ny = new Intl.DateTimeFormat("de", { timeZone: "America/New_York", dateStyle: "short", timeStyle: "short" }).format(first.createdAt);
    expect(feed[0].when).toBe(ny);
    // English coordinators read English
    expect(presentAuditRows(en, "en", rows).map((e) => e.action)).toContain("Request cancelled");
  });

  it("says 'gelöschte Person' after erasure and keeps unknown actions readable as their key", async () => {
    const { tokens, volunteers } = await sentRequest(t.db, actor, driving, { volunteers: 1, helpersNeeded: 1 });
    await respondToInvitation(t.db, { tokenHash: hashToken(tokens[0]), answer: "accept", via: "web" });
    await eraseVolunteer(volunteers[0].id, { db: t.db });
    await t.db.insert(s.auditEvents).values({ organizationId: actor.organizationId, actorType: "system", action: "future.thing", objectType: "request", objectId: "not-a-uuid" });
    const feed = presentAuditRows(de, "de", await recentAuditEvents(t.db, actor.organizationId, 20));
    expect(feed.find((e) => e.action === "Daten gelöscht")).toMatchObject({ object: "gelöschte Person", actor: "Die/der Freiwillige selbst" });
    expect(feed.find((e) => e.action === "Zugesagt")!.object).toBe("gelöschte Person zu „Fahrt zur Ausländerbehörde“");
    // a malformed id never breaks the page: no title, no cast error
    expect(feed[0]).toMatchObject({ action: "future.thing", object: "Anfrage „gelöscht“" });
  });
});
