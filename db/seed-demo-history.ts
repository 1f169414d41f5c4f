import { and, eq, inArray, like, sql } from "drizzle-orm";
import type { Db } from "./client";
import * as s from "./schema";
import { addDays, calendarDateIn, zonedLocalToUtc } from "@/lib/time-zone";

/** the coordinator the e2e report journey signs in (its own address: sign-in links of parallel specs stay apart) */
export const DEMO_REPORTS_COORDINATOR = "berichte@example.org";
/** a demo volunteer with confirmed hours (the certificate journey signs in as her) */
export const DEMO_HELPER_EMAIL = "helga.beispiel@example.net";
/** the demo request that ended yesterday and waits for its attendance to be confirmed */
export const DEMO_UNCONFIRMED_TITLE = "Sommerfest: Aufbau (Beispiel)";
const MARK = "demo-history:";

/** Small deterministic PRNG (the same demo data on every machine). */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES: Record<string, string[]> = {
  driving: ["Fahrt zur Ausländerbehörde", "Fahrt zum Klinikum", "Abholung am Bahnhof"],
  donations: ["Sortieren in der Kleiderkammer", "Ausgabe Spendenlager"],
  doctor: ["Begleitung zur Kinderärztin", "Begleitung zum Zahnarzt"],
  offices: ["Begleitung zum Jobcenter", "Termin im Bürgeramt"],
  interpreting: ["Dolmetschen beim Elternabend", "Übersetzung eines Bescheids"],
  german: ["Deutschkurs am Abend"],
  homework: ["Hausaufgabenhilfe"],
  childcare: ["Kinderbetreuung beim Frauencafé"],
};

/**
 * About half a year of past requests for the demo organisation, so the reports page has something
 * to show on `npm run dev`: invitations to matching demo volunteers, answers, outbox rows,
 * confirmed attendance for most past requests, and one request that ended yesterday and still
 * waits for its attendance. Idempotent (marked by the submission key); development and e2e only.
 */
