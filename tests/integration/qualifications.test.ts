import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { addMonths, listExpiringQualifications, listQualificationTypes, recordQualification, removeQualification, createQualificationType, updateQualificationType } from "@/lib/qualifications";
import { seedDefaultQualificationTypes } from "@/lib/qualifications/defaults";
import { sendQualificationReminders } from "@/lib/qualifications/reminders";
import { createAndSendRequest } from "@/lib/requests/create";
import { countMatches, type MatchCriteria } from "@/lib/requests/matching";
import { listOpenNeeds } from "@/lib/requests/open-needs";
import { previewRequest } from "@/lib/requests/preview";
import { jobs } from "@/lib/scheduler";
import { zonedLocalToUtc } from "@/lib/time-zone";
import { exportVolunteerData } from "@/lib/volunteers/export";
import { eraseVolunteer } from "@/lib/volunteers/erase";
import { addVolunteerNote, addVolunteerTag } from "@/lib/volunteers/notes-tags";
import { listVolunteers } from "@/lib/volunteers/directory";
import { setUpOrganisations } from "../helpers/admin-fixtures";
import { setupTestDatabase } from "../helpers/db";
import { activityByKey, volunteer } from "../helpers/requests";

const t = setupTestDatabase();
const ctx = { ip: null };
/** the fixed clock: Monday 2 March 2026, 10:00 in Berlin */
const NOW = new Date("2026-03-02T09:00:00Z");
/** the request: Tuesday 10 March 2026, 09:00–11:00 in Berlin */
const START = "2026-03-10T09:00";
const END = "2026-03-10T11:00";

let w: Awaited<ReturnType<typeof setUpOrganisations>>;
let driving: string;
let clearance: s.QualificationType;
let firstAid: s.QualificationType;

beforeEach(async () => {
  w = await setUpOrganisations(t.db);
  driving = (await activityByKey(t.db, "driving")).id;
  const types = await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.org.id));
  clearance = types.find((x) => x.name === "Erweitertes Führungszeugnis")!;
  firstAid = types.find((x) => x.name === "Erste-Hilfe-Kurs")!;
});

/** a volunteer doing the driving service with the given entry of the clearance type (issued 2025-01-01) */
async function holder(expiresOn: string | null | "none", typeId = clearance.id, spec: Parameters<typeof volunteer>[1] = {}) {
  const v = await volunteer(t.db, { activities: [driving], ...spec });
  if (expiresOn !== "none") {
    await t.db.insert(s.volunteerQualifications).values({ organizationId: v.organizationId, volunteerId: v.id, typeId, issuedOn: "2025-01-01", expiresOn });
  }
  return v;
}

const criteria = (over: Partial<MatchCriteria> = {}): MatchCriteria => ({
  activityId: driving,
  startsAt: zonedLocalToUtc(START, "Europe/Berlin")!,
  languageMode: "none",
  languages: [],
  channels: "both",
  requireDrivingLicence: false,
  requireCar: false,
  timeZone: "Europe/Berlin",
  ...over,
});

describe("the default qualification types", () => {
  it("are seeded for every organisation, once (idempotent), with the usual validity", async () => {
    const names = (await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.org.id))).map((x) => [x.name, x.validityMonths]);
    expect(names).toEqual(expect.arrayContaining([["Erweitertes Führungszeugnis", 60], ["Erste-Hilfe-Kurs", 24], ["Dolmetscher-Zertifikat", null], ["Führerschein Klasse B", null]]));
    await seedDefaultQualificationTypes(t.db, w.org.id);
    expect(await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.org.id))).toHaveLength(4);
  });
});

