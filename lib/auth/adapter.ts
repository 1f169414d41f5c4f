import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter } from "next-auth/adapters";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import type { AppConfig } from "@/lib/config";
import { withHashedSessions } from "./hashed-sessions";

/**
 * The Auth.js adapter over our tables (sessions stored hashed, lib/auth/hashed-sessions.ts).
 * One definition for auth.ts and for the deferred sign-in request (lib/auth/sign-in-request.ts),
 * so the verification token the request stores is the one Auth.js's callback looks up.
 */
export function coordinatorAdapter(db: Db): Adapter {
  return withHashedSessions(
    DrizzleAdapter(db, {
      usersTable: s.users,
      accountsTable: s.accounts,
      sessionsTable: s.sessions,
      verificationTokensTable: s.verificationTokens,
    }),
  );
}

/** The Auth.js secret: AUTH_SECRET, or a fixed value outside production (config() refuses production without one). */
export function authSecret(c: Pick<AppConfig, "AUTH_SECRET" | "NODE_ENV">): string | undefined {
  return c.AUTH_SECRET ?? (c.NODE_ENV === "production" ? undefined : "helferruf-development-secret-not-for-production");
}