export async function seedDemoHistory(db: Db, organizationId: string, now = new Date()) {
  const [done] = await db.select({ id: s.requests.id }).from(s.requests).where(and(eq(s.requests.organizationId, organizationId), like(s.requests.submissionKey, `${MARK}%`))).limit(1);
  if (done) return;
  const rand = mulberry32(4711);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const acts = await db.select().from(s.activities).where(eq(s.activities.organizationId, organizationId));
  const [coordinator] = await db
    .insert(s.users)
    .values({ email: DEMO_REPORTS_COORDINATOR })
    .onConflictDoUpdate({ target: s.users.email, set: { email: DEMO_REPORTS_COORDINATOR } })
    .returning();
  await db.insert(s.memberships).values({ userId: coordinator.id, organizationId, role: "coordinator" }).onConflictDoNothing();
  const [helga] = await db
    .insert(s.volunteers)
    .values({
      organizationId,
      firstName: "Helga",
      lastName: "Beispiel",
      email: DEMO_HELPER_EMAIL,
      contactPreference: "email",
      status: "active",
      availableFlexible: true,
      consentVersion: "demo-seed",
      consentAt: new Date(now.getTime() - 300 * 86_400_000),
      emailConfirmedAt: new Date(now.getTime() - 300 * 86_400_000),
      createdAt: new Date(now.getTime() - 300 * 86_400_000),
    })
    .onConflictDoNothing()
    .returning();
  const pool = await db
    .select({ id: s.volunteers.id, activityId: s.volunteerActivities.activityId, email: s.volunteers.email, phone: s.volunteers.phone, pref: s.volunteers.contactPreference, createdAt: s.volunteers.createdAt })
    .from(s.volunteers)
    .innerJoin(s.volunteerActivities, eq(s.volunteerActivities.volunteerId, s.volunteers.id))
    .where(and(eq(s.volunteers.organizationId, organizationId), eq(s.volunteers.status, "active")));
  const byActivity = new Map<string, typeof pool>();
  for (const p of pool) byActivity.set(p.activityId, [...(byActivity.get(p.activityId) ?? []), p]);

  const day = 86_400_000;
  const specs: { activityKey: string; title: string; startsAt: Date; hours: number; needed: number; confirm: boolean; cancelled?: boolean; withHelga?: boolean; yesFirst?: number }[] = [];
  for (let i = 0; i < 70; i++) {
    const activityKey = pick(Object.keys(TITLES));
    const startsAt = new Date(now.getTime() - (2 + Math.floor(rand() * 180)) * day);
    startsAt.setUTCHours(7 + Math.floor(rand() * 10), 0, 0, 0);
    specs.push({ activityKey, title: pick(TITLES[activityKey]), startsAt, hours: 1 + Math.floor(rand() * 4), needed: 1 + Math.floor(rand() * 3), confirm: rand() < 0.85, cancelled: rand() < 0.06, withHelga: i % 9 === 0 });
  }
  // ended yesterday, attendance not confirmed yet (the e2e journey confirms it)
  // yesterday in the organisation's calendar, 09:00 there (a UTC date would be the day before
  // yesterday between midnight and 01:00/02:00 Berlin time, and the report journey reads "yesterday")
  const [org] = await db.select({ timeZone: s.organizations.timeZone }).from(s.organizations).where(eq(s.organizations.id, organizationId));
  const zone = org?.timeZone ?? "Europe/Berlin";
  const yesterday = zonedLocalToUtc(`${addDays(calendarDateIn(now, zone), -1)}T09:00`, zone) ?? new Date(now.getTime() - day);
  // (its first three asked said yes: the journey expects all three seats taken, whatever the dice gave before)
  specs.push({ activityKey: "donations", title: DEMO_UNCONFIRMED_TITLE, startsAt: yesterday, hours: 3, needed: 3, confirm: false, yesFirst: 3 });

  let n = 0;
  for (const spec of specs) {
    const activity = acts.find((a) => a.key === spec.activityKey) ?? acts[0];
    const candidates = [...(byActivity.get(activity.id) ?? [])].filter((c) => c.createdAt < spec.startsAt).sort(() => rand() - 0.5).slice(0, 6 + Math.floor(rand() * 10));
    const createdAt = new Date(spec.startsAt.getTime() - (1 + Math.floor(rand() * 5)) * day);
    const invited = spec.withHelga && helga ? [{ id: helga.id, activityId: activity.id, email: helga.email, phone: null, pref: "email" as const, createdAt: helga.createdAt }, ...candidates] : candidates;
    if (invited.length === 0) continue;
    const answers = invited.map((c, k) => {
      const roll = rand();
      const minutes = Math.round(2 + rand() * rand() * 600);
      const wantsYes = (spec.withHelga && k === 0) || k < (spec.yesFirst ?? 0) || roll < 0.35;
      return { c, answered: wantsYes || roll < 0.7, yes: wantsYes, minutes };
    });
    const yeses = answers.filter((a) => a.yes).sort((a, b) => a.minutes - b.minutes);
    const accepted = new Set(yeses.slice(0, spec.needed).map((a) => a.c.id));
    const filled = accepted.size === spec.needed;
    const lastYes = yeses[Math.min(spec.needed, yeses.length) - 1];
    const [request] = await db
      .insert(s.requests)
      .values({
        organizationId,
        activityId: activity.id,
        shortCode: `D${String(++n).padStart(3, "0")}`,
        title: spec.title,
        place: "Musterstadt",
        startsAt: spec.startsAt,
        endsAt: new Date(spec.startsAt.getTime() + spec.hours * 3_600_000),
        helpersNeeded: spec.needed,
        acceptedCount: accepted.size,
        status: spec.cancelled ? "cancelled" : "closed",
        createdBy: coordinator.id,
        submissionKey: `${MARK}${n}`,
        createdAt,
        updatedAt: createdAt,
        filledAt: filled && lastYes ? new Date(createdAt.getTime() + lastYes.minutes * 60_000) : null,
        cancelledAt: spec.cancelled ? new Date(spec.startsAt.getTime() - 3_600_000) : null,
        closedAt: spec.cancelled ? null : spec.startsAt,
      })
      .onConflictDoNothing()
      .returning();
    if (!request) continue;
    const invs = await db
      .insert(s.invitations)
      .values(
        answers.map((a, k) => ({
          requestId: request.id,
          volunteerId: a.c.id,
          tokenHash: `${MARK}${request.id}:${k}`,
          status: (accepted.has(a.c.id) ? "accepted" : a.yes ? "not_needed" : a.answered ? "declined" : "expired") as s.Invitation["status"],
          askedAt: createdAt,
          respondedAt: a.answered ? new Date(createdAt.getTime() + a.minutes * 60_000) : null,
          respondedVia: a.answered ? "web" : null,
          createdAt,
        })),
      )
      .returning({ id: s.invitations.id, volunteerId: s.invitations.volunteerId, status: s.invitations.status });
    await db.insert(s.messages).values(
      answers.flatMap((a, k) => {
        const channels: ("email" | "sms")[] = a.c.pref === "both" ? ["email", "sms"] : a.c.pref === "sms" ? ["sms"] : ["email"];
        return channels
          .filter((ch) => (ch === "email" ? a.c.email : a.c.phone))
          .map((channel) => {
            const roll = rand();
            const status: s.Message["status"] = roll < 0.04 ? "failed" : roll < 0.6 ? "delivered" : "sent";
            return {
              organizationId,
              channel,
              recipient: channel === "email" ? a.c.email : a.c.phone,
              volunteerId: a.c.id,
              requestId: request.id,
              invitationId: invs[k].id,
              kind: "invitation",
              status,
              attempts: 1,
              lastError: status === "failed" ? (channel === "email" ? "bounced: mailbox unavailable" : "twilio undelivered 30003") : null,
              segments: channel === "sms" ? 1 : null,
              createdAt,
              sentAt: createdAt,
              deliveredAt: status === "delivered" ? createdAt : null,
              bodyPurgedAt: createdAt,
            };
          });
      }),
    );
    if (spec.confirm && !spec.cancelled) {
      const came = invs.filter((i) => i.status === "accepted");
      if (came.length)
        await db.insert(s.attendances).values(
          came.map((i) => {
            const noShow = i.volunteerId !== helga?.id && rand() < 0.08;
            return {
              invitationId: i.id,
              organizationId,
              requestId: request.id,
              volunteerId: i.volunteerId,
              attended: !noShow,
              minutes: noShow ? 0 : Math.max(30, spec.hours * 60 + (rand() < 0.2 ? 30 : 0)),
              confirmedBy: coordinator.id,
              confirmedAt: new Date(spec.startsAt.getTime() + (spec.hours + 20) * 3_600_000),
            };
          }),
        );
    }
  }
  // registrations and confirmations as the audit log would have them (the people figures)
  const demo = await db
    .select({ id: s.volunteers.id, createdAt: s.volunteers.createdAt, status: s.volunteers.status })
    .from(s.volunteers)
    .where(and(eq(s.volunteers.organizationId, organizationId), inArray(s.volunteers.status, ["active", "paused", "pending"])));
  const events = demo.flatMap((v) => [
    { organizationId, actorType: "volunteer", action: "volunteer.registered", objectType: "volunteer", objectId: v.id, createdAt: v.createdAt, details: { demo: true } },
    ...(v.status === "pending"
      ? []
      : [{ organizationId, actorType: "volunteer", action: "volunteer.confirmed_email", objectType: "volunteer", objectId: v.id, createdAt: new Date(v.createdAt.getTime() + 3_600_000), details: { demo: true } }]),
  ]);
  for (let i = 0; i < events.length; i += 500) await db.insert(s.auditEvents).values(events.slice(i, i + 500));
  await db.execute(sql`analyze requests, invitations, attendances, messages`);
}