describe("a request that requires a qualification (fixed clock)", () => {
  it("matches only volunteers whose entry is still valid on the start's day: through the expiry day, or without expiry", async () => {
    await holder("2026-03-09"); // expired the day before
    const onTheDay = await holder("2026-03-10"); // valid through the day of the request
    const unlimited = await holder(null);
    await holder("none"); // no entry at all
    await holder(null, firstAid.id); // another qualification
    expect(await countMatches(t.db, w.org.id, criteria())).toBe(5);
    expect(await countMatches(t.db, w.org.id, criteria({ requiredQualificationId: clearance.id }), { now: NOW })).toBe(2);

    const sent = await createAndSendRequest(t.db, w.actors.coordinator, { activityId: driving, title: "Kinderbetreuung beim Elterncafé", startsAt: START, endsAt: END, helpersNeeded: 2, channels: "email", requiredQualificationId: clearance.id }, { now: NOW });
    expect(sent).toMatchObject({ ok: true, invited: 2 });
    const invited = await t.db.select({ v: s.invitations.volunteerId }).from(s.invitations).where(eq(s.invitations.requestId, sent.ok ? sent.requestId : ""));
    expect(invited.map((i) => i.v).sort()).toEqual([onTheDay.id, unlimited.id].sort());
  });

  it("the preview counts the same and says which qualification it counted", async () => {
    await holder("2026-03-09");
    await holder("2027-01-01");
    await holder("none");
    const raw = { activityId: driving, title: "Elterncafé", startsAt: START, endsAt: END, helpersNeeded: "1", channels: "email" };
    expect(await previewRequest(t.db, w.actors.coordinator, raw)).toMatchObject({ matches: 3, requiredQualification: null });
    expect(await previewRequest(t.db, w.actors.coordinator, { ...raw, requiredQualificationId: clearance.id })).toMatchObject({ matches: 1, requiredQualification: { name: "Erweitertes Führungszeugnis" } });
  });

  it("refuses a qualification of another organisation or a deactivated one, and sends nothing", async () => {
    await seedDefaultQualificationTypes(t.db, w.other.id);
    const [foreign] = await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.other.id));
    await holder(null);
    const input = { activityId: driving, title: "Elterncafé", startsAt: START, endsAt: END, helpersNeeded: 1, channels: "email" };
    expect(await createAndSendRequest(t.db, w.actors.coordinator, { ...input, requiredQualificationId: foreign.id }, { now: NOW })).toMatchObject({ ok: false, fieldErrors: { requiredQualificationId: "qualification_unknown" } });
    await t.db.update(s.qualificationTypes).set({ active: false }).where(eq(s.qualificationTypes.id, clearance.id));
    expect(await createAndSendRequest(t.db, w.actors.coordinator, { ...input, requiredQualificationId: clearance.id }, { now: NOW })).toMatchObject({ ok: false, fieldErrors: { requiredQualificationId: "qualification_unknown" } });
    expect(await t.db.select().from(s.requests)).toHaveLength(0);
    // the preview ignores a foreign id (counts without it), it never counts another organisation's entries
    expect(await previewRequest(t.db, w.actors.coordinator, { ...input, helpersNeeded: "1", requiredQualificationId: foreign.id })).toMatchObject({ requiredQualification: null });
  });

  it("open needs apply the same rule: a volunteer sees the request only with a valid entry", async () => {
    const expired = await holder("2026-03-09");
    const valid = await holder("2026-12-31");
    // created with waves of 1 so that only one of them is invited; open needs are the pull side for the rest
    const sent = await createAndSendRequest(t.db, w.actors.coordinator, { activityId: driving, title: "Elterncafé", startsAt: START, endsAt: END, helpersNeeded: 2, channels: "email", requiredQualificationId: clearance.id, inviteLimit: 1 }, { now: NOW });
    expect(sent.ok).toBe(true);
    expect((await listOpenNeeds(t.db, expired.id, NOW)).map((n) => n.title)).toEqual([]);
    expect((await listOpenNeeds(t.db, valid.id, NOW)).map((n) => n.title)).toEqual(["Elterncafé"]);
  });
});

