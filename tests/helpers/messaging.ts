import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { OutgoingMessage } from "@/lib/messaging/outbox";

export async function seededOrganization(db: Db) {
  const [org] = await db.select().from(s.organizations).limit(1);
  return org;
}

/** A minimal active volunteer (registration itself is another module's business). */
export async function insertVolunteer(db: Db, v: Partial<s.NewVolunteer> = {}) {
  const org = await seededOrganization(db);
  const [row] = await db
    .insert(s.volunteers)
    .values({
      organizationId: org.id,
      firstName: "Test",
      lastName: randomBytes(3).toString("hex"),
      email: `v-${randomBytes(4).toString("hex")}@example.net`,
      status: "active",
      consentVersion: "test",
      consentAt: new Date(),
      ...v,
    })
    .returning();
  return row;
}

export function emailTo(recipient: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    organizationId: null,
    channel: "email",
    recipient,
    kind: "test",
    locale: "de",
    subject: `Anfrage für ${recipient}`,
    body: `Hallo, bitte antworte: https://example.org/r/${recipient}`,
    html: `<p>Hallo, bitte antworte</p>`,
    ...extra,
  };
}

export function smsTo(recipient: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { organizationId: null, channel: "sms", recipient, kind: "test", locale: "de", body: `Fahrdienst Mo 9:00 – „JA“ oder „NEIN“?`, ...extra };
}

export const inFuture = (ms: number) => new Date(Date.now() + ms);

/** A request with one invitation per volunteer, inserted directly (requests are another module's business). */
export async function insertRequestWithInvitations(
  db: Db,
  opts: { shortCode: string; title?: string; volunteerIds: string[]; status?: "open" | "filled" | "cancelled" | "closed"; invitationStatus?: s.Invitation["status"]; startsInHours?: number },
) {
  const org = await seededOrganization(db);
  const [activity] = await db.select().from(s.activities).limit(1);
  const startsAt = new Date(Date.now() + (opts.startsInHours ?? 48) * 3600_000);
  const [request] = await db
    .insert(s.requests)
    .values({
      organizationId: org.id,
      activityId: activity.id,
      shortCode: opts.shortCode,
      title: opts.title ?? `Fahrdienst ${opts.shortCode}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      helpersNeeded: 2,
      status: opts.status ?? "open",
    })
    .returning();
  const invitations = opts.volunteerIds.length
    ? await db
        .insert(s.invitations)
        .values(opts.volunteerIds.map((volunteerId) => ({ requestId: request.id, volunteerId, tokenHash: randomBytes(32).toString("hex"), status: opts.invitationStatus ?? "pending" })))
        .returning()
    : [];
  return { request, invitations };
}
