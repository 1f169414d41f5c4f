import type { Adapter } from "next-auth/adapters";
import { hashToken } from "@/lib/tokens";

/** What `sessions.session_token` holds for a cookie value: its SHA-256 (hex). */
export function storedSessionToken(cookieValue: string): string {
  return hashToken(cookieValue);
}

/**
 * Coordinator sessions are stored hashed (issue 13, invariant 2): the Auth.js adapter's session
 * methods get the SHA-256 of the token, Auth.js itself keeps working with the raw token (it is the
 * cookie value). A copy of the `sessions` table therefore opens no session.
 * Adapter API (Auth.js v5): createSession({sessionToken, userId, expires}) → AdapterSession,
 * getSessionAndUser(token), updateSession({sessionToken, …}), deleteSession(token).
 */
export function withHashedSessions(adapter: Adapter): Adapter {
  const { createSession, getSessionAndUser, updateSession, deleteSession } = adapter;
  if (!createSession || !getSessionAndUser || !updateSession || !deleteSession) throw new Error("the adapter lacks session methods");
  return {
    ...adapter,
    async createSession(session) {
      const stored = await createSession({ ...session, sessionToken: storedSessionToken(session.sessionToken) });
      return { ...stored, sessionToken: session.sessionToken };
    },
    async getSessionAndUser(sessionToken) {
      const found = await getSessionAndUser(storedSessionToken(sessionToken));
      return found && { ...found, session: { ...found.session, sessionToken } };
    },
    async updateSession(session) {
      const updated = await updateSession({ ...session, sessionToken: storedSessionToken(session.sessionToken) });
      return updated && { ...updated, sessionToken: session.sessionToken };
    },
    async deleteSession(sessionToken) {
      // Auth.js does not use what comes back from here
      await deleteSession(storedSessionToken(sessionToken));
    },
  };
}