describe("recording a qualification on the volunteer's page", () => {
  it("takes the type's usual validity when no expiry is given, renews in place, and is audited against the volunteer", async () => {
    const r = await recordQualification(w.actors.coordinator, { volunteerId: w.volunteer.id, typeId: clearance.id, issuedOn: "2026-02-15", seen: "on" }, ctx, NOW);
    expect(r).toMatchObject({ ok: true, expiresOn: "2031-02-15" });
    await recordQualification(w.actors.coordinator, { volunteerId: w.volunteer.id, typeId: clearance.id, issuedOn: "2026-03-01", expiresOn: "2028-03-01", seen: "on" }, ctx, NOW);
    const rows = await t.db.select().from(s.volunteerQualifications).where(eq(s.volunteerQualifications.volunteerId, w.volunteer.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ issuedOn: "2026-03-01", expiresOn: "2028-03-01", recordedBy: w.users.coordinator.id });
    const audit = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "volunteer.qualification_record"), eq(s.auditEvents.objectId, w.volunteer.id)));
    expect(audit).toHaveLength(2);
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
  });

  it("refuses without the 'seen' confirmation, a future issue date, an expiry before the issue, and stores nothing", async () => {
    const base = { volunteerId: w.volunteer.id, typeId: clearance.id, issuedOn: "2026-02-15" };
    expect(await recordQualification(w.actors.coordinator, base, ctx, NOW)).toMatchObject({ ok: false, fieldErrors: { seen: "seen_required" } });
    expect(await recordQualification(w.actors.coordinator, { ...base, issuedOn: "2026-04-01", seen: "on" }, ctx, NOW)).toMatchObject({ ok: false, fieldErrors: { issuedOn: "date_in_future" } });
    expect(await recordQualification(w.actors.coordinator, { ...base, expiresOn: "2026-01-01", seen: "on" }, ctx, NOW)).toMatchObject({ ok: false, fieldErrors: { expiresOn: "expiry_before_issue" } });
    expect(await recordQualification(w.actors.coordinator, { ...base, issuedOn: "15.02.2026", seen: "on" }, ctx, NOW)).toMatchObject({ ok: false, fieldErrors: { issuedOn: "date_invalid" } });
    expect(await t.db.select().from(s.volunteerQualifications)).toHaveLength(0);
  });

  it("never writes for another organisation's volunteer or with another organisation's type", async () => {
    await seedDefaultQualificationTypes(t.db, w.other.id);
    const [foreign] = await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.other.id));
    expect(await recordQualification(w.actors.otherCoordinator, { volunteerId: w.volunteer.id, typeId: foreign.id, issuedOn: "2026-02-15", seen: "on" }, ctx, NOW)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await recordQualification(w.actors.coordinator, { volunteerId: w.volunteer.id, typeId: foreign.id, issuedOn: "2026-02-15", seen: "on" }, ctx, NOW)).toMatchObject({ ok: false, fieldErrors: { typeId: "qualification_unknown" } });
    await recordQualification(w.actors.coordinator, { volunteerId: w.volunteer.id, typeId: clearance.id, issuedOn: "2026-02-15", seen: "on" }, ctx, NOW);
    expect(await removeQualification(w.actors.otherAdmin, { volunteerId: w.volunteer.id, typeId: clearance.id }, ctx)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await t.db.select().from(s.volunteerQualifications)).toHaveLength(1);
    expect(await removeQualification(w.actors.coordinator, { volunteerId: w.volunteer.id, typeId: clearance.id }, ctx)).toMatchObject({ ok: true });
    expect(await t.db.select().from(s.volunteerQualifications)).toHaveLength(0);
  });

  it("admins add and change kinds; names are unique per organisation, case-insensitively", async () => {
    expect(await createQualificationType(w.actors.admin, { name: "Hygieneschulung", validityMonths: "12" }, ctx)).toMatchObject({ ok: true });
    expect(await createQualificationType(w.actors.admin, { name: "hygieneschulung", validityMonths: "" }, ctx)).toMatchObject({ ok: false, fieldErrors: { name: "qualification_name_taken" } });
    expect(await createQualificationType(w.actors.admin, { name: "Schwimmabzeichen", validityMonths: "0" }, ctx)).toMatchObject({ ok: false, fieldErrors: { validityMonths: "validity_range" } });
    // the same name in another organisation is fine
    expect(await createQualificationType(w.actors.otherAdmin, { name: "Hygieneschulung", validityMonths: "" }, ctx)).toMatchObject({ ok: true });
    expect(await updateQualificationType(w.actors.otherAdmin, { id: clearance.id, name: "Gekapert", validityMonths: "", active: "false" }, ctx)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await updateQualificationType(w.actors.admin, { id: clearance.id, name: clearance.name, validityMonths: "60", active: "false" }, ctx)).toMatchObject({ ok: true });
    const [after] = await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.id, clearance.id));
    expect(after).toMatchObject({ name: "Erweitertes Führungszeugnis", active: false });
  });
});

