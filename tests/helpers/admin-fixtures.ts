import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { ensureMember } from "@/db/seed";
import type { Actor, AdminActor } from "@/lib/auth/guard-types";
import { storedSessionToken } from "@/lib/auth/hashed-sessions";
import { generateToken, hashToken } from "@/lib/tokens";
import { secondOrganization } from "./requests";
import { insertVolunteer } from "./volunteers";

/** Inserts an Auth.js database session for the user and returns its cookie value. */
export async function createSession(db: Db, userId: string, opts: { lastSeenAt?: Date; expires?: Date } = {}) {
  const token = generateToken();
  await db.insert(s.sessions).values({
    sessionToken: storedSessionToken(token),
    userId,
    expires: opts.expires ?? new Date(Date.now() + 86_400_000),
    lastSeenAt: opts.lastSeenAt ?? new Date(),
  });
  return token;
}

/**
 * Two organisations: the seeded one (with its admin, a coordinator and a volunteer) and a
 * second one with its own admin and coordinator. Returns actors and session cookies.
 */
export async function setUpOrganisations(db: Db) {
  const [org] = await db.select().from(s.organizations);
  const { org: other } = await secondOrganization(db);
  const admin = await ensureMember(db, org.id, "admin@example.org", "admin");
  const coordinator = await ensureMember(db, org.id, "koordination@example.org", "coordinator");
  const otherAdmin = await ensureMember(db, other.id, "admin@andere-stadt.example", "admin");
  const otherCoordinator = await ensureMember(db, other.id, "koordination@andere-stadt.example", "coordinator");
  const actor = (m: { user: { id: string; email: string }; membership: { organizationId: string; role: "admin" | "coordinator" } }): Actor => ({
    userId: m.user.id,
    email: m.user.email,
    organizationId: m.membership.organizationId,
    role: m.membership.role,
  });
  const volunteer = await insertVolunteer(db, { organizationId: org.id, firstName: "Amira", lastName: "Haddad" });
  const otherVolunteer = await insertVolunteer(db, { organizationId: other.id, firstName: "Otto", lastName: "Fremd" });
  // A volunteer's own session (issue 3's cookie): a valid token, but never a coordinator session.
  const volunteerSession = generateToken();
  await db.insert(s.volunteerTokens).values({
    volunteerId: volunteer.id,
    purpose: "volunteer_session",
    tokenHash: hashToken(volunteerSession),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const activities = await db.select().from(s.activities).where(eq(s.activities.organizationId, org.id)).orderBy(s.activities.position);
  return {
    org,
    other,
    activities,
    volunteer,
    otherVolunteer,
    volunteerSession,
    users: { admin: admin.user, coordinator: coordinator.user, otherAdmin: otherAdmin.user, otherCoordinator: otherCoordinator.user },
    // the admins typed as admitted admins (what the edge wrappers hand to admin-only domain functions)
    actors: { admin: actor(admin) as AdminActor, coordinator: actor(coordinator), otherAdmin: actor(otherAdmin) as AdminActor, otherCoordinator: actor(otherCoordinator) },
  };
}
