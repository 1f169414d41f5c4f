import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { CONSENT_VERSION, consentColumns, consentStateOf, currentConsentText, shownConsentText, type ConsentState, type ConsentText } from "./consent";

/**
 * A new consent text (CONSENT_VERSION raised) is put to every volunteer at their next sign-in:
 * /profile sends anyone whose stored version is older to /profile/consent, a step they pass by
 * agreeing (the new version, language and text hash are stored), or by declining — then their
 * registration is paused without end (nobody asks them) until they agree — or by deleting it.
 */
export type ConsentRenewal = {
  state: Exclude<ConsentState, "current">;
  /** null: no consent on record yet (an imported volunteer who has not confirmed) */
  agreedVersion: string | null;
  agreedAt: Date | null;
  declinedAt: Date | null;
  text: ConsentText;
};

type Ctx = { ip?: string | null; now?: Date; db?: Db };

/** null when the volunteer agreed to the current text; otherwise what the renewal step shows. */
export async function getConsentRenewal(volunteerId: string, locale: unknown, db?: Db): Promise<ConsentRenewal | null> {
  const d = db ?? (await getDb());
  const [v] = await d
    .select({ consentVersion: s.volunteers.consentVersion, consentAt: s.volunteers.consentAt, consentDeclinedAt: s.volunteers.consentDeclinedAt, organization: s.organizations.name })
    .from(s.volunteers)
    .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
    .where(eq(s.volunteers.id, volunteerId));
  if (!v) return null;
  const state = consentStateOf(v);
  if (state === "current") return null;
  return { state, agreedVersion: v.consentVersion, agreedAt: v.consentAt, declinedAt: v.consentDeclinedAt, text: currentConsentText(locale, v.organization) };
}

export type RenewResult = { ok: true; resumed: boolean } | { ok: false; error: "not_found" | "text_outdated" };

/**
 * Stores the agreement to the text the page showed (hidden fields version + locale, checked
 * against the repository). A page rendered before a newer version was deployed is refused
 * (text_outdated) so that nobody is recorded as agreeing to a text they did not see.
 */
export async function renewConsent(volunteerId: string, shown: { version?: unknown; locale?: unknown }, pageLocale: unknown, ctx: Ctx = {}): Promise<RenewResult> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ v: s.volunteers, organization: s.organizations.name })
      .from(s.volunteers)
      .innerJoin(s.organizations, eq(s.organizations.id, s.volunteers.organizationId))
      .where(eq(s.volunteers.id, volunteerId))
      .for("update", { of: s.volunteers });
    if (!row) return { ok: false as const, error: "not_found" as const };
    const v = row.v;
    // the controller is the volunteer's own organisation, never something the form says
    const text = shownConsentText(shown, pageLocale, row.organization);
    if (text.version !== CONSENT_VERSION || shown.version !== CONSENT_VERSION) return { ok: false as const, error: "text_outdated" as const };
    // a pause that only came from declining ends with the agreement; a pause with a date stays
    const resume = v.status === "paused" && v.consentDeclinedAt !== null && v.pausedUntil === null;
    await tx
      .update(s.volunteers)
      .set({
        ...consentColumns(text, now),
        consentDeclinedAt: null,
        ...(resume ? { status: "active" as const } : {}),
        updatedAt: now,
      })
      .where(eq(s.volunteers.id, volunteerId));
    await recordAudit(tx, {
      organizationId: v.organizationId,
      actorType: "volunteer",
      action: "volunteer.consent_renewed",
      objectType: "volunteer",
      objectId: volunteerId,
      ip: ctx.ip,
      details: { from: v.consentVersion, to: text.version, locale: text.locale, resumed: resume },
    });
    return { ok: true as const, resumed: resume };
  });
}

/** Declining the new text: paused without end (active or paused volunteers), recorded and audited. */
export async function declineConsentRenewal(volunteerId: string, ctx: Ctx = {}): Promise<{ ok: true } | { ok: false; error: "not_found" | "nothing_to_decline" }> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
    if (!v) return { ok: false as const, error: "not_found" as const };
    if (v.consentVersion === CONSENT_VERSION) return { ok: false as const, error: "nothing_to_decline" as const };
    if (v.consentDeclinedAt) return { ok: true as const }; // declined before: nothing new to record
    await tx
      .update(s.volunteers)
      .set({
        consentDeclinedAt: now,
        ...(v.status === "active" || v.status === "paused" ? { status: "paused" as const, pausedUntil: null } : {}),
        updatedAt: now,
      })
      .where(eq(s.volunteers.id, volunteerId));
    await recordAudit(tx, {
      organizationId: v.organizationId,
      actorType: "volunteer",
      action: "volunteer.consent_declined",
      objectType: "volunteer",
      objectId: volunteerId,
      ip: ctx.ip,
      details: { version: CONSENT_VERSION, agreed: v.consentVersion },
    });
    return { ok: true as const };
  });
}

/** How many active or paused volunteers of an organisation are in each consent state (one aggregate). */
export async function countConsentStates(db: Db, organizationId: string): Promise<Record<ConsentState, number>> {
  const v = s.volunteers;
  const [row] = await db
    .select({
      current: sql<number>`count(*) filter (where ${v.consentVersion} = ${CONSENT_VERSION})::int`,
      declined: sql<number>`count(*) filter (where ${v.consentVersion} <> ${CONSENT_VERSION} and ${v.consentDeclinedAt} is not null)::int`,
      outdated: sql<number>`count(*) filter (where ${v.consentVersion} <> ${CONSENT_VERSION} and ${v.consentDeclinedAt} is null)::int`,
    })
    .from(v)
    .where(and(eq(v.organizationId, organizationId), inArray(v.status, ["active", "paused"])));
  return { current: row?.current ?? 0, outdated: row?.outdated ?? 0, declined: row?.declined ?? 0 };
}
