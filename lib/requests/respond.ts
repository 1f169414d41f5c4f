import { brandOf, type Brand } from "@/lib/organizations/branding-rules";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { columnListSql, jsonRecordsOf } from "@/db/conditional-insert";
import { preparedSql } from "@/db/prepared-sql";
import * as s from "@/db/schema";
import { toLocale, type Locale } from "@/i18n/config";
import { recordAudit } from "@/lib/audit";
import { cancelQueuedMessagesForInvitation, enqueueMessages, STORED_MESSAGE_KEYS, storedMessageRow } from "@/lib/messaging/outbox";
import { KINDS_STOPPED_BY_WITHDRAWAL } from "@/lib/messaging/stop-kinds";
import { rateLimitWindowStart, type RateLimitRule } from "@/lib/rate-limit";
import { err, ok, type Err, type Ok } from "@/lib/result";
import { urls } from "@/lib/urls";
import { requestEvent } from "./events";
import { reopenSeats } from "./reopen";
import { hasStarted, releaseSeat, requestState, settle, takeSeat } from "./lifecycle";
import { loadMessageOrg, loadRequest, toMessageRequest, type LockedRequest } from "./load";
import { notifyCoordinators } from "./coordinator-notices";
import { calendarFile, confirmationMessages, type Briefing, type MessageOrg } from "./messages";
import { channelsOf, recipientChannelColumns, recipientsOf, type InvitationRecipient } from "./recipients";
import { isUuid } from "./schema";
import { lockShiftPicks, overlapsAcceptedSlot } from "@/lib/shifts/picks";

/** A response link stays readable this long after the request ended; then it is "not valid any more". */
export const RESPONSE_LINK_GRACE_MS = 7 * 86_400_000;

/** keep: an accepted helper confirms they can still come after the time changed */
export type Answer = "accept" | "decline" | "withdraw" | "keep";
export type RespondOutcome =
  | "accepted"
  | "already_accepted"
  | "full"
  | "declined"
  | "already_declined"
  | "withdrawn"
  | "not_accepted"
  | "kept"
  | "request_cancelled"
  | "request_closed"
  | "request_past"
  /** a slot of a shift plan that overlaps one this helper already accepted in the same plan (lib/shifts/overlap.ts) */
  | "overlap";
export type RespondResult = Ok<{ outcome: RespondOutcome; changed: boolean; requestId: string }> | Err<"not_found">;

export type RespondInput = {
  /** the SHA-256 of the link's token (web) … */
  tokenHash?: string;
  /** … or the invitation itself (SMS replies, issue 6) */
  invitationId?: string;
  answer: Answer;
  /** "profile": from the volunteer's own pages (open needs, my commitments, issue 15) */
  /** commitment: a regular helper's standing commitment, applied when an occurrence of a series is asked (lib/series) */
  /** voice: the keypad of a call (issue 18, lib/messaging/voice/calls.ts); telegram: a button under the bot's message (lib/messaging/telegram/updates.ts) */
  via: "web" | "sms" | "voice" | "telegram" | "whatsapp" | "profile" | "commitment";
  /** the plain token when known (web): links in the confirmation */
  token?: string;
  now?: Date;
  ip?: string | null;
  /** tests only: runs between the lock-free read and what follows it (to interleave a race deterministically) */
  afterRead?: () => Promise<void>;
};

export function isLinkExpired(request: { endsAt: Date }, now: Date): boolean {
  return now.getTime() > request.endsAt.getTime() + RESPONSE_LINK_GRACE_MS;
}

/**
 * A helper's answer. Exactly N (invariant 3): an accept only counts when the conditional UPDATE
 * of the request row (status open and accepted_count < helpers_needed) succeeds, in the same
 * transaction as the invitation change; the CHECK constraint on accepted_count is the last guard.
 *
 * Least work inside the row lock (issue 19). One read without any lock (`readAnswer`: the
 * invitation, its request, organisation and recipient) decides the common answers:
 * - "cancelled" / "closed" / "past" / "already accepted" / "already declined" / "not accepted"
 *   change nothing: they are answered from the read, no lock, no write;
 * - "full" (a "yes" to a filled request) changes only the invitation, in one statement without
 *   the request row lock (`recordLateYes`), see there why a withdrawal racing it is safe;
 * - an accept that does not fill the last seat is ONE statement (`takeSeatAtOnce`): the
 *   confirmation is rendered before it from the read, then the statement locks the request row
 *   (re-checking status, free seat and revision on the newest row version), marks the invitation
 *   (only if it is still as read), counts the seat and writes confirmation, audit entry and the
 *   volunteer's last activity — the row lock is held for that one statement and its commit.
 * Everything else — the accept that fills the last seat (stop asking, "filled" notices,
 * coordinator notices), declines, withdrawals, "keep", and any statement above that finds the
 * rows changed since the read — takes the locked path (`respondLocked`): the request row first
 * (same order as the coordinator's actions), then the invitation, so double taps serialise.
 */