describe("the kinds of qualification on the list page", () => {
  it("count the volunteers holding a valid entry on the given day (through the expiry day, or without expiry)", async () => {
    await holder("2026-03-02");
    await holder(null);
    await holder("2026-03-01");
    await holder("2027-01-01", firstAid.id);
    const count = async (today: string) => Object.fromEntries((await listQualificationTypes(t.db, w.org.id, { today })).map((x) => [x.name, x.holders]));
    expect(await count("2026-03-02")).toMatchObject({ "Erweitertes Führungszeugnis": 2, "Erste-Hilfe-Kurs": 1 });
    expect(await count("2026-03-03")).toMatchObject({ "Erweitertes Führungszeugnis": 1, "Erste-Hilfe-Kurs": 1 });
    expect(await count("2027-01-02")).toMatchObject({ "Erweitertes Führungszeugnis": 1, "Erste-Hilfe-Kurs": 0 });
  });
});

describe("expiring qualifications and the volunteer's reminder (fixed clock)", () => {
  it("lists the organisation's expired and soon expiring entries, soonest first, never another organisation's", async () => {
    const soon = await holder("2026-03-20");
    const expired = await holder("2026-02-01");
    await holder("2026-09-01");
    await holder(null);
    const foreign = await volunteer(t.db, { organizationId: w.other.id });
    await seedDefaultQualificationTypes(t.db, w.other.id);
    const [foreignType] = await t.db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, w.other.id));
    await t.db.insert(s.volunteerQualifications).values({ organizationId: w.other.id, volunteerId: foreign.id, typeId: foreignType.id, issuedOn: "2025-01-01", expiresOn: "2026-03-05" });
    const list = await listExpiringQualifications(w.actors.coordinator, { days: 60 }, NOW);
    expect(list.rows.map((r) => [r.volunteerId, r.expired])).toEqual([
      [expired.id, true],
      [soon.id, false],
    ]);
  });

  it("reminds each volunteer once per entry, 30 days ahead, in their language, through the outbox; renewal makes it due again", async () => {
    const ukrainian = await holder("2026-03-25", clearance.id, { locale: "uk" });
    await holder("2026-05-01"); // not yet due
    await holder("2026-02-20"); // already expired: no reminder
    await holder("2026-03-20", clearance.id, { status: "pending" }); // never confirmed: not messaged
    const job = jobs.find((j) => j.name === "qualifications")!;

    expect(await job.run(t.db, NOW)).toEqual({ reminded: 1 });
    const messages = await t.db.select().from(s.messages).where(eq(s.messages.kind, "qualification-reminder"));
    expect(messages).toHaveLength(1);
    const m = renderStoredTexts(messages[0]);
    expect(m).toMatchObject({ volunteerId: ukrainian.id, channel: "email", recipient: ukrainian.email, status: "queued", locale: "uk" });
    expect(m.subject).toContain("Erweitertes Führungszeugnis");
    expect(m.body).toContain("Будь ласка");
    expect(m.body).toContain("2026");

    // the next ticks send nothing more for the same entry
    expect(await job.run(t.db, NOW)).toEqual({ reminded: 0 });
    expect(await sendQualificationReminders(t.db, new Date("2026-03-10T09:00:00Z"))).toEqual({ reminded: 0 });
    // a month later the May entry is due
    expect(await sendQualificationReminders(t.db, new Date("2026-04-05T09:00:00Z"))).toEqual({ reminded: 1 });

    // renewed with a date still inside the window: due again, once
    const [admin] = [w.actors.coordinator];
    expect(await recordQualification(admin, { volunteerId: ukrainian.id, typeId: clearance.id, issuedOn: "2021-03-26", expiresOn: "2026-03-28", seen: "on" }, ctx, NOW)).toMatchObject({ ok: true });
    expect(await sendQualificationReminders(t.db, NOW)).toEqual({ reminded: 1 });
    expect(await t.db.select().from(s.messages).where(eq(s.messages.kind, "qualification-reminder"))).toHaveLength(3);
    const audit = await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "volunteer.qualification_reminder"));
    expect(audit).toHaveLength(3);
  });
});

