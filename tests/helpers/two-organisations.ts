import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { ensureMember } from "@/db/seed";
import type { Actor, AdminActor } from "@/lib/auth/guard-types";
import { generateToken, hashToken } from "@/lib/tokens";
import { calendarDateIn, addDays } from "@/lib/time-zone";
import { createSession } from "./admin-fixtures";
import { RecordingTransport } from "./recording-transport";
import { NO_QUIET_HOURS, requestInput, volunteer } from "./requests";

/**
 * Issue 16 ("everything scoped"): two organisations with OVERLAPPING data, built through the
 * domain functions wherever one exists. Both have the same activity names, a volunteer with the
 * SAME e-mail and mobile number, a request with the same title, start and short code, a shift
 * plan on the same day, a series, a template, a past request with confirmed attendance, a
 * calendar feed, a volunteer session, notice preferences, messages and audit entries. What
 * differs is a marker in each organisation's own texts (`NurA` / `NurB`), so a leak is visible
 * in anything serialised.
 *
 * Extending it (a new organisation-scoped table or feature): add its rows in `buildOrganisation`
 * for BOTH organisations, and its row → organisation query in ORG_SCOPED_TABLES
 * (tests/integration/organization-isolation.test.ts fails and says so until you do).
 */

export const SHARED_EMAIL = "doppelt@example.net";
export const SHARED_PHONE = "+4915112345678";
export const SHARED_TITLE = "Fahrt zur Ausländerbehörde";

export type OrgWorld = Awaited<ReturnType<typeof buildOrganisation>>;

/** Organisation settings that make the scheduler's work differ per organisation (see the isolation test). */
export type TimedSettings = { reminderHours: [number, number]; escalationHoursBefore: number; seriesLeadDays: number; retention: Record<string, number> };