export async function respondToInvitation(db: Db, input: RespondInput): Promise<RespondResult> {
  return respond(db, input) as Promise<RespondResult>;
}

/**
 * A tap on the response page (POST /r/<token>/answer): respondToInvitation behind the link's
 * rate limit, where the limit's counter is hit in the same statement as the lock-free read (a
 * data-modifying CTE: one round trip and one commit fewer per tap than hitRateLimit before it,
 * issue 19). Over the limit: nothing else is read or changed ("rate_limited").
 */
export async function respondToTap(db: Db, input: RespondInput & { tokenHash: string; rateLimit: { key: string; rule: RateLimitRule } }): Promise<RespondResult | Err<"rate_limited">> {
  return respond(db, input);
}

async function respond(db: Db, input: RespondInput & { rateLimit?: { key: string; rule: RateLimitRule } }): Promise<RespondResult | Err<"rate_limited">> {
  const now = input.now ?? new Date();
  const by = input.tokenHash ? ({ by: "token", key: input.tokenHash } as const) : isUuid(input.invitationId) ? ({ by: "id", key: input.invitationId } as const) : null;
  if (!by) return err("not_found");
  const limited = input.rateLimit && by.by === "token" ? { key: input.rateLimit.key, windowStart: rateLimitWindowStart(input.rateLimit.rule, now), limit: input.rateLimit.rule.limit } : null;
  const read = limited ? await readAnswerLimited(db, by.key, limited) : await readAnswer(db, by.by, by.key);
  if (!read) return err("not_found");
  if (read === "rate_limited") return err("rate_limited");
  await input.afterRead?.();
  const { inv, request } = read;
  if (!inv.volunteerId || isLinkExpired(request, now)) return err("not_found");
  const done = (outcome: RespondOutcome, changed: boolean): RespondResult => ok({ outcome, changed, requestId: request.id });
  const answer = effectiveAnswer(inv, input.answer);
  const refused = refusal(request, inv, answer, now);
  if (refused) return done(refused, false);

  if (answer === "accept") {
    if (inv.status === "accepted") return done("already_accepted", false);
    if (request.status === "filled") {
      // a late "yes" is recorded once (responded_at): if a seat reopens, they hear "needed again"
      if (inv.status === "not_needed" && inv.respondedAt) return done("full", false);
      if (inv.status === "not_needed" && (await recordLateYes(db, read, input, now))) return done("full", true);
    } else if (request.status === "open" && !request.shiftPlanId && request.acceptedCount + 1 < request.helpersNeeded) {
      // (a slot of a shift plan takes the locked path: its overlap rule needs the picks lock)
      const seat = await takeSeatAtOnce(db, read, input, now);
      if (seat) return done("accepted", true);
    }
  }
  if (answer === "decline" && inv.status === "declined") return done("already_declined", false);
  if ((answer === "withdraw" || answer === "keep") && inv.status !== "accepted") return done("not_accepted", false);
  if (answer === "keep" && (!inv.reconfirmRequestedAt || inv.reconfirmedAt)) return done("kept", false);
  return respondLockedWithRetry(db, read.inv.id, input, now);
}

/** How often the locked path is tried again after PostgreSQL rolled it back as a deadlock's victim. */
const LOCKED_ATTEMPTS = 3;

/**
 * The lock order (request, invitation, volunteer, report rows) rules deadlocks out among the
 * answer paths; a transaction elsewhere that takes a volunteer's rows in another order can still
 * meet one. The victim's transaction was rolled back whole, so trying again is safe and the
 * helper gets their answer instead of an error page.
 */
async function respondLockedWithRetry(db: Db, invitationId: string, input: RespondInput, now: Date): Promise<RespondResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await respondLocked(db, invitationId, input, now);
    } catch (e) {
      if (attempt >= LOCKED_ATTEMPTS || !isRetryableConflict(e)) throw e;
    }
  }
}

/** An accepted helper who says "no" (e.g. NEIN by SMS) withdraws; "yes" (JA) after a change of time keeps the seat. */
function effectiveAnswer(inv: s.Invitation, given: Answer): Answer {
  const reconfirmPending = inv.status === "accepted" && !!inv.reconfirmRequestedAt && !inv.reconfirmedAt;
  return given === "decline" && inv.status === "accepted" ? "withdraw" : given === "accept" && reconfirmPending ? "keep" : given;
}

