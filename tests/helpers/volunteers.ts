import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { renderStoredTexts } from "@/lib/messaging/secrets";
import { emptyFormValues, type VolunteerFormValues } from "@/lib/volunteers/schema";

/** Volunteers for tests: one row inserter (registration itself has its own tests), a filled form, their messages. */

export async function seededOrganization(db: Db) {
  const [org] = await db.select().from(s.organizations).limit(1);
  return org;
}

/** An active volunteer with a consent record, in the seeded organisation unless `organizationId` is given. */
export async function insertVolunteer(db: Db, v: Partial<s.NewVolunteer> = {}) {
  const organizationId = v.organizationId ?? (await seededOrganization(db)).id;
  const [row] = await db
    .insert(s.volunteers)
    .values({
      firstName: "Test",
      lastName: randomBytes(3).toString("hex"),
      email: `v-${randomBytes(4).toString("hex")}@example.net`,
      status: "active",
      consentVersion: "test",
      consentAt: new Date(),
      ...v,
      organizationId,
    })
    .returning();
  return row;
}

export async function formFor(db: Db, patch: Partial<VolunteerFormValues> = {}): Promise<VolunteerFormValues> {
  const acts = await db.select({ id: s.activities.id }).from(s.activities).limit(2);
  return {
    ...emptyFormValues,
    firstName: "Anna",
    lastName: "Testfrau",
    email: "anna.testfrau@example.net",
    phone: "",
    contactPreference: "email",
    locale: "de",
    activities: acts.map((a) => a.id),
    languages: ["ar", "fr"],
    availability: ["2-morning", "4-evening"],
    drivingLicence: true,
    postalCode: "12345",
    note: "Gerne Fahrdienste",
    consent: true,
    ...patch,
  };
}

/** The newest message of a kind to a recipient. */
/** The newest message to a recipient as the recipient gets it (link tokens rendered into it, lib/messaging/secrets.ts). */
export async function lastMessage(db: Db, recipient: string, kind?: string) {
  const rows = await db
    .select()
    .from(s.messages)
    .where(kind ? and(eq(s.messages.recipient, recipient), eq(s.messages.kind, kind)) : eq(s.messages.recipient, recipient))
    .orderBy(desc(s.messages.createdAt));
  return rows[0] && renderStoredTexts(rows[0]);
}

export async function linkToken(db: Db, recipient: string, kind: string, path: "confirm" | "manage"): Promise<string> {
  const m = await lastMessage(db, recipient, kind);
  const match = m?.body?.match(new RegExp(`/${path}/([A-Za-z0-9_-]{43})`));
  if (!match) throw new Error(`no ${kind} link to ${recipient}`);
  return match[1];
}

export async function volunteerBy(db: Db, email: string) {
  const [v] = await db.select().from(s.volunteers).where(eq(s.volunteers.email, email));
  return v;
}
