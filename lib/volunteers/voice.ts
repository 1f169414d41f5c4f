import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { getDb } from "@/db";
import * as s from "@/db/schema";
import { toLocale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import { config } from "@/lib/config";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { spokenDigits, VOICE_TEXTS } from "@/lib/messaging/voice/texts";
import { spokenVoiceFor } from "@/lib/messaging/voice/voices";
import { hitRateLimit } from "@/lib/rate-limit";
import { err, ok, type Err, type Ok } from "@/lib/result";
import { formatPhone, normalizeCallablePhone } from "./phone";

/**
 * Voice calls for a volunteer (issue 18): the number to call (a landline, or their mobile with
 * "call me"), confirmed before any request call — by a call that reads a six-digit code, typed on
 * the profile page — or at once when it is the mobile number they already confirmed by SMS. Stop
 * (0 on the keypad, or the profile) and resume; remove the number. The reachability rule is
 * lib/volunteers/channels.ts (reach_voice).
 */

/** The kind of the code call (lib/messaging/voice/calls.ts VOICE_CODE_KIND; not imported, to keep the arrows one way). */
const CODE_KIND = "confirm-voice";
export const VOICE_CODE_TTL_MS = 15 * 60_000;
export const VOICE_CODE_MAX_TRIES = 5;
/** code calls per volunteer and hour (each costs money and rings a phone) */
export const VOICE_CODE_CALLS_PER_HOUR = 3;

export type VoiceView = {
  /** the number as a person reads it */
  number: string | null;
  confirmed: boolean;
  stopped: boolean;
  /** the volunteer's confirmed mobile, offered for "call me on my mobile" */
  mobile: string | null;
  codePending: boolean;
};

export async function loadVoiceView(volunteerId: string, db?: Db): Promise<VoiceView | null> {
  const d = db ?? (await getDb());
  const [v] = await d.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId));
  if (!v) return null;
  return {
    number: v.voicePhone ? formatPhone(v.voicePhone) : null,
    confirmed: !!v.voiceConfirmedAt,
    stopped: !!v.voiceOptedOutAt,
    mobile: v.phone && v.phoneConfirmedAt && v.phone !== v.voicePhone ? formatPhone(v.phone) : null,
    codePending: !!v.voicePhone && !v.voiceConfirmedAt && !!v.voiceCodeHash,
  };
}

function codeHash(volunteerId: string, code: string): string {
  return createHmac("sha256", config().responseTokenSecret).update(`voice-code:${volunteerId}:${code}`).digest("hex");
}

type Ctx = { ip?: string | null; now?: Date; db?: Db };

export type SetVoiceResult = Ok<{ state: "confirmed" | "code_sent" }> | Err<"phone_invalid" | "limit" | "not_found">;

/**
 * Sets the number to call. The volunteer's own confirmed mobile is confirmed at once; any other
 * number gets a code call (at most VOICE_CODE_CALLS_PER_HOUR per volunteer).
 */
export async function setVoiceNumber(volunteerId: string, input: string, ctx: Ctx = {}): Promise<SetVoiceResult> {
  const parsed = normalizeCallablePhone(input.slice(0, 40));
  if (!parsed.ok) return err("phone_invalid");
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
    if (!v) return err("not_found");
    if (v.phone === parsed.e164 && v.phoneConfirmedAt && !v.smsOptedOutAt) {
      await tx
        .update(s.volunteers)
        .set({ voicePhone: parsed.e164, voiceConfirmedAt: now, voiceOptedOutAt: null, voiceCodeHash: null, voiceCodeExpiresAt: null, voiceCodeAttempts: 0, updatedAt: now })
        .where(eq(s.volunteers.id, volunteerId));
      await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.voice_confirmed", objectType: "volunteer", objectId: v.id, ip: ctx.ip ?? null, details: { by: "mobile" } });
      return ok({ state: "confirmed" as const });
    }
    if (v.voicePhone === parsed.e164 && v.voiceConfirmedAt) return ok({ state: "confirmed" as const });
    // the limit first: a refused code call leaves the stored number as it was
    const sent = await queueCodeCall(tx, { ...v, voicePhone: parsed.e164 }, now);
    if (!sent) return err("limit");
    await tx.update(s.volunteers).set({ voicePhone: parsed.e164, voiceConfirmedAt: null, voiceOptedOutAt: null, updatedAt: now }).where(eq(s.volunteers.id, volunteerId));
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.voice_number_set", objectType: "volunteer", objectId: v.id, ip: ctx.ip ?? null });
    return ok({ state: "code_sent" as const });
  });
}

/** A fresh code for the number not yet confirmed (the old one stops working). */
export async function resendVoiceCode(volunteerId: string, ctx: Ctx = {}): Promise<Ok<{ state: "code_sent" }> | Err<"nothing_to_confirm" | "limit">> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
    if (!v?.voicePhone || v.voiceConfirmedAt) return err("nothing_to_confirm");
    return (await queueCodeCall(tx, v, now)) ? ok({ state: "code_sent" as const }) : err("limit");
  });
}

