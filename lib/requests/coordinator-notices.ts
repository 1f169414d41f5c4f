import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { AdminLocale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { renderEmail } from "@/lib/messaging/templates/layout";
import { preferencesOf, type NoticeEvent } from "@/lib/members/notice-preferences";
import { absoluteUrl } from "@/lib/urls";
import { loadMessageOrg, loadRequest } from "./load";
import { formatWhenShort, emailBrand, smsSender } from "./messages";
import { holdSms, loadQuietHours, smsNotBefore } from "./quiet-hours";

/**
 * Coordinators are told (issue 12): a helper withdrew, a request filled, a request is still short
 * before its start (lib/requests/escalation.ts), a request was changed or cancelled by another
 * coordinator. `notifyCoordinators(tx, event)` runs in the transaction of the event: the notices
 * are queued in the outbox with it (invariant 4), so they exist exactly when the event commits.
 *
 * Who hears of it: every member of the request's organisation whose preferences
 * (lib/members/notice-preferences.ts, defaults without a saved choice) have the event on, for the
 * requests they created or — by their choice — for every request; never the coordinator who did
 * it. Each gets it in their own coordinator-area language, by e-mail and/or SMS, with a link to
 * the request's board.
 *
 * These are not asking messages: their kinds (COORDINATOR_NOTICE_KINDS) are never among
 * ASKING_MESSAGE_KINDS, so a request filling or being cancelled — which stops every question to
 * helpers (invariant 5) — does not cancel the notice that tells the coordinator about it. They
 * carry no volunteer id: a helper's stop flags, unsubscribe headers and erasure never touch them.
 */

export type CoordinatorNoticeEvent =
  | { kind: "withdrawn" | "filled" | "short"; requestId: string; now?: Date }
  | { kind: "changed"; requestId: string; byUserId: string; now?: Date }
  | { kind: "cancelled"; requestId: string; byUserId: string; reason?: string; now?: Date }
  /** regular helpers of a series could not be seated when an occurrence was asked (no free seat: fewer needed) */
  | { kind: "commitmentUnseated"; requestId: string; count: number; now?: Date };

export const COORDINATOR_NOTICE_KINDS = ["coordinator-withdrawn", "coordinator-filled", "coordinator-short", "coordinator-changed", "coordinator-cancelled", "coordinator-commitmentUnseated"] as const;
const kindOf = (e: CoordinatorNoticeEvent["kind"]) => `coordinator-${e}` as (typeof COORDINATOR_NOTICE_KINDS)[number];
/**
 * Which preference decides: a regular helper who is not seated is missing like one who withdrew,
 * so the "withdrawn" choice covers it (no extra switch on the preferences page).
 */
const preferenceOf = (e: CoordinatorNoticeEvent["kind"]): NoticeEvent => (e === "commitmentUnseated" ? "withdrawn" : e);

type Recipient = { userId: string; email: string; phone: string | null; byEmail: boolean; bySms: boolean; locale: AdminLocale };

/** The members who want to hear of this event about this request. */
async function recipientsFor(tx: DbOrTx, event: CoordinatorNoticeEvent, request: { organizationId: string; createdBy: string | null }): Promise<Recipient[]> {
  const rows = await tx
    .select({ userId: s.memberships.userId, email: s.users.email, prefs: s.coordinatorNoticePreferences })
    .from(s.memberships)
    .innerJoin(s.users, eq(s.users.id, s.memberships.userId))
    // the preferences of this membership: same person, same organisation
    .leftJoin(s.coordinatorNoticePreferences, and(eq(s.coordinatorNoticePreferences.userId, s.memberships.userId), eq(s.coordinatorNoticePreferences.organizationId, s.memberships.organizationId)))
    .where(eq(s.memberships.organizationId, request.organizationId));
  const by = "byUserId" in event ? event.byUserId : null;
  const out: Recipient[] = [];
  for (const row of rows) {
    const p = preferencesOf(row.prefs);
    const concerned = p.scope === "organization" || (request.createdBy !== null && request.createdBy === row.userId);
    if (!p.events[preferenceOf(event.kind)] || !concerned || row.userId === by) continue;
    out.push({ userId: row.userId, email: row.email, phone: p.phone, byEmail: p.byEmail, bySms: p.bySms && !!p.phone, locale: p.locale });
  }
  return out.filter((r) => r.byEmail || r.bySms);
}

/** Queues the notices of one event in the caller's transaction; returns how many messages were queued. */
export async function notifyCoordinators(tx: DbOrTx, event: CoordinatorNoticeEvent): Promise<number> {
  const now = event.now ?? new Date();
  const request = await loadRequest(tx, event.requestId);
  if (!request) return 0;
  const recipients = await recipientsFor(tx, event, request);
  if (recipients.length === 0) return 0;
  const org = await loadMessageOrg(tx, request.organizationId);
  const byName = "byUserId" in event ? await nameOf(tx, event.byUserId) : "";
  const reason = event.kind === "cancelled" ? (event.reason ?? "").trim() : "";
  const board = absoluteUrl(`/admin/requests/${request.id}`);
  const settings = absoluteUrl("/admin/notifications");
  const missing = Math.max(0, request.helpersNeeded - request.acceptedCount);
  // an SMS written at night waits for the morning unless the request starts soon (as for helpers)
  const smsAfter = recipients.some((r) => r.bySms) ? smsNotBefore(now, org.timeZone, request.startsAt, await loadQuietHours(tx, org.id)) : undefined;

  const out: OutgoingMessage[] = [];
  for (const to of recipients) {
    const t = translator(to.locale, "coordinatorNotices");
    // the organisation's SMS sender name (as in the helpers' SMS): several organisations, one installation
    const values = { org: smsSender(org), title: request.title, when: formatWhenShort(to.locale, org.timeZone, request.startsAt), missing, needed: request.helpersNeeded, by: byName, link: board, count: event.kind === "commitmentUnseated" ? event.count : 0 };
    const base = { organizationId: org.id, kind: kindOf(event.kind), locale: to.locale, requestId: request.id, volunteerId: null, invitationId: null };
    if (to.byEmail) {
      const mail = renderEmail({
        locale: to.locale,
        subject: t(`mail.${event.kind}Subject`, values),
        paragraphs: [t(`mail.${event.kind}Body`, values), ...(reason ? [{ typed: t("mail.reason", { reason }) }] : []), t("mail.settings", { link: settings })],
        buttons: [{ label: t("mail.board"), url: board }],
        brand: emailBrand(org),
      });
      out.push({ ...base, channel: "email", recipient: to.email, subject: mail.subject, body: mail.text, html: mail.html });
    }
    if (to.bySms && to.phone) out.push({ ...base, channel: "sms", recipient: to.phone, body: t(`sms.${event.kind}`, values) });
  }
  return (await enqueueMessages(tx, holdSms(out, smsAfter))).length;
}

async function nameOf(tx: DbOrTx, userId: string): Promise<string> {
  const [u] = await tx.select({ name: s.users.name, email: s.users.email }).from(s.users).where(eq(s.users.id, userId));
  return u?.name || u?.email || "";
}