/** The answers a finished request gives whatever was asked (no change). */
function refusal(request: s.Request, inv: s.Invitation, answer: Answer, now: Date): RespondOutcome | null {
  if (request.status === "cancelled") return "request_cancelled";
  if (hasStarted(request, now)) return "request_past";
  // A closed search takes no new answers, but an accepted helper can still say they cannot come.
  if (request.status === "closed" && !(answer === "withdraw" && inv.status === "accepted")) return "request_closed";
  return null;
}

type AnswerRead = {
  inv: s.Invitation;
  request: LockedRequest;
  org: MessageOrg;
  recipient: InvitationRecipient;
};

/** Everything an answer needs, in one read without locks (invitation, request, activity, organisation, recipient). */
const answerReadFields = () => ({
  inv: s.invitations,
  request: s.requests,
  activityNameDe: s.activities.nameDe,
  activityNameEn: s.activities.nameEn,
  activityNames: s.activities.names,
  org: { id: s.organizations.id, name: s.organizations.name, timeZone: s.organizations.timeZone, smsSenderName: s.organizations.smsSenderName, accentColor: s.organizations.accentColor, logoFile: s.organizations.logoFile },
  firstName: s.volunteers.firstName,
  email: s.volunteers.email,
  phone: s.volunteers.phone,
  locale: s.volunteers.locale,
  ...recipientChannelColumns(),
});

function answerReadQuery(db: DbOrTx, by: "token" | "id") {
  return db
    .select(answerReadFields())
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.organizations, eq(s.organizations.id, s.requests.organizationId))
    .leftJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .leftJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .where(by === "token" ? eq(s.invitations.tokenHash, sql.placeholder("key")) : eq(s.invitations.id, sql.placeholder("key")));
}

/**
 * Named prepared statements, built once per database handle (as readInvitationRow): every tap
 * reads through one, so PostgreSQL parses and plans this five-table join once per connection
 * instead of on every tap (~0.8 ms of planning per tap on the bench machine, issue 19).
 */
const preparedAnswers = (db: DbOrTx) => ({
  token: answerReadQuery(db, "token").prepare("answer_read_by_token"),
  id: answerReadQuery(db, "id").prepare("answer_read_by_id"),
});
const preparedAnswerReads = new WeakMap<object, ReturnType<typeof preparedAnswers>>();

/**
 * answerReadQuery by token with the link's rate-limit counter hit first, in the same statement
 * (the upsert of hitRateLimit as a data-modifying CTE: it runs whether or not the token is known,
 * as the separate call did). `hits`: the counter after this hit.
 */
function answerReadLimitedQuery(db: Db) {
  const rl = db.$with("rl", { count: s.rateLimits.count }).as(
    sql`insert into ${s.rateLimits} (key, window_start, count) values (${sql.placeholder("rlKey")}, ${sql.placeholder("rlWindowStart")}::timestamptz, 1)
      on conflict (key, window_start) do update set count = ${s.rateLimits}.count + 1 returning count`,
  );
  // the same statement as answerReadQuery(db, "token"), with the CTE and the counter
  return db
    .with(rl)
    .select({ ...answerReadFields(), hits: sql<number>`(select count from rl)`.mapWith(Number) })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.organizations, eq(s.organizations.id, s.requests.organizationId))
    .leftJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .leftJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .where(eq(s.invitations.tokenHash, sql.placeholder("key")))
    .prepare("answer_read_by_token_limited");
}

const preparedLimitedReads = new WeakMap<object, ReturnType<typeof answerReadLimitedQuery>>();

async function readAnswerLimited(db: Db, tokenHash: string, limit: { key: string; windowStart: Date; limit: number }): Promise<AnswerRead | "rate_limited" | null> {
  let q = preparedLimitedReads.get(db);
  if (!q) preparedLimitedReads.set(db, (q = answerReadLimitedQuery(db)));
  const [row] = await q.execute({ key: tokenHash, rlKey: limit.key, rlWindowStart: limit.windowStart.toISOString() });
  if (!row) return null;
  if (row.hits > limit.limit) return "rate_limited";
  return answerReadOf(row);
}

async function readAnswer(db: DbOrTx, by: "token" | "id", key: string): Promise<AnswerRead | null> {
  let q = preparedAnswerReads.get(db);
  if (!q) preparedAnswerReads.set(db, (q = preparedAnswers(db)));
  const [row] = await q[by].execute({ key });
  return row ? answerReadOf(row) : null;
}

