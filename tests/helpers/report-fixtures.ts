import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { ensureMember } from "@/db/seed";
import type { Actor } from "@/lib/auth/guard-types";

/**
 * A small, hand-counted data set for the reports (March 2026, Europe/Berlin; "now" is
 * 2026-03-29 12:00 UTC). Every figure the report tests expect is counted in the comments of
 * tests/integration/reports.test.ts from exactly these rows.
 */
export const NOW = new Date("2026-03-29T12:00:00Z");
const at = (iso: string) => new Date(iso);
const minutesAfter = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
let tokenSeq = 0;
const token = () => `report-fixture-${++tokenSeq}-${Math.random().toString(36).slice(2)}`;

export async function reportWorld(db: Db) {
  const [org] = await db.select().from(s.organizations);
  const acts = await db.select().from(s.activities).where(eq(s.activities.organizationId, org.id));
  const driving = acts.find((a) => a.key === "driving")!;
  const warehouse = acts.find((a) => a.key === "donations")!;
  const { user, membership } = await ensureMember(db, org.id, "koordination@example.org", "coordinator");
  const coordinator: Actor = { userId: user.id, email: user.email, organizationId: org.id, role: membership.role };
  const admin = await ensureMember(db, org.id, "admin@example.org", "admin");
  const adminActor: Actor = { userId: admin.user.id, email: admin.user.email, organizationId: org.id, role: "admin" };

  const [other] = await db.insert(s.organizations).values({ slug: "andere-stadt", name: "Andere Stadt" }).returning();
  const [otherActivity] = await db.insert(s.activities).values({ organizationId: other.id, key: "driving", nameDe: "Fahrdienst", nameEn: "Driving" }).returning();

  const vol = async (n: number, v: Partial<s.NewVolunteer> = {}, orgId = org.id) => {
    const [row] = await db
      .insert(s.volunteers)
      .values({ organizationId: orgId, firstName: `Vorname${n}`, lastName: `Nachname${n}`, email: `r${n}@example.net`, status: "active", consentVersion: "t", consentAt: at("2026-01-01T00:00:00Z"), createdAt: at("2026-01-01T00:00:00Z"), ...v })
      .returning();
    return row;
  };
  const V1 = await vol(1);
  const V2 = await vol(2);
  const V3 = await vol(3);
  const V4 = await vol(4);
  const V5 = await vol(5);
  const V6 = await vol(6);
  const V7 = await vol(7, { status: "paused" });
  const V8 = await vol(8, { createdAt: at("2026-05-01T00:00:00Z") });
  const V9 = await vol(9);
  const X1 = await vol(10, {}, other.id);
  await db.insert(s.volunteerActivities).values([
    { volunteerId: V5.id, activityId: warehouse.id },
    { volunteerId: V6.id, activityId: warehouse.id },
    { volunteerId: V1.id, activityId: driving.id },
  ]);

  let code = 0;
  const req = async (r: { activityId?: string; orgId?: string; createdAt: string; startsAt: string; hours: number; needed: number; status?: s.Request["status"]; filledAt?: string }) => {
    const startsAt = at(r.startsAt);
    const [row] = await db
      .insert(s.requests)
      .values({
        organizationId: r.orgId ?? org.id,
        activityId: r.activityId ?? driving.id,
        shortCode: `T${++code}`.padEnd(4, "X"),
        title: `Anfrage ${code}`,
        startsAt,
        endsAt: minutesAfter(startsAt, r.hours * 60),
        helpersNeeded: r.needed,
        acceptedCount: 0,
        status: r.status ?? "closed",
        createdAt: at(r.createdAt),
        filledAt: r.filledAt ? at(r.filledAt) : null,
      })
      .returning();
    return row;
  };
  const R1 = await req({ createdAt: "2026-03-01T08:00:00Z", startsAt: "2026-03-05T09:00:00Z", hours: 2, needed: 2, filledAt: "2026-03-01T08:30:00Z" });
  const R2 = await req({ createdAt: "2026-03-10T10:00:00Z", startsAt: "2026-03-12T14:00:00Z", hours: 3, needed: 3 });
  const R3 = await req({ activityId: warehouse.id, createdAt: "2026-03-15T09:00:00Z", startsAt: "2026-03-20T09:00:00Z", hours: 4, needed: 1, filledAt: "2026-03-15T11:00:00Z" });
  const R4 = await req({ activityId: warehouse.id, createdAt: "2026-03-18T09:00:00Z", startsAt: "2026-03-25T09:00:00Z", hours: 2, needed: 2, status: "cancelled", filledAt: "2026-03-20T09:00:00Z" });
  const R5 = await req({ createdAt: "2026-03-20T09:00:00Z", startsAt: "2026-04-02T09:00:00Z", hours: 2, needed: 1, status: "filled", filledAt: "2026-03-21T09:00:00Z" });
  const R7 = await req({ createdAt: "2026-03-27T10:00:00Z", startsAt: "2026-03-28T10:00:00Z", hours: 2, needed: 1, filledAt: "2026-03-28T10:30:00Z" });
  const R8 = await req({ createdAt: "2026-03-29T08:00:00Z", startsAt: "2026-03-30T09:00:00Z", hours: 2, needed: 2, status: "open" });
  // 00:30 on 1 March in Berlin (still 28 February in UTC): inside the period
  const R9 = await req({ activityId: warehouse.id, createdAt: "2026-02-20T08:00:00Z", startsAt: "2026-02-28T23:30:00Z", hours: 1, needed: 1 });
  // 00:30 on 1 April in Berlin (still 31 March in UTC): outside
  const R10 = await req({ createdAt: "2026-03-20T08:00:00Z", startsAt: "2026-03-31T22:30:00Z", hours: 1, needed: 1 });
  const RX = await req({ orgId: other.id, activityId: otherActivity.id, createdAt: "2026-03-01T08:00:00Z", startsAt: "2026-03-06T09:00:00Z", hours: 5, needed: 1, filledAt: "2026-03-01T08:01:00Z" });

  const inv = async (request: s.Request, v: s.Volunteer | null, status: s.Invitation["status"], askedAt: string | null, respondedAfterMinutes?: number) => {
    const asked = askedAt ? at(askedAt) : null;
    const [row] = await db
      .insert(s.invitations)
      .values({ requestId: request.id, volunteerId: v?.id ?? null, tokenHash: token(), status, askedAt: asked, respondedAt: asked && respondedAfterMinutes !== undefined ? minutesAfter(asked, respondedAfterMinutes) : null, respondedVia: respondedAfterMinutes !== undefined ? "web" : null })
      .returning();
    return row;
  };
  const a1 = "2026-03-01T08:00:00Z";
  const i11 = await inv(R1, V1, "accepted", a1, 10);
  const i12 = await inv(R1, V2, "accepted", a1, 30);
  const i13 = await inv(R1, V3, "declined", a1, 60);
  const i14 = await inv(R1, V4, "expired", a1);
  const i15 = await inv(R1, V5, "not_needed", a1, 90);
  const i16 = await inv(R1, V7, "expired", a1);
  const a2 = "2026-03-10T10:00:00Z";
  const i21 = await inv(R2, V1, "accepted", a2, 5);
  const i22 = await inv(R2, V3, "expired", a2);
  const i23 = await inv(R2, V4, "expired", a2);
  const i24 = await inv(R2, V7, "expired", a2);
  const a3 = "2026-03-15T09:00:00Z";
  const i31 = await inv(R3, V5, "accepted", a3, 120);
  const i32 = await inv(R3, V4, "declined", a3, 2);
  const i41 = await inv(R4, V6, "accepted", "2026-03-18T09:00:00Z", 20);
  const i51 = await inv(R5, V1, "accepted", "2026-03-20T09:00:00Z", 3);
  const i71 = await inv(R7, V2, "accepted", "2026-03-27T10:00:00Z", 1470);
  const i81 = await inv(R8, V3, "pending", "2026-03-29T08:00:00Z");
  await inv(R8, V4, "queued", null);
  await inv(R8, V7, "pending", "2026-03-29T08:00:00Z");
  const iX = await inv(RX, X1, "accepted", "2026-03-01T08:00:00Z", 1);

  await db.insert(s.attendances).values([
    { invitationId: i11.id, organizationId: org.id, requestId: R1.id, volunteerId: V1.id, attended: true, minutes: 120, confirmedBy: user.id },
    { invitationId: i12.id, organizationId: org.id, requestId: R1.id, volunteerId: V2.id, attended: false, minutes: 0, confirmedBy: user.id },
    { invitationId: i21.id, organizationId: org.id, requestId: R2.id, volunteerId: V1.id, attended: true, minutes: 150, confirmedBy: user.id },
    { invitationId: i51.id, organizationId: org.id, requestId: R5.id, volunteerId: V1.id, attended: true, minutes: 60, confirmedBy: user.id },
    { invitationId: iX.id, organizationId: other.id, requestId: RX.id, volunteerId: X1.id, attended: true, minutes: 300 },
  ]);

  type M = { inv?: s.Invitation; req?: s.Request; v?: s.Volunteer; channel: "email" | "sms"; kind?: string; status: s.Message["status"]; createdAt: string; sent?: boolean; lastError?: string; segments?: number; orgId?: string | null };
  const msg = (m: M): s.NewMessage => ({
    organizationId: m.orgId === undefined ? org.id : m.orgId,
    channel: m.channel,
    recipient: m.channel === "email" ? "x@example.net" : "+491701234567",
    volunteerId: m.v?.id ?? null,
    requestId: m.req?.id ?? null,
    invitationId: m.inv?.id ?? null,
    kind: m.kind ?? "invitation",
    status: m.status,
    createdAt: at(m.createdAt),
    sentAt: m.sent === false || m.status === "queued" ? null : at(m.createdAt),
    deliveredAt: m.status === "delivered" ? at(m.createdAt) : null,
    lastError: m.lastError ?? null,
    segments: m.channel === "sms" ? (m.segments ?? 1) : null,
  });
  await db.insert(s.messages).values([
    msg({ inv: i11, req: R1, v: V1, channel: "email", status: "delivered", createdAt: a1 }),
    msg({ inv: i12, req: R1, v: V2, channel: "email", status: "sent", createdAt: a1 }),
    msg({ inv: i12, req: R1, v: V2, channel: "sms", status: "delivered", createdAt: a1 }),
    msg({ inv: i13, req: R1, v: V3, channel: "email", status: "sent", createdAt: a1 }),
    msg({ inv: i14, req: R1, v: V4, channel: "sms", status: "failed", sent: false, lastError: "twilio 21211", createdAt: a1 }),
    msg({ inv: i15, req: R1, v: V5, channel: "email", status: "sent", createdAt: a1 }),
    msg({ inv: i16, req: R1, v: V7, channel: "email", status: "sent", createdAt: a1 }),
    msg({ inv: i21, req: R2, v: V1, channel: "email", status: "sent", createdAt: a2 }),
    msg({ inv: i22, req: R2, v: V3, channel: "email", status: "failed", lastError: "bounced: mailbox full", createdAt: a2 }),
    msg({ inv: i23, req: R2, v: V4, channel: "sms", status: "delivered", createdAt: a2 }),
    msg({ inv: i24, req: R2, v: V7, channel: "email", status: "sent", createdAt: a2 }),
    msg({ inv: i31, req: R3, v: V5, channel: "email", status: "delivered", createdAt: a3 }),
    msg({ inv: i32, req: R3, v: V4, channel: "email", status: "delivered", createdAt: a3 }),
    msg({ inv: i41, req: R4, v: V6, channel: "email", status: "delivered", createdAt: "2026-03-18T09:00:00Z" }),
    msg({ inv: i71, req: R7, v: V2, channel: "sms", status: "delivered", createdAt: "2026-03-27T10:00:00Z", segments: 2 }),
    msg({ inv: i81, req: R8, v: V3, channel: "email", status: "queued", createdAt: "2026-03-29T08:00:00Z" }),
    msg({ req: R1, v: V2, channel: "sms", kind: "helper-reminder", status: "failed", lastError: "twilio undelivered 30003", createdAt: "2026-03-04T09:00:00Z" }),
    msg({ channel: "email", kind: "sign-in", status: "delivered", createdAt: "2026-03-02T09:00:00Z" }),
    msg({ v: V9, channel: "sms", kind: "confirm-phone", status: "sent", createdAt: "2026-03-03T09:00:00Z", segments: 2 }),
    msg({ v: V9, channel: "sms", kind: "confirm-phone", status: "sent", createdAt: "2026-04-03T09:00:00Z", segments: 3 }),
    msg({ channel: "email", kind: "sign-in", status: "delivered", createdAt: "2026-03-02T09:00:00Z", orgId: other.id }),
    msg({ channel: "email", kind: "sign-in", status: "delivered", createdAt: "2026-03-02T09:00:00Z", orgId: null }),
  ]);

  const ev = (action: string, createdAt: string, o: Partial<s.AuditEvent> = {}) => ({ organizationId: org.id, actorType: "volunteer", action, createdAt: at(createdAt), outcome: "ok", ...o });
  await db.insert(s.auditEvents).values([
    ev("volunteer.registered", "2026-03-02T10:00:00Z", { objectId: V8.id }),
    ev("volunteer.registered", "2026-03-20T10:00:00Z", { objectId: V9.id }),
    ev("volunteer.registered", "2026-02-27T10:00:00Z", { objectId: V6.id }),
    ev("volunteer.registered", "2026-03-21T10:00:00Z", { outcome: "denied" }),
    ev("volunteer.registered", "2026-03-21T10:00:00Z", { organizationId: other.id }),
    ev("volunteer.confirmed_email", "2026-03-02T11:00:00Z", { objectId: V1.id }),
    ev("volunteer.confirmed_sms", "2026-03-02T12:00:00Z", { objectId: V1.id }),
    ev("volunteer.confirmed_email", "2026-03-21T11:00:00Z", { objectId: V2.id }),
    ev("volunteer.paused", "2026-03-05T11:00:00Z", { objectId: V7.id }),
    ev("volunteer.set_status", "2026-03-06T11:00:00Z", { objectId: V6.id, actorType: "user", details: { from: "active", to: "paused" } }),
    ev("volunteer.set_status", "2026-03-07T11:00:00Z", { objectId: V5.id, actorType: "user", details: { from: "active", to: "deactivated" } }),
    ev("volunteer.erased", "2026-03-08T11:00:00Z", { objectId: "00000000-0000-4000-8000-000000000001" }),
    ev("volunteer.erased_inactive", "2026-03-09T11:00:00Z", { actorType: "system", objectId: "00000000-0000-4000-8000-000000000002" }),
  ]);

  return { org, other, otherActivity, driving, warehouse, coordinator, admin: adminActor, V: { V1, V2, V3, V4, V5, V6, V7, V8, V9 }, R: { R1, R2, R3, R4, R5, R7, R8, R9, R10, RX } };
}