async function buildOrganisation(db: Db, org: s.Organization, label: "A" | "B", settings: TimedSettings, now: Date) {
  const { createAndSendRequest } = await import("@/lib/requests/create");
  const { createShiftPlan } = await import("@/lib/shifts/create");
  const { createSeries } = await import("@/lib/series/create");
  const { createCalendarFeed } = await import("@/lib/volunteers/calendar-feed");
  const lower = label.toLowerCase();
  // no quiet hours: the fixture's SMS go out at once, whatever the hour the suite runs at
  await db.update(s.organizations).set({ settings: { ...(org.settings ?? {}), ...settings, quietHours: NO_QUIET_HOURS } }).where(eq(s.organizations.id, org.id));

  const admin = await ensureMember(db, org.id, `admin-${lower}@example.org`, "admin");
  const coordinator = await ensureMember(db, org.id, `koordination-${lower}@example.org`, "coordinator");
  const actor = (m: typeof admin): Actor => ({ userId: m.user.id, email: m.user.email, organizationId: org.id, role: m.membership.role });
  const actors = { admin: actor(admin) as AdminActor, coordinator: actor(coordinator) };
  await db.insert(s.coordinatorNoticePreferences).values({ userId: coordinator.user.id, organizationId: org.id, onFilled: true, locale: "de" });

  // the same activity names in both: the seeded 13 in A, the same "Fahrdienst" (key driving) in B
  const [driving] = await db.select().from(s.activities).where(and(eq(s.activities.organizationId, org.id), eq(s.activities.key, "driving")));

  // the same person registered in both organisations (same e-mail, same mobile number)
  const shared = await volunteer(db, {
    organizationId: org.id,
    firstName: "Lena",
    lastName: "Doppelt",
    email: SHARED_EMAIL,
    phone: SHARED_PHONE,
    phoneConfirmedAt: now,
    contactPreference: "both",
    activities: [driving.id],
    slots: [{ weekday: 2, partOfDay: "morning" }],
  });
  // and one only this organisation has (the marker in names and addresses)
  const own = await volunteer(db, { organizationId: org.id, firstName: "Nur", lastName: `Nur${label}`, email: `nur-${lower}@example.net`, activities: [driving.id], languages: ["ar"] });
  // an unconfirmed sign-up (retention of unconfirmed registrations)
  const pending = await volunteer(db, { organizationId: org.id, firstName: "Offen", lastName: `Unbestaetigt${label}`, email: `offen-${lower}@example.net`, status: "pending", emailConfirmedAt: null });

  const volunteerSession = generateToken();
  await db.insert(s.volunteerTokens).values({ volunteerId: shared.id, purpose: "volunteer_session", tokenHash: hashToken(volunteerSession), expiresAt: new Date(now.getTime() + 86_400_000) });
  const feed = await createCalendarFeed(db, shared.id);
  if (!feed) throw new Error("no calendar feed");

  // a request at the same time with the same title in both; the details carry the marker
  const created = await createAndSendRequest(db, actors.coordinator, requestInput(driving.id, { title: SHARED_TITLE, details: `Treffpunkt Nur${label}`, helpersNeeded: 2, channels: "both" }), { now });
  if (!created.ok) throw new Error(`request: ${JSON.stringify(created)}`);
  const [request] = await db.select().from(s.requests).where(eq(s.requests.id, created.requestId));
  const invitations = await db.select().from(s.invitations).where(eq(s.invitations.requestId, request.id));
  const sharedInvitation = invitations.find((i) => i.volunteerId === shared.id)!;
  const ownInvitation = invitations.find((i) => i.volunteerId === own.id)!;
  const tz = org.timeZone;
  const requestDay = calendarDateIn(request.startsAt, tz);

  const plan = await createShiftPlan(
    db,
    actors.coordinator,
    { title: "Kleiderkammer", day: requestDay, details: `Schichten Nur${label}`, slots: [{ start: "13:00", end: "16:00", activityId: driving.id, helpersNeeded: "2" }] },
    { now },
  );
  if (!plan.ok) throw new Error(`shift plan: ${JSON.stringify(plan)}`);

  const series = await createSeries(
    db,
    actors.coordinator,
    { activityId: driving.id, title: "Deutschkurs-Fahrt", details: `Serie Nur${label}`, helpersNeeded: "1", channels: "email", firstDate: addDays(requestDay, 5), startTime: "09:00", endTime: "10:00", frequency: "weekly", ends: "count", count: "2", leadDays: String(settings.seriesLeadDays) },
    { now },
  );
  if (!series.ok) throw new Error(`series: ${JSON.stringify(series)}`);
  await db.insert(s.seriesCommitments).values({ seriesId: series.seriesId, volunteerId: shared.id });

  const [template] = await db
    .insert(s.requestTemplates)
    .values({ organizationId: org.id, name: "Fahrdienst Standard", activityId: driving.id, title: SHARED_TITLE, details: `Vorlage Nur${label}`, durationMinutes: 120, helpersNeeded: 1 })
    .returning();

  // a request that ended yesterday, the shared volunteer came for two hours (attendance, reports, certificate)
  const pastStart = new Date(now.getTime() - 26 * 3_600_000);
  const [past] = await db
    .insert(s.requests)
    .values({ organizationId: org.id, activityId: driving.id, shortCode: "PAST", title: "Vorbei", details: `Vergangen Nur${label}`, startsAt: pastStart, endsAt: new Date(pastStart.getTime() + 2 * 3_600_000), helpersNeeded: 1, acceptedCount: 1, status: "closed" })
    .returning();
  const [pastInvitation] = await db
    .insert(s.invitations)
    .values({ requestId: past.id, volunteerId: shared.id, tokenHash: `past-${label}-${generateToken()}`, status: "accepted", askedAt: pastStart, respondedAt: pastStart })
    .returning();
  await db.insert(s.attendances).values({ invitationId: pastInvitation.id, organizationId: org.id, requestId: past.id, volunteerId: shared.id, attended: true, minutes: 120, confirmedBy: coordinator.user.id });

  // an audit entry with an IP (audit IP retention)
  await db.insert(s.auditEvents).values({ organizationId: org.id, actorUserId: coordinator.user.id, actorType: "user", action: "request.close", objectType: "request", objectId: past.id, ip: "203.0.113.9" });

  const sessions = { admin: await createSession(db, admin.user.id), coordinator: await createSession(db, coordinator.user.id) };
  // issue 16: a logo, an import in progress, qualifications, a coordinator's note and a tag
  await db.insert(s.organizationLogos).values({ organizationId: org.id, contentType: "image/png", file: `logo-${lower}.png`, bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  const [volunteerImport] = await db.insert(s.volunteerImports).values({ organizationId: org.id, createdByUserId: admin.user.id, fileName: `liste-${lower}.csv`, fileType: "csv", encoding: "utf-8", rowCount: 1, sealedData: `sealed-Nur${label}`, expiresAt: new Date(now.getTime() + 3_600_000) }).returning();
  const { seedDefaultQualificationTypes } = await import("@/lib/qualifications/defaults");
  await seedDefaultQualificationTypes(db, org.id);
  const [qualificationType] = await db.select().from(s.qualificationTypes).where(eq(s.qualificationTypes.organizationId, org.id)).limit(1);
  await db.insert(s.volunteerQualifications).values({ organizationId: org.id, volunteerId: shared.id, typeId: qualificationType.id, issuedOn: "2026-01-15", expiresOn: "2031-01-15", recordedBy: coordinator.user.id });
  await db.insert(s.volunteerNotes).values({ organizationId: org.id, volunteerId: shared.id, authorUserId: coordinator.user.id, body: `Notiz Nur${label}` });
  const [tag] = await db.insert(s.tags).values({ organizationId: org.id, name: `Stammkraft Nur${label}` }).returning();
  await db.insert(s.volunteerTags).values({ volunteerId: shared.id, tagId: tag.id });
  return {
    label,
    org,
    marker: `Nur${label}`,
    actors,
    users: { admin: admin.user, coordinator: coordinator.user },
    sessions,
    driving,
    shared,
    own,
    pending,
    volunteerSession,
    feed,
    request,
    sharedInvitation,
    ownInvitation,
    planId: plan.planId,
    seriesId: series.seriesId,
    template,
    past,
    pastInvitation,
    qualificationTypeId: qualificationType.id,
    tagId: tag.id,
    importId: volunteerImport.id,
  };
}

/** The default timed settings of the two organisations: A's periods are short, B's long (so a run is due for A only). */
export const TIMED: Record<"A" | "B", TimedSettings> = {
  A: { reminderHours: [24, 2], escalationHoursBefore: 24, seriesLeadDays: 7, retention: { messageBodyDays: 1, unconfirmedDays: 1, auditIpDays: 1 } },
  B: { reminderHours: [12, 1], escalationHoursBefore: 0, seriesLeadDays: 2, retention: { messageBodyDays: 365, unconfirmedDays: 60, auditIpDays: 365 } },
};

/** Organisation A is the seeded one, B a second one ("Andere Stadt"), both filled by buildOrganisation. */
export async function twoOrganisations(db: Db, now = new Date()) {
  const [seeded] = await db.select().from(s.organizations);
  const [second] = await db.insert(s.organizations).values({ slug: "andere-stadt", name: "Andere Stadt", timeZone: seeded.timeZone }).returning();
  await db.insert(s.activities).values({ organizationId: second.id, key: "driving", nameDe: "Fahrdienst", nameEn: "Driving" });
  const A = await buildOrganisation(db, seeded, "A", TIMED.A, now);
  const B = await buildOrganisation(db, second, "B", TIMED.B, now);
  // the same short code in both organisations (codes are unique per organisation only)
  await db.update(s.requests).set({ shortCode: A.request.shortCode }).where(eq(s.requests.id, B.request.id));
  B.request.shortCode = A.request.shortCode;
  // what both have sent so far is sent (the outbox of each holds sent messages and their day summaries)
  const { drainOutbox } = await import("./messaging");
  const transport = new RecordingTransport();
  await drainOutbox(db, { transports: { email: transport, sms: transport } });
  return { A, B, transport };
}

/** uuids in a serialised value (what a leak of another organisation's rows would show). */
export function uuidsIn(text: string): Set<string> {
  return new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)?.map((x) => x.toLowerCase()) ?? []);
}

export const countRows = async (db: Db, table: string) => ((await db.execute(sql.raw(`select count(*)::int as n from "${table}"`))).rows[0] as { n: number }).n;