type AnswerRow = Awaited<ReturnType<ReturnType<typeof preparedAnswers>["token"]["execute"]>>[number];

function answerReadOf(row: AnswerRow): AnswerRead {
  return {
    inv: row.inv,
    request: { ...row.request, activityNameDe: row.activityNameDe ?? "", activityNameEn: row.activityNameEn ?? "", activityNames: row.activityNames ?? {} },
    org: row.org,
    recipient: {
      invitationId: row.inv.id,
      volunteerId: row.inv.volunteerId ?? "",
      firstName: row.firstName ?? "",
      email: row.email,
      phone: row.phone,
      telegramChatId: row.telegramChatId,
      whatsappPhone: row.whatsappPhone,
      locale: toLocale(row.locale ?? "de"),
      channels: channelsOf(row),
    },
  };
}

/**
 * The accept that does not fill the last seat, as ONE statement (its own transaction):
 * 1. lock the request row — only if it is still open, has a free seat beyond this one and the
 *    revision the confirmation was rendered from (FOR UPDATE re-checks this on the newest row
 *    version after waiting for another answer);
 * 2. mark the invitation accepted — only if it is still in the status read (a double tap that
 *    got there first leaves nothing to mark: the UPDATE re-checks the newest version);
 * 3. count the seat (conditional again), then the confirmation, the audit entry and the
 *    volunteer's last activity, each only if the seat was counted.
 * The request row is locked before the invitation row, as everywhere. Null: nothing was changed
 * (full, filled, edited, or the invitation changed meanwhile) — the caller takes the locked path.
 */
async function takeSeatAtOnce(db: Db, read: AnswerRead, input: RespondInput, now: Date): Promise<{ acceptedCount: number } | null> {
  const { inv, request } = read;
  const link = input.token ? urls.response(input.token) : undefined;
  const confirmations = read.recipient.channels.length ? confirmationMessages(read.org, toMessageRequest(request), read.recipient, link).map((m) => ({ ...m, secrets: input.token ? [input.token] : [] })) : [];
  let q = preparedSeatStatements.get(db);
  if (!q) preparedSeatStatements.set(db, (q = preparedSql(db, "answer_take_seat", takeSeatStatement())));
  let result;
  try {
    result = await q.execute({
      requestId: request.id,
      revision: request.revision,
      invitationId: inv.id,
      invitationStatus: inv.status,
      volunteerId: inv.volunteerId,
      now: now.toISOString(),
      via: input.via,
      organizationId: request.organizationId,
      ip: input.ip ?? null,
      details: JSON.stringify({ via: input.via, requestId: request.id }),
      messages: JSON.stringify(jsonRecordsOf(s.messages, STORED_MESSAGE_KEYS, confirmations.map(storedMessageRow))),
    });
  } catch (e) {
    // picked as a deadlock's victim: the statement was rolled back, nothing written
    if (isLockConflict(e)) return null;
    throw e;
  }
  const row = (result as { rows: { accepted_count: number }[] }).rows[0];
  return row ? { acceptedCount: Number(row.accepted_count) } : null;
}

/**
 * The statement of takeSeatAtOnce, with placeholders only: its text never changes (the
 * confirmations, one per channel, come as one JSON array), so it is a named prepared statement —
 * parsed and planned once per connection (that was ~0.9 ms of every accept, issue 19).
 */
function takeSeatStatement(): SQL {
  const p = (name: string) => sql.placeholder(name);
  const seated = sql`exists (select 1 from seat)`;
  return sql`with
    req as (select id from requests where id = ${p("requestId")}::uuid and status = 'open' and accepted_count + 1 < helpers_needed and revision = ${p("revision")}::int for update),
    inv as (update invitations set status = 'accepted', responded_at = ${p("now")}::timestamptz, responded_via = ${p("via")}::text from req
      where invitations.id = ${p("invitationId")}::uuid and invitations.request_id = req.id and invitations.status = ${p("invitationStatus")}::invitation_status returning invitations.id),
    seat as (update requests set accepted_count = requests.accepted_count + 1, updated_at = ${p("now")}::timestamptz from inv
      where requests.id = ${p("requestId")}::uuid and requests.status = 'open' and requests.accepted_count + 1 < requests.helpers_needed returning requests.accepted_count),
    vol as (update volunteers set last_active_at = ${p("now")}::timestamptz where id = ${p("volunteerId")}::uuid and ${seated}),
    audit as (${auditStatement("invitation.accept", sql`${p("details")}::jsonb || jsonb_build_object('acceptedCount', (select accepted_count from seat))`, seated)}),
    msgs as (insert into messages (${columnListSql(s.messages, STORED_MESSAGE_KEYS)})
      select ${columnListSql(s.messages, STORED_MESSAGE_KEYS)} from jsonb_populate_recordset(null::messages, ${p("messages")}::jsonb)
      where ${seated})
    select accepted_count from seat`;
}

