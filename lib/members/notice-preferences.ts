import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db";
import * as s from "@/db/schema";
import { adminLocales, toAdminLocale, type AdminLocale } from "@/i18n/config";
import { operation, type AdminCtx, type Denied, type Invalid } from "@/lib/admin/operation";
import type { Actor } from "@/lib/auth/guard-types";
import type { Ok } from "@/lib/result";
import { formatPhone, normalizePhone } from "@/lib/volunteers/phone";
import { NOTICE_EVENTS, type NoticeEvent, type NoticePreferencesField, type NoticePreferencesFormValues, type NoticeScope } from "./notice-events";

/**
 * "Meine Benachrichtigungen": which events about requests a coordinator is told of, on which
 * channels, for which requests — one row per membership (db/schema.ts
 * coordinator_notice_preferences). lib/requests/coordinator-notices.ts reads them when an event
 * happens; without a row the defaults below apply.
 */

export { NOTICE_EVENTS, type NoticeEvent, type NoticeScope, type NoticePreferencesField, type NoticePreferencesFormValues };

export type NoticePreferences = {
  events: Record<NoticeEvent, boolean>;
  scope: NoticeScope;
  byEmail: boolean;
  bySms: boolean;
  /** E.164 */
  phone: string | null;
  locale: AdminLocale;
};

/** Without a saved choice: a helper withdrew and "still short before the start", by e-mail, for one's own requests. */
export const DEFAULT_NOTICE_PREFERENCES: Omit<NoticePreferences, "locale"> = {
  events: { withdrawn: true, filled: false, short: true, changed: false, cancelled: false },
  scope: "mine",
  byEmail: true,
  bySms: false,
  phone: null,
};

const EVENT_COLUMN = { withdrawn: "onWithdrawn", filled: "onFilled", short: "onShort", changed: "onChanged", cancelled: "onCancelled" } as const satisfies Record<NoticeEvent, keyof s.CoordinatorNoticePreferences>;

/** A stored row (or none: the defaults) as preferences. */
export function preferencesOf(row: s.CoordinatorNoticePreferences | null | undefined, fallbackLocale: AdminLocale = "de"): NoticePreferences {
  if (!row) return { ...DEFAULT_NOTICE_PREFERENCES, events: { ...DEFAULT_NOTICE_PREFERENCES.events }, locale: fallbackLocale };
  return {
    events: Object.fromEntries(NOTICE_EVENTS.map((e) => [e, row[EVENT_COLUMN[e]]])) as Record<NoticeEvent, boolean>,
    scope: row.scope,
    byEmail: row.byEmail,
    bySms: row.bySms,
    phone: row.phone,
    locale: toAdminLocale(row.locale),
  };
}

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

/** The form: checkboxes arrive as "on" or not at all; the number is optional unless SMS is chosen. */
export const noticePreferencesSchema = z
  .object({
    withdrawn: checkbox,
    filled: checkbox,
    short: checkbox,
    changed: checkbox,
    cancelled: checkbox,
    scope: z.enum(["mine", "organization"], { error: "scope_invalid" }),
    byEmail: checkbox,
    bySms: checkbox,
    phone: z.string().trim().max(40, { error: "phone_invalid" }).default(""),
    locale: z.enum(adminLocales, { error: "locale_invalid" }),
  })
  .transform((v, ctx) => {
    let phone: string | null = null;
    if (v.phone) {
      const n = normalizePhone(v.phone);
      if (n.ok) phone = n.e164;
      else ctx.addIssue({ code: "custom", path: ["phone"], message: n.error });
    } else if (v.bySms) {
      ctx.addIssue({ code: "custom", path: ["phone"], message: "phone_required_for_sms" });
    }
    if (!v.byEmail && !v.bySms && NOTICE_EVENTS.some((e) => v[e])) ctx.addIssue({ code: "custom", path: ["byEmail"], message: "channel_required" });
    return { ...v, phone };
  });
export function preferencesFormValues(p: NoticePreferences): NoticePreferencesFormValues {
  const on = (b: boolean) => (b ? "on" : "");
  return {
    ...(Object.fromEntries(NOTICE_EVENTS.map((e) => [e, on(p.events[e])])) as Record<NoticeEvent, string>),
    scope: p.scope,
    byEmail: on(p.byEmail),
    bySms: on(p.bySms),
    phone: p.phone ? formatPhone(p.phone) : "",
    locale: p.locale,
  };
}

/** The signed-in coordinator's own preferences in the organisation they work in. */
export async function getNoticePreferences(actor: Actor, fallbackLocale: AdminLocale, db?: DbOrTx): Promise<NoticePreferences> {
  const [row] = await (db ?? (await getDb()))
    .select()
    .from(s.coordinatorNoticePreferences)
    .where(and(eq(s.coordinatorNoticePreferences.userId, actor.userId), eq(s.coordinatorNoticePreferences.organizationId, actor.organizationId)));
  return preferencesOf(row, fallbackLocale);
}

/** Saves the coordinator's own choice (only ever their own row: the key is the actor). */
export async function saveNoticePreferences(actor: Actor, input: unknown, ctx: AdminCtx): Promise<Ok<object> | Denied | Invalid<NoticePreferencesField>> {
  return operation<typeof noticePreferencesSchema, object, NoticePreferencesField>(
    actor,
    ctx,
    { action: "coordinator.notice_preferences", schema: noticePreferencesSchema, objectOfInvalid: () => ({ type: "user", id: actor.userId }) },
    input,
    async (tx, v, audit) => {
      const row = {
        onWithdrawn: v.withdrawn,
        onFilled: v.filled,
        onShort: v.short,
        onChanged: v.changed,
        onCancelled: v.cancelled,
        scope: v.scope,
        byEmail: v.byEmail,
        bySms: v.bySms,
        phone: v.phone,
        locale: v.locale,
        updatedAt: new Date(),
      };
      await tx
        .insert(s.coordinatorNoticePreferences)
        .values({ userId: actor.userId, organizationId: actor.organizationId, ...row })
        .onConflictDoUpdate({ target: [s.coordinatorNoticePreferences.userId, s.coordinatorNoticePreferences.organizationId], set: row });
      // field names and choices only, never the number
      await audit({ type: "user", id: actor.userId }, { events: NOTICE_EVENTS.filter((e) => v[e]), scope: v.scope, email: v.byEmail, sms: v.bySms });
      return {};
    },
  );
}
