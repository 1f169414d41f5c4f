import { absoluteUrl } from "@/lib/urls";
import { brandOf } from "@/lib/organizations/branding-rules";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import { findOrganizationBySlug } from "@/lib/organizations/public";
import { err, type Invalid } from "@/lib/result";
import { hashToken, isWellFormedToken } from "@/lib/tokens";
import { queueVolunteerMessage } from "./notify";
import { hitPublicLimits } from "./rate-limits";
import { parseContact } from "./schema";
import { findVolunteerToken, issueVolunteerToken, TOKEN_TTL_MS, useVolunteerToken } from "./tokens";

export type SignInRequestResult =
  | { ok: true; channel: "email" | "sms" }
  | Invalid<"contact">
  | { ok: false; error: "rate_limited"; retryAfterMs: number };

/**
 * "Manage my registration": sends a single-use sign-in link to the address or number, if it
 * belongs to a volunteer. The answer is the same whether it does or not (no enumeration), and so
 * is the work done before answering (issue 13: timing revealed membership): parsing and the rate
 * limits run in the request; looking the volunteer up and queuing the link run as one deferred
 * job for every address, known or not — the action passes Next's `after()`, so the answer does not
 * wait for it. Without `defer` (scripts, tests) the job runs before returning.
 */
export async function requestSignInLink(
  input: string,
  ctx: {
    ip: string | null;
    now?: Date;
    db?: Db;
    defer?: (job: () => Promise<void>) => void;
    /** the form's organisation slug (`/o/<slug>/manage`); empty or missing: every organisation */
    organization?: unknown;
  },
): Promise<SignInRequestResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const contact = parseContact(input);
  if (!contact.ok) return err("invalid", { fieldErrors: { contact: contact.error } });
  const limited = await hitPublicLimits(db, "sign-in", ctx.ip, [contact.address], now);
  if (!limited.ok) return { ok: false, error: "rate_limited", retryAfterMs: limited.retryAfterMs };
  const job = () => sendSignInLinksIfKnown(db, contact, ctx.organization, ctx.ip, now);
  if (ctx.defer) {
    ctx.defer(() => job().catch((e: unknown) => console.error(`[sign-in] link not queued: ${e instanceof Error ? e.message : String(e)}`)));
  } else {
    await job();
  }
  return { ok: true, channel: contact.channel };
}

/**
 * One link per registration the address has: at `/o/<slug>/manage` only that organisation's, at
 * `/manage` every organisation's (issue 16: a volunteer of any organisation signs in from the
 * manage link in every message; each link opens that organisation's record only, and each message
 * names its organisation). An unknown slug sends nothing — the answer is the same.
 */
async function sendSignInLinksIfKnown(db: Db, contact: { channel: "email" | "sms"; address: string }, organization: unknown, ip: string | null, now: Date): Promise<void> {
  const only = organization === undefined || organization === null || organization === "" ? null : await findOrganizationBySlug(db, organization);
  if (only === null && organization !== undefined && organization !== null && organization !== "") return;
  const column = contact.channel === "email" ? s.volunteers.email : s.volunteers.phone;
  const found = await db
    .select({ v: s.volunteers, org: { id: s.organizations.id, name: s.organizations.name } })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(and(only ? eq(s.volunteers.organizationId, only.id) : undefined, eq(column, contact.address)))
    .orderBy(asc(s.organizations.name));
  for (const { v, org } of found) await sendSignInLink(db, v, org, contact, ip, now);
}

async function sendSignInLink(db: Db, v: s.Volunteer, org: { id: string; name: string }, contact: { channel: "email" | "sms"; address: string }, ip: string | null, now: Date) {
  await db.transaction(async (tx) => {
    const token = await issueVolunteerToken(tx, v.id, "volunteer_sign_in", now);
    const target = { organizationId: org.id, organizationName: org.name, brand: brandOf(org, absoluteUrl), volunteerId: v.id, channel: contact.channel, recipient: contact.address, locale: toLocale(v.locale), firstName: v.firstName };
    await queueVolunteerMessage(tx, target, "sign-in", token);
    await recordAudit(tx, { organizationId: org.id, actorType: "volunteer", action: "volunteer.sign_in_requested", objectType: "volunteer", objectId: v.id, ip });
  });
}

/** For the GET page of a sign-in link: is it usable? Changes nothing. */
export async function inspectSignInToken(token: unknown, now = new Date(), db?: Db): Promise<boolean> {
  const row = await findVolunteerToken(db ?? (await getDb()), token, ["volunteer_sign_in"]);
  return !!row && !row.usedAt && row.expiresAt > now;
}

export type RedeemResult = { ok: true; sessionToken: string; expiresAt: Date } | { ok: false; error: "invalid" };

/** The POST behind "sign in": uses the link once and opens a volunteer session. */
export async function redeemSignInLink(token: unknown, ctx: { ip?: string | null; now?: Date; db?: Db } = {}): Promise<RedeemResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  const row = await findVolunteerToken(db, token, ["volunteer_sign_in"]);
  if (!row) return { ok: false, error: "invalid" };
  return db.transaction(async (tx) => {
    const used = await useVolunteerToken(tx, row.id, now);
    if (!used) return { ok: false as const, error: "invalid" as const };
    const sessionToken = await issueVolunteerToken(tx, row.volunteerId, "volunteer_session", now);
    // signing in counts as activity (retention: inactive volunteers are noticed, then erased)
    const [v] = await tx.update(s.volunteers).set({ lastActiveAt: now }).where(eq(s.volunteers.id, row.volunteerId)).returning({ organizationId: s.volunteers.organizationId });
    await recordAudit(tx, { organizationId: v?.organizationId ?? null, actorType: "volunteer", action: "volunteer.signed_in", objectType: "volunteer", objectId: row.volunteerId, ip: ctx.ip });
    return { ok: true as const, sessionToken, expiresAt: new Date(now.getTime() + TOKEN_TTL_MS.volunteer_session) };
  });
}

export type VolunteerSession = { tokenId: string; volunteerId: string; organizationId: string };

/** The session behind a cookie value, or null (unknown, expired, volunteer erased). */
export async function findVolunteerSession(db: Db, sessionToken: unknown, now = new Date()): Promise<VolunteerSession | null> {
  if (!isWellFormedToken(sessionToken)) return null;
  const [row] = await db
    .select({ tokenId: s.volunteerTokens.id, volunteerId: s.volunteers.id, organizationId: s.volunteers.organizationId })
    .from(s.volunteerTokens)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.volunteerTokens.volunteerId))
    .where(
      and(
        eq(s.volunteerTokens.tokenHash, hashToken(sessionToken)),
        eq(s.volunteerTokens.purpose, "volunteer_session"),
        gt(s.volunteerTokens.expiresAt, now),
      ),
    );
  return row ?? null;
}

export async function endVolunteerSessionByToken(db: Db, sessionToken: unknown): Promise<void> {
  if (!isWellFormedToken(sessionToken)) return;
  await db
    .delete(s.volunteerTokens)
    .where(and(eq(s.volunteerTokens.tokenHash, hashToken(sessionToken)), eq(s.volunteerTokens.purpose, "volunteer_session")));
}