const preparedSeatStatements = new WeakMap<object, ReturnType<typeof preparedSql>>();

/**
 * How long the lock-free "full" waits for a row lock before it gives up and takes the locked
 * path instead. Below PostgreSQL's deadlock_timeout (default 1 s): see recordLateYes.
 */
const LATE_YES_LOCK_TIMEOUT = "300ms";

/**
 * "Full": a "yes" to a filled request from someone whose invitation says not needed and who has
 * not answered yet. Only the invitation changes (a late "yes", recorded once), in one statement
 * WITHOUT the request row lock. Why a withdrawal that frees a seat at the same moment cannot make
 * this refuse wrongly: reopening (lifecycle.ts reopenSearch, in the withdrawal's transaction)
 * makes exactly these invitations (not needed, not answered) answerable again, so both write the
 * same invitation row and PostgreSQL orders them —
 * - reopening first: this UPDATE waits for it, re-checks the newest row version (now "pending"),
 *   changes nothing and the caller takes the locked path, which finds the free seat;
 * - this first: the helper's "yes" is recorded as late; the reopening skips the row (answered)
 *   and its next statement (reopen.ts tellNeededAgain) tells them "needed again" — the same as if
 *   the tap had come a moment before the withdrawal.
 * Lock order: every other writer of a request's invitations holds the request row first; this one
 * takes the invitation and then (through the report trigger) the request's summary row, which a
 * withdrawal may hold while it waits for this invitation. So this statement waits at most
 * LATE_YES_LOCK_TIMEOUT for any lock (set for this statement only) and, when it gives up (or is
 * picked as a deadlock's victim), changes nothing: the caller takes the locked path.
 * False: nothing written (the invitation is not as read any more, or a lock was not free).
 */
async function recordLateYes(db: Db, read: AnswerRead, input: RespondInput, now: Date): Promise<boolean> {
  const { inv, request } = read;
  let q = preparedLateYes.get(db);
  if (!q) preparedLateYes.set(db, (q = preparedSql(db, "answer_late_yes", lateYesStatement())));
  try {
    const result = await q.execute({
      lockTimeout: LATE_YES_LOCK_TIMEOUT,
      invitationId: inv.id,
      requestId: request.id,
      volunteerId: inv.volunteerId,
      now: now.toISOString(),
      via: input.via,
      organizationId: request.organizationId,
      ip: input.ip ?? null,
      details: JSON.stringify({ via: input.via, requestId: request.id }),
    });
    return (result as { rows: unknown[] }).rows.length > 0;
  } catch (e) {
    if (isLockConflict(e)) return false;
    throw e;
  }
}

/** The statement of recordLateYes, a named prepared statement as takeSeatStatement (placeholders only). */
function lateYesStatement(): SQL {
  const p = (name: string) => sql.placeholder(name);
  const marked = sql`exists (select 1 from inv)`;
  return sql`with
    cfg as (select set_config('lock_timeout', ${p("lockTimeout")}::text, true)),
    inv as (update invitations set responded_at = ${p("now")}::timestamptz, responded_via = ${p("via")}::text
      where id = ${p("invitationId")}::uuid and status = 'not_needed' and responded_at is null and exists (select 1 from cfg)
        and exists (select 1 from requests where id = ${p("requestId")}::uuid and status = 'filled') returning id),
    vol as (update volunteers set last_active_at = ${p("now")}::timestamptz where id = ${p("volunteerId")}::uuid and ${marked}),
    audit as (${auditStatement("invitation.accept_full", sql`${p("details")}::jsonb`, marked)})
    select id from inv`;
}

const preparedLateYes = new WeakMap<object, ReturnType<typeof preparedSql>>();

/** The answer's audit entry in a prepared statement (placeholders organizationId, invitationId, ip), written only `when`. */
function auditStatement(action: string, details: SQL, when: SQL): SQL {
  const p = (name: string) => sql.placeholder(name);
  return sql`insert into audit_events (organization_id, actor_type, action, object_type, object_id, ip, details)
    select ${p("organizationId")}::uuid, 'volunteer', ${action}::text, 'invitation', ${p("invitationId")}::text, ${p("ip")}::text, ${details}
    where ${when}`;
}

