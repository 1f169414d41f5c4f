import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { dispatchDueMessages, type DispatchOptions } from "@/lib/messaging/dispatcher";
import type { OutgoingMessage } from "@/lib/messaging/outbox";
import type { FakeProvider } from "../fakes/http";
import { seededOrganization } from "./volunteers";

/**
 * Serves a fake provider for this test file: listening before the first test, forgotten (with the
 * shared provider pacing) before each test, stopped after the last.
 */
export function serveFake<F extends FakeProvider<unknown>>(fake: F, t: { db: Db }): F {
  beforeAll(() => fake.listen());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    await t.db.execute("truncate provider_pacing");
  });
  return fake;
}

/** One dispatcher "instance": dispatches `limit` at a time until nothing is left to claim; returns how many it sent. */
export async function drainOutbox(db: Db, opts: Pick<DispatchOptions, "transports" | "limit">): Promise<number> {
  let sent = 0;
  for (;;) {
    const r = await dispatchDueMessages(db, opts);
    if (r.claimed === 0) return sent;
    sent += r.sent;
  }
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