describe("notes, tags and the volunteer's rights", () => {
  it("the directory filters by tag and by a qualification valid today; another organisation's tag finds nobody", async () => {
    const tagged = await holder(null);
    await holder("2025-06-01"); // expired last summer
    const tag = await addVolunteerTag(w.actors.coordinator, { volunteerId: tagged.id, name: "Sommerfest 2026" }, ctx);
    expect(tag.ok).toBe(true);
    // the same name again (other case) reuses the tag
    const again = await addVolunteerTag(w.actors.coordinator, { volunteerId: w.volunteer.id, name: "sommerfest 2026" }, ctx);
    expect(again.ok && tag.ok && again.tagId === tag.tagId).toBe(true);
    const byTag = await listVolunteers(w.actors.coordinator, { tag: tag.ok ? tag.tagId : "" });
    expect(byTag.rows.map((r) => r.id).sort()).toEqual([tagged.id, w.volunteer.id].sort());
    const byQualification = await listVolunteers(w.actors.coordinator, { qualification: clearance.id });
    expect(byQualification.rows.map((r) => r.id)).toEqual([tagged.id]);
    const foreign = await listVolunteers(w.actors.otherCoordinator, { tag: tag.ok ? tag.tagId : "" });
    expect(foreign.total).toBe(0);
  });

  it("the export contains the qualifications, the notes (author by role only) and the tags; erasure removes them", async () => {
    await recordQualification(w.actors.coordinator, { volunteerId: w.volunteer.id, typeId: firstAid.id, issuedOn: "2026-01-10", seen: "on" }, ctx, NOW);
    await addVolunteerNote(w.actors.coordinator, { volunteerId: w.volunteer.id, body: "Spricht auch etwas Farsi; fährt gern nachmittags." }, ctx);
    await addVolunteerTag(w.actors.coordinator, { volunteerId: w.volunteer.id, name: "Springerin" }, ctx);
    const data = (await exportVolunteerData(w.volunteer.id, t.db, NOW))!;
    expect(data.qualifications).toEqual([expect.objectContaining({ name: "Erste-Hilfe-Kurs", issuedOn: "2026-01-10", expiresOn: "2028-01-10" })]);
    expect(data.coordinatorNotes).toEqual([expect.objectContaining({ text: "Spricht auch etwas Farsi; fährt gern nachmittags.", by: "coordinator" })]);
    expect(JSON.stringify(data.coordinatorNotes)).not.toContain("koordination@example.org");
    expect(data.tags).toEqual([expect.objectContaining({ name: "Springerin" })]);
    // the audit entries name what happened, never the note's text
    expect(JSON.stringify(data.auditEvents)).not.toContain("Farsi");
    expect(data.auditEvents.map((e) => e.action)).toEqual(expect.arrayContaining(["volunteer.qualification_record", "volunteer.note_add", "volunteer.tag_add"]));

    await eraseVolunteer(w.volunteer.id, { db: t.db });
    for (const table of [s.volunteerQualifications, s.volunteerNotes, s.volunteerTags]) expect(await t.db.select().from(table)).toEqual([]);
  });
});
