import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { ensureMember } from "@/db/seed";
import type { Actor } from "@/lib/auth/guard";
import { insertVolunteer } from "./volunteers";

/** Test data for request tests: coordinators (actors) and volunteers who match by default. */

/** Quiet hours that never hold: for tests whose SMS or calls must go out at whatever hour the suite runs. */
export const NO_QUIET_HOURS = { start: 0, end: 0, urgentWithinHours: 4 };

export async function quietHoursOff(db: Db, organizationId?: string) {
  const [org] = organizationId ? await db.select().from(s.organizations).where(eq(s.organizations.id, organizationId)) : await db.select().from(s.organizations).limit(1);
  await db.update(s.organizations).set({ settings: { ...(org.settings ?? {}), quietHours: NO_QUIET_HOURS } }).where(eq(s.organizations.id, org.id));
}

export async function coordinator(db: Db, email = "koordination@example.org", organizationId?: string): Promise<Actor> {
  const orgId = organizationId ?? (await db.select().from(s.organizations))[0].id;
  const { user, membership } = await ensureMember(db, orgId, email, "coordinator");
  return { userId: user.id, email: user.email, organizationId: orgId, role: membership.role };
}

export async function secondOrganization(db: Db) {
  const [org] = await db.insert(s.organizations).values({ slug: "andere-stadt", name: "Andere Stadt" }).returning();
  const [activity] = await db.insert(s.activities).values({ organizationId: org.id, key: "driving", nameDe: "Fahrdienst", nameEn: "Driving" }).returning();
  return { org, activity };
}

export async function activityByKey(db: Db, key = "driving") {
  const [a] = await db.select().from(s.activities).where(eq(s.activities.key, key));
  if (!a) throw new Error(`no activity ${key}`);
  return a;
}

/** What most request tests start from: the seeded organisation's coordinator and its "driving" activity id. */
export async function coordinatorAndActivity(db: Db): Promise<{ actor: Actor; driving: string }> {
  return { actor: await coordinator(db), driving: (await activityByKey(db)).id };
}

let counter = 0;
export type VolunteerSpec = Partial<typeof s.volunteers.$inferInsert> & {
  activities?: string[];
  languages?: string[];
  slots?: { weekday: number; partOfDay: "morning" | "afternoon" | "evening" }[];
};

/** An active volunteer with a confirmed e-mail (and phone when given), flexible unless slots are given. */
export async function volunteer(db: Db, spec: VolunteerSpec = {}) {
  const n = ++counter;
  const { activities = [], languages = ["de"], slots, ...rest } = spec;
  const v = await insertVolunteer(db, {
    firstName: `Vorname${n}`,
    lastName: `Nachname${n}`,
    email: `helfer${n}@example.net`,
    contactPreference: "email",
    availableFlexible: !slots,
    emailConfirmedAt: new Date(),
    ...rest,
  });
  if (activities.length) await db.insert(s.volunteerActivities).values(activities.map((activityId) => ({ volunteerId: v.id, activityId })));
  if (languages.length) await db.insert(s.volunteerLanguages).values(languages.map((language) => ({ volunteerId: v.id, language })));
  if (slots?.length) await db.insert(s.volunteerAvailability).values(slots.map((sl) => ({ volunteerId: v.id, ...sl })));
  return v;
}

/** A wall-clock time in Berlin some days ahead, on a given ISO weekday and hour. */
export function nextBerlin(weekday: number, hour: number, minute = 0, from = new Date()): string {
  const d = new Date(from.getTime() + 7 * 86_400_000);
  // move to the wanted weekday (in UTC; fine for noon-ish days)
  const wd = ((d.getUTCDay() + 6) % 7) + 1;
  d.setUTCDate(d.getUTCDate() + ((weekday - wd + 7) % 7));
  const pad = (x: number) => String(x).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:${pad(minute)}`;
}

export function requestInput(activityId: string, over: Record<string, unknown> = {}) {
  return {
    activityId,
    title: "Fahrt zur Ausländerbehörde",
    details: "Familie mit zwei Kindern, Treffpunkt am Eingang.",
    place: "Ausländerbehörde, Hauptstr. 1",
    startsAt: nextBerlin(2, 9),
    endsAt: nextBerlin(2, 11),
    helpersNeeded: 3,
    languageMode: "none",
    languages: [],
    channels: "both",
    ...over,
  };
}

/** Creates `volunteers` matching volunteers, sends a request to them and returns their link tokens. */
export async function sentRequest(db: Db, actor: Actor, activityId: string, opts: { volunteers: number; helpersNeeded: number; over?: Record<string, unknown>; volunteerSpec?: VolunteerSpec }) {
  const { createAndSendRequest } = await import("@/lib/requests/create");
  const vols = [];
  for (let i = 0; i < opts.volunteers; i++) vols.push(await volunteer(db, { activities: [activityId], ...opts.volunteerSpec }));
  const r = await createAndSendRequest(db, actor, requestInput(activityId, { helpersNeeded: opts.helpersNeeded, ...opts.over }));
  if (!r.ok) throw new Error(`request not created: ${JSON.stringify(r)}`);
  const msgs = await db.select().from(s.messages).where(eq(s.messages.requestId, r.requestId));
  const tokens: string[] = [];
  const byVolunteer = new Map<string, string>();
  for (const m of msgs) {
    if (m.kind !== "invitation" || !m.volunteerId) continue;
    const token = renderStoredTexts(m).body!.match(/\/r\/([A-Za-z0-9_-]{22})/)![1];
    if (!byVolunteer.has(m.volunteerId)) {
      byVolunteer.set(m.volunteerId, token);
      tokens.push(token);
    }
  }
  return { requestId: r.requestId, tokens, byVolunteer, volunteers: vols };
}