async function queueCodeCall(tx: DbOrTx, v: s.Volunteer, now: Date): Promise<boolean> {
  const limit = await hitRateLimit(tx, `voice-code:${v.id}`, { limit: VOICE_CODE_CALLS_PER_HOUR, windowMs: 3600_000 }, now);
  if (!limit.ok) return false;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await tx
    .update(s.volunteers)
    .set({ voiceCodeHash: codeHash(v.id, code), voiceCodeExpiresAt: new Date(now.getTime() + VOICE_CODE_TTL_MS), voiceCodeAttempts: 0 })
    .where(eq(s.volunteers.id, v.id));
  const [org] = await tx.select({ name: s.organizations.name }).from(s.organizations).where(eq(s.organizations.id, v.organizationId));
  const locale = toLocale(v.locale);
  const t = VOICE_TEXTS[spokenVoiceFor(locale).lang];
  const digits = spokenDigits(code);
  // two lines: the transport says them with a pause between; the code is sealed at rest (secrets)
  await enqueueMessages(tx, [
    { organizationId: v.organizationId, channel: "voice", recipient: v.voicePhone!, kind: CODE_KIND, locale, body: `${t.code({ org: org?.name ?? "", digits })}\n${t.codeRepeat(digits)}`, volunteerId: v.id, secrets: [digits] },
  ]);
  return true;
}

export type ConfirmVoiceResult = Ok<{ state: "confirmed" }> | Err<"code_invalid" | "code_expired" | "code_too_many" | "nothing_to_confirm">;

/** The code from the call, typed on the profile page: at most VOICE_CODE_MAX_TRIES wrong tries per code, 15 minutes. */
export async function confirmVoiceCode(volunteerId: string, input: string, ctx: Ctx = {}): Promise<ConfirmVoiceResult> {
  const code = input.replace(/\s+/g, "");
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(s.volunteers).where(eq(s.volunteers.id, volunteerId)).for("update");
    if (!v?.voicePhone || v.voiceConfirmedAt || !v.voiceCodeHash) return err("nothing_to_confirm");
    if (v.voiceCodeAttempts >= VOICE_CODE_MAX_TRIES) return err("code_too_many");
    if (!v.voiceCodeExpiresAt || v.voiceCodeExpiresAt.getTime() < now.getTime()) return err("code_expired");
    const wellFormed = /^\d{6}$/.test(code);
    const match = wellFormed && timingSafeEqual(Buffer.from(codeHash(v.id, code)), Buffer.from(v.voiceCodeHash));
    if (!match) {
      // a malformed entry is a typo, not a guess: it costs no try
      if (wellFormed) await tx.update(s.volunteers).set({ voiceCodeAttempts: sql`${s.volunteers.voiceCodeAttempts} + 1` }).where(eq(s.volunteers.id, v.id));
      return err(wellFormed && v.voiceCodeAttempts + 1 >= VOICE_CODE_MAX_TRIES ? "code_too_many" : "code_invalid");
    }
    await tx
      .update(s.volunteers)
      .set({ voiceConfirmedAt: now, voiceCodeHash: null, voiceCodeExpiresAt: null, voiceCodeAttempts: 0, updatedAt: now })
      .where(eq(s.volunteers.id, v.id));
    await recordAudit(tx, { organizationId: v.organizationId, actorType: "volunteer", action: "volunteer.voice_confirmed", objectType: "volunteer", objectId: v.id, ip: ctx.ip ?? null, details: { by: "code" } });
    return ok({ state: "confirmed" as const });
  });
}

/** Queued calls of a volunteer never go out after a stop or a removed number. */
async function cancelQueuedCalls(tx: DbOrTx, volunteerId: string, reason: string) {
  await tx
    .update(s.messages)
    .set({ status: "cancelled", lastError: reason })
    .where(and(eq(s.messages.volunteerId, volunteerId), eq(s.messages.channel, "voice"), eq(s.messages.status, "queued")));
}

/** 0 on the keypad, or "no more calls" in the profile: no call until they switch calls on again. */
export async function stopVoiceCalls(db: Db, volunteerId: string, opts: { actor: "volunteer"; now?: Date; ip?: string | null }): Promise<boolean> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ voiceOptedOutAt: now, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.voiceOptedOutAt} is null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    await cancelQueuedCalls(tx, volunteerId, "recipient stopped calls");
    for (const r of rows) await recordAudit(tx, { organizationId: r.organizationId, actorType: opts.actor, action: "volunteer.voice_opted_out", objectType: "volunteer", objectId: r.id, ip: opts.ip ?? null });
    return rows.length > 0;
  });
}

export async function resumeVoiceCalls(volunteerId: string, ctx: Ctx = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ voiceOptedOutAt: null, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.voiceOptedOutAt} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    for (const r of rows) await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: "volunteer.voice_resumed", objectType: "volunteer", objectId: r.id, ip: ctx.ip ?? null });
    return rows.length > 0;
  });
}

/** Removes the number and everything about it; queued calls are cancelled. */
export async function removeVoiceNumber(volunteerId: string, ctx: Ctx = {}): Promise<boolean> {
  const db = ctx.db ?? (await getDb());
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.volunteers)
      .set({ voicePhone: null, voiceConfirmedAt: null, voiceOptedOutAt: null, voiceCodeHash: null, voiceCodeExpiresAt: null, voiceCodeAttempts: 0, updatedAt: now })
      .where(and(eq(s.volunteers.id, volunteerId), sql`${s.volunteers.voicePhone} is not null`))
      .returning({ id: s.volunteers.id, organizationId: s.volunteers.organizationId });
    await cancelQueuedCalls(tx, volunteerId, "number removed");
    for (const r of rows) await recordAudit(tx, { organizationId: r.organizationId, actorType: "volunteer", action: "volunteer.voice_removed", objectType: "volunteer", objectId: r.id, ip: ctx.ip ?? null });
    return rows.length > 0;
  });
}