/** The PostgreSQL error code of `e` or of one of its causes (drizzle wraps the driver's error). */
function pgErrorCode(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && typeof x === "object" && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** lock_not_available (lock_timeout) or deadlock_detected: the statement was rolled back. */
function isLockConflict(e: unknown): boolean {
  const code = pgErrorCode(e);
  return code === "55P03" || code === "40P01";
}

/** deadlock_detected or serialization_failure: the whole transaction was rolled back. */
function isRetryableConflict(e: unknown): boolean {
  const code = pgErrorCode(e);
  return code === "40P01" || code === "40001";
}

/** Every answer the lock-free steps above do not finish: the request row locked first, then the invitation. */
async function respondLocked(db: Db, invitationId: string, input: RespondInput, now: Date): Promise<RespondResult> {
  return db.transaction(async (tx): Promise<RespondResult> => {
    const [found] = await tx
      .select({ requestId: s.invitations.requestId, volunteerId: s.invitations.volunteerId, shiftPlanId: s.requests.shiftPlanId })
      .from(s.invitations)
      .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
      .where(eq(s.invitations.id, invitationId));
    // A slot of a shift plan: one helper's picks in that plan are serialised (before the request
    // row lock — nothing else takes this lock, so the lock order stays acyclic), so two parallel
    // taps on overlapping slots cannot both win the overlap check below.
    if (found?.shiftPlanId && found.volunteerId && input.answer === "accept") await lockShiftPicks(tx, found.shiftPlanId, found.volunteerId);
    const request = found ? await loadRequest(tx, found.requestId, { lock: true }) : null;
    const [inv] = await tx.select().from(s.invitations).where(eq(s.invitations.id, invitationId)).for("update");
    if (!request || !inv) return err("not_found");
    return answerLocked(tx, request, inv, { ...input, now });
  });
}

/**
 * The answer itself, in the caller's transaction with the request row and then the invitation
 * row locked (respondLocked above; lib/series applies standing commitments through it, so a
 * commitment takes its seat by the same conditional UPDATE as a tap).
 */
export async function answerLocked(tx: DbOrTx, request: LockedRequest, inv: s.Invitation, input: RespondInput & { now: Date }): Promise<RespondResult> {
  const now = input.now;
  {
    if (!inv.volunteerId || isLinkExpired(request, now)) return err("not_found");
    const done = (outcome: RespondOutcome, changed: boolean): RespondResult => ok({ outcome, changed, requestId: request.id });

    const answer = effectiveAnswer(inv, input.answer);
    const refused = refusal(request, inv, answer, now);
    if (refused) return done(refused, false);

    const audit = (action: string, details?: Record<string, unknown>) =>
      recordAudit(tx, { organizationId: request.organizationId, actorType: "volunteer", action, objectType: "invitation", objectId: inv.id, ip: input.ip ?? null, details: { via: input.via, requestId: request.id, ...details } });
    const markInvitation = (status: s.Invitation["status"]) =>
      tx.update(s.invitations).set({ status, respondedAt: now, respondedVia: input.via }).where(eq(s.invitations.id, inv.id));
    // Lock order across requests: the volunteer's row BEFORE the invitation changes, whose triggers
    // update the volunteer's report rows (volunteer_month_asks, shared by all requests of one
    // activity and month) — as takeSeatAtOnce and recordLateYes do within their one statement. The
    // other order deadlocked against a tap of the same helper on another occurrence of a series.
    const touchVolunteer = () => tx.update(s.volunteers).set({ lastActiveAt: now }).where(eq(s.volunteers.id, inv.volunteerId!));

    if (answer === "accept") {
      if (inv.status === "accepted") return done("already_accepted", false);
      if (request.shiftPlanId && (await overlapsAcceptedSlot(tx, request, inv.volunteerId))) return done("overlap", false);
      const updated = await takeSeat(tx, request, now);
      if (!updated) {
        // a late "yes" is recorded once (responded_at): if a seat reopens, they hear "needed again"
        if (inv.status === "not_needed" && inv.respondedAt) return done("full", false);
        await touchVolunteer();
        await markInvitation("not_needed");
        await audit("invitation.accept_full");
        return done("full", true);
      }
      await touchVolunteer();
      await markInvitation("accepted");
      const org = await loadMessageOrg(tx, request.organizationId);
      const [me] = await recipientsOf(tx, request.id, { invitationIds: [inv.id] });
      if (me) await enqueueMessages(tx, confirmationMessages(org, toMessageRequest(updated), me, input.token ? urls.response(input.token) : undefined).map((m) => ({ ...m, secrets: input.token ? [input.token] : [] })));
      await audit("invitation.accept", { acceptedCount: updated.acceptedCount });
      await settle(tx, request, updated, now, org);
      if (updated.status === "filled") await notifyCoordinators(tx, { kind: "filled", requestId: request.id, now });
      return done("accepted", true);
    }

    if (answer === "keep") {
      // only an accepted helper who was asked (the time changed) confirms; again changes nothing
      if (inv.status !== "accepted") return done("not_accepted", false);
      if (!inv.reconfirmRequestedAt || inv.reconfirmedAt) return done("kept", false);
      await tx.update(s.invitations).set({ reconfirmedAt: now }).where(eq(s.invitations.id, inv.id));
      await touchVolunteer();
      await audit("invitation.reconfirm", { revision: request.revision });
      return done("kept", true);
    }

    if (answer === "decline") {
      if (inv.status === "declined") return done("already_declined", false);
      await touchVolunteer();
      await markInvitation("declined");
      await audit("invitation.decline");
      return done("declined", true);
    }

    // withdraw
    if (inv.status !== "accepted") return done("not_accepted", false);
    const after = await releaseSeat(tx, request, now);
    await touchVolunteer();
    await markInvitation("withdrawn");
    // stop means stop: their queued reminders (and a confirmation not out yet) are cancelled
    await cancelQueuedMessagesForInvitation(tx, inv.id, KINDS_STOPPED_BY_WITHDRAWAL);
    await requestEvent(tx, "withdrawn", { request, invitationId: inv.id, actor: { type: "volunteer" }, ip: input.ip, details: { via: input.via } });
    await settle(tx, request, after, now);
    await notifyCoordinators(tx, { kind: "withdrawn", requestId: request.id, now });
    // the freed seat asks the next volunteers (an open request; a closed search stays closed)
    await reopenSeats(tx, after, 1, now);
    return done("withdrawn", true);
  }
}

export type InvitationView = {
  invitationId: string;
  firstName: string;
  /** the helper's message language: the page speaks it unless the visitor chose another */
  locale: Locale;
  status: s.Invitation["status"];
  /** the time changed after this helper accepted and they have not said yet whether they can still come */
  reconfirmPending: boolean;
  /** they said they can still come after the last change of time */
  reconfirmed: boolean;
  /** the briefing: only for an accepted helper (null for everyone else) */
  briefing: Briefing | null;
  request: {
    title: string;
    details: string;
    place: string;
    startsAt: Date;
    endsAt: Date;
    activityNameDe: string;
    activityNameEn: string;
    activityNames: s.LocalizedTexts;
    helpersNeeded: number;
    acceptedCount: number;
    stillNeeded: number;
    status: s.Request["status"];
    /** the coordinator's reason when cancelled ("" when none) */
    cancelReason: string;
    timeZone: string;
    organizationName: string;
  };
  /** the organisation's name, logo and accent colour for the page's header */
  brand: Brand;
  /** what the page shows */
  state: "open" | "filled" | "cancelled" | "closed" | "past";
  /**
   * "Needed again": the request is open, this helper had been told it was filled (a "filled"
   * notice, or a tap on accept that came too late) and has not answered since — a seat reopened.
   */
  neededAgain: boolean;
};

/** What the response page shows. Reads only (a GET never changes state). Null: not valid (any more). */
export async function getInvitationView(db: DbOrTx, tokenHash: string, now = new Date()): Promise<InvitationView | null> {
  const row = await readInvitationRow(db, tokenHash);
  return row ? invitationViewOf(row, now) : null;
}

/**
 * Everything the response page shows, in ONE statement (invitation, volunteer, request, activity,
 * organisation, the "told it was filled" flag): the page's locale (the volunteer's message
 * language) and the page itself are both read from this row, so a warm GET /r/<token> is one
 * database round trip (app/r/[token]/view.ts shares it within the request). Null: unknown token.
 * The row is returned even when the link has expired (invitationViewOf says so), so that the
 * not-found page still speaks the helper's language.
 */
function invitationRowQuery(db: DbOrTx) {
  return invitationRowSelect(db).prepare("response_page_row");
}

/** The statement of readInvitationRow, unprepared (tests/integration/page-queries.test.ts reads its plan). */
export function invitationRowSelect(db: DbOrTx) {
  return db
    .select({
      invitationId: s.invitations.id,
      status: s.invitations.status,
      reconfirmRequestedAt: s.invitations.reconfirmRequestedAt,
      reconfirmedAt: s.invitations.reconfirmedAt,
      firstName: s.volunteers.firstName,
      locale: s.volunteers.locale,
      request: s.requests,
      activityNameDe: s.activities.nameDe,
      activityNameEn: s.activities.nameEn,
      activityNames: s.activities.names,
      timeZone: s.organizations.timeZone,
      organizationName: s.organizations.name,
      // the page's header (issue 16): read in this one statement, no second round trip
      accentColor: s.organizations.accentColor,
      logoFile: s.organizations.logoFile,
      toldFilled: sql<boolean>`exists (select 1 from ${s.messages} m where m.invitation_id = ${s.invitations.id} and m.kind in ('request-filled', 'needed-again') and m.status <> 'cancelled')`,
    })
    .from(s.invitations)
    .innerJoin(s.volunteers, eq(s.volunteers.id, s.invitations.volunteerId))
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .innerJoin(s.activities, eq(s.activities.id, s.requests.activityId))
    .innerJoin(s.organizations, eq(s.organizations.id, s.requests.organizationId))
    .where(eq(s.invitations.tokenHash, sql.placeholder("tokenHash")));
}

/**
 * Built once per database handle: drizzle does not assemble the statement again on every view,
 * and PostgreSQL parses and plans it once per connection (a named prepared statement).
 */
const preparedRows = new WeakMap<object, ReturnType<typeof invitationRowQuery>>();

export async function readInvitationRow(db: DbOrTx, tokenHash: string) {
  let q = preparedRows.get(db);
  if (!q) preparedRows.set(db, (q = invitationRowQuery(db)));
  const [row] = await q.execute({ tokenHash });
  return row ?? null;
}

export type InvitationRow = NonNullable<Awaited<ReturnType<typeof readInvitationRow>>>;

/** The page's view of a row from readInvitationRow; null when the link has expired. */
export function invitationViewOf(row: InvitationRow, now = new Date()): InvitationView | null {
  if (isLinkExpired(row.request, now)) return null;
  const r = row.request;
  const state = requestState(r, now);
  const neededAgain = state === "open" && (row.status === "not_needed" || (row.status === "pending" && !!row.toldFilled));
  return {
    neededAgain,
    invitationId: row.invitationId,
    firstName: row.firstName,
    locale: toLocale(row.locale),
    status: row.status,
    reconfirmPending: row.status === "accepted" && !!row.reconfirmRequestedAt && !row.reconfirmedAt,
    reconfirmed: row.status === "accepted" && !!row.reconfirmedAt,
    // never shown to the unanswered: only who comes needs the meeting point and the contact on site
    briefing: row.status === "accepted" && r.status !== "cancelled" ? { meetingPoint: r.meetingPoint, contactName: r.contactName, contactPhone: r.contactPhone, whatToBring: r.whatToBring } : null,
    state,
    request: {
      title: r.title,
      details: r.details,
      place: r.place,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      activityNameDe: row.activityNameDe,
      activityNameEn: row.activityNameEn,
      activityNames: row.activityNames,
      helpersNeeded: r.helpersNeeded,
      acceptedCount: r.acceptedCount,
      stillNeeded: Math.max(0, r.helpersNeeded - r.acceptedCount),
      status: r.status,
      cancelReason: r.cancelReason ?? "",
      timeZone: row.timeZone,
      organizationName: row.organizationName,
    },
    brand: brandOf({ id: r.organizationId, name: row.organizationName, accentColor: row.accentColor, logoFile: row.logoFile }),
  };
}

/** The calendar file for an accepted helper (GET /r/<token>/calendar.ics). Reads only. */
export async function getCalendarForToken(db: DbOrTx, tokenHash: string, locale: Locale, now = new Date()): Promise<string | null> {
  const [row] = await db
    .select({ invitationId: s.invitations.id, status: s.invitations.status, requestId: s.invitations.requestId, organizationId: s.requests.organizationId, endsAt: s.requests.endsAt, requestStatus: s.requests.status })
    .from(s.invitations)
    .innerJoin(s.requests, eq(s.requests.id, s.invitations.requestId))
    .where(and(eq(s.invitations.tokenHash, tokenHash), inArray(s.invitations.status, ["accepted"])));
  if (!row || row.requestStatus === "cancelled" || isLinkExpired(row, now)) return null;
  const request = (await loadRequest(db, row.requestId))!;
  const org = await loadMessageOrg(db, row.organizationId);
  return calendarFile(org, toMessageRequest(request), locale, row.invitationId);
}
