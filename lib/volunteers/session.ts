import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/db";
import { config } from "@/lib/config";
import { endVolunteerSessionByToken, findVolunteerSession, type VolunteerSession } from "./sign-in";

export const VOLUNTEER_SESSION_COOKIE = "helferruf_volunteer";

/** The signed-in volunteer (from the session cookie), or null. Every profile page and action calls it. */
export async function getVolunteerSession(): Promise<VolunteerSession | null> {
  const token = (await cookies()).get(VOLUNTEER_SESSION_COOKIE)?.value;
  if (!token) return null;
  return findVolunteerSession(await getDb(), token);
}

export async function setVolunteerSessionCookie(sessionToken: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(VOLUNTEER_SESSION_COOKIE, sessionToken, {
    httpOnly: true,
    secure: config().NODE_ENV === "production" && config().appUrl.startsWith("https://"),
    sameSite: "lax",
    path: "/",
    expires: expiresAt,
  });
}

export async function endVolunteerSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(VOLUNTEER_SESSION_COOKIE)?.value;
  if (token) await endVolunteerSessionByToken(await getDb(), token);
  jar.delete(VOLUNTEER_SESSION_COOKIE);
}
