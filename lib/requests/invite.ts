import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import * as s from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { templatedMessagesStatement, type MessageTemplate, type TemplatedMessage } from "@/lib/messaging/outbox";
import { RESPONSE_PLACEHOLDER } from "@/lib/messaging/secrets";
import { analyzeSms } from "@/lib/messaging/sms-segments";
import { invitationCallText } from "@/lib/messaging/voice/calls";
import { escapeHtml } from "@/lib/messaging/templates/layout";
import type { QuietHours } from "@/lib/organizations/settings-schema";
import { toMessageRequest, type LockedRequest } from "./load";
import { matchVolunteers, type MatchCriteria, type MatchedVolunteer } from "./matching";
import { invitationMessages, type MessageOrg, type MessageRequest } from "./messages";
import { loadQuietHours, smsNotBefore } from "./quiet-hours";
import { responseToken, responseTokenHash } from "./tokens";

/** What matching needs to know about a stored request. */
export function criteriaOf(request: s.Request, timeZone: string): MatchCriteria {
  return {
    activityId: request.activityId,
    startsAt: request.startsAt,
    languageMode: request.languageMode,
    languages: request.languages,
    channels: request.channels,
    requireDrivingLicence: request.requireDrivingLicence,
    requireCar: request.requireCar,
    requiredQualificationId: request.requiredQualificationId,
    timeZone,
    requestId: request.id,
  };
}

// Placeholders the invitation is rendered with once per language: the response token has a fixed
// length (base64url of 16 bytes, 22 characters of the GSM-7 alphabet, tokens.ts), so an SMS
// fitted around the placeholder is fitted exactly as around every real link (same length, same
// encoding). The stored texts carry RESPONSE_PLACEHOLDER there anyway (lib/messaging/secrets.ts).
const TOKEN_PLACEHOLDER = "QqHelferrufTokenQq".padEnd(responseToken("00000000-0000-0000-0000-000000000000", "length only").length, "Q");
const NAME_PLACEHOLDER = "QqHelferrufNameQq";

/**
 * The invitation in `locale`, rendered ONCE with placeholders for the first name and the token
 * (invitationMessages, the same function every per-recipient path uses); each recipient's row is
 * the template with their name and link substituted in SQL (templatedMessagesStatement). The e-mail's
 * text carries the name as typed, its HTML the name escaped; the SMS carries no name.
 */
export function invitationTemplates(org: MessageOrg, r: MessageRequest, locale: Locale): MessageTemplate[] {
  const probe = invitationMessages(org, r, { volunteerId: "", invitationId: "", firstName: NAME_PLACEHOLDER, email: "e", phone: "p", locale, channels: ["email", "sms"] }, TOKEN_PLACEHOLDER);
  const stored = (text: string | undefined) => text?.split(TOKEN_PLACEHOLDER).join(RESPONSE_PLACEHOLDER);
  return probe.map((m) => ({
    channel: m.channel,
    kind: m.kind,
    locale,
    subject: stored(m.subject),
    body: stored(m.body)!,
    html: stored(m.html),
    // counted from the text as sent: the placeholder token has the real token's length and alphabet
    segments: m.channel === "sms" ? analyzeSms(m.body).segments : null,
  }));
}

/**
 * Finds further matching volunteers (not yet invited), creates their invitations (the response
 * token is derived from the invitation id, see tokens.ts; only its hash is stored), queues the
 * messages (SMS held back during quiet hours) and marks them as asked — all in the caller's
 * transaction, set-based after the match query, per batch of INVITE_BATCH: one statement inserts
 * the invitations (INSERT … SELECT, ON CONFLICT DO NOTHING) and sets lastAskedAt of those inserted,
 * one more the messages of those inserted (templatedMessagesStatement: per-language templates,
 * the name substituted in SQL; the link is stored as RESPONSE_PLACEHOLDER and derived again at
 * send time). The next batch is built while the database writes this one.
 * The unique (request, volunteer) index makes a parallel "ask more" safe: a volunteer invited
 * meanwhile is skipped, never asked twice. The rows are the same as invitationMessages +
 * enqueueMessages would write one by one (tests/integration/fan-out.test.ts compares them).
 */
export async function inviteMatching(
  tx: DbOrTx,
  org: MessageOrg,
  request: LockedRequest,
  limit: number,
  now: Date,
  opts: { wave?: number; quietHours?: QuietHours; /** rows per statement pair (tests); default INVITE_BATCH */ batch?: number } = {},
): Promise<{ invited: number; messages: number }> {
  if (limit <= 0) return { invited: 0, messages: 0 };
  const matches = await matchVolunteers(tx, request.organizationId, criteriaOf(request, org.timeZone), { limit, now });
  if (matches.length === 0) return { invited: 0, messages: 0 };
  const quiet = opts.quietHours ?? (await loadQuietHours(tx, request.organizationId));
  return insertInvitations(tx, org, request, matches, now, { wave: opts.wave ?? request.currentWave, smsAfter: smsNotBefore(now, org.timeZone, request.startsAt, quiet), batch: opts.batch ?? INVITE_BATCH });
}

/**
 * Rows per statement pair of a send. A send to thousands is written in batches, and the next
 * batch is built (token hashes, unsubscribe tokens, JSON) while the database writes this one: the
 * statements of a transaction still run one after another on its connection, but the JavaScript
 * no longer waits in between (issue 19, docs/benchmarks.md).
 */
export const INVITE_BATCH = 1000;

async function insertInvitations(
  tx: DbOrTx,
  org: MessageOrg,
  request: LockedRequest,
  matches: MatchedVolunteer[],
  now: Date,
  opts: { wave: number; smsAfter?: Date; batch: number },
): Promise<{ invited: number; messages: number }> {
  let rendered: ReturnType<typeof sendTemplates> | null = null;
  const queue = new StatementQueue(tx);
  // lets the driver send what is queued while the next statement is built
  const letItGo = () => new Promise((resolve) => setImmediate(resolve));
  const invitedCounts: Promise<number>[] = [];
  const messageCounts: Promise<number>[] = [];
  const size = Math.max(1, Math.floor(opts.batch));
  for (let start = 0; start < matches.length; start += size) {
    const batch = matches.slice(start, start + size);
    const candidates = batch.map((m) => {
      const id = crypto.randomUUID();
      return { id, volunteer_id: m.id, token_hash: responseTokenHash(id) };
    });
    // invitations and lastAskedAt in one statement; ON CONFLICT skips volunteers invited meanwhile
    invitedCounts.push(
      queue.run(sql`
        with c as (
          select * from jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb) as c(id uuid, volunteer_id uuid, token_hash text)
        ),
        ins as (
          insert into ${s.invitations} (id, request_id, volunteer_id, token_hash, status, wave, asked_at)
          select c.id, ${request.id}::uuid, c.volunteer_id, c.token_hash, 'pending', ${opts.wave}::int, ${now}::timestamptz from c
          on conflict (request_id, volunteer_id) do nothing
          returning id, volunteer_id
        ),
        asked as (
          update ${s.volunteers} set last_asked_at = ${now}::timestamptz where id in (select volunteer_id from ins) returning 1
        )
        select count(*)::int as "n" from ins`),
    );
    await letItGo();
    // rendered while the database writes the first invitations
    const { templates, templateOf } = (rendered ??= sendTemplates(org, request, matches));
    // the messages of the batch's candidates, written only for the invitations that were inserted
    // (existingInvitationsOnly: the candidate ids are new, so an invitation with one is this batch's)
    const msgs = batch.flatMap((m, i) => messagesOf(m, { organizationId: org.id, volunteerId: m.id, requestId: request.id, invitationId: candidates[i].id }, templateOf, opts.smsAfter));
    if (msgs.length > 0) messageCounts.push(queue.run(templatedMessagesStatement(templates, [NAME_PLACEHOLDER], msgs, { existingInvitationsOnly: true })));
    await letItGo();
  }
  const sum = async (counts: Promise<number>[]) => (await Promise.all(counts)).reduce((a, b) => a + b, 0);
  await queue.drained();
  return { invited: await sum(invitedCounts), messages: await sum(messageCounts) };
}

/**
 * Statements of one transaction run in the order given, each sent when the one before has
 * finished (a connection runs one at a time), without the caller awaiting each: it can build the
 * next one meanwhile. After a failure the later ones are not sent; `drained` rejects with it.
 */
class StatementQueue {
  private last: Promise<unknown> = Promise.resolve();
  constructor(private readonly tx: DbOrTx) {}

  run(statement: SQL): Promise<number> {
    const result = this.last.then(() => this.tx.execute(statement)).then((r) => Number((r.rows[0] as { n: number }).n));
    // handled here so that a failure is not reported as unhandled before drained() is awaited
    result.catch(() => undefined);
    this.last = result;
    return result;
  }

  async drained(): Promise<void> {
    await this.last;
  }
}

/** One template per language and channel of the matched; per message only the name and the token travel. */
function sendTemplates(org: MessageOrg, request: LockedRequest, matches: MatchedVolunteer[]): { templates: MessageTemplate[]; templateOf: Map<string, number> } {
  const mr = toMessageRequest(request);
  const templates: MessageTemplate[] = [];
  const templateOf = new Map<string, number>();
  for (const l of new Set(matches.map((m) => m.locale))) {
    for (const tpl of invitationTemplates(org, mr, l)) {
      templateOf.set(`${l}:${tpl.channel}`, templates.length);
      templates.push(tpl);
      for (const messenger of ["telegram", "whatsapp"] as const) {
        if (tpl.channel === "sms" && matches.some((m) => m.locale === l && m.channels.includes(messenger))) {
          // the messengers carry the SMS text (messagesTo); the buttons come from the transport
          templateOf.set(`${l}:${messenger}`, templates.length);
          templates.push({ ...tpl, channel: messenger, segments: null });
        }
      }
    }
    if (matches.some((m) => m.locale === l && m.channels.includes("voice"))) {
      // a call (issue 18): the body is what it says, for the record; the call says the request as it is when answered
      templateOf.set(`${l}:voice`, templates.length);
      templates.push({ channel: "voice", kind: "invitation", locale: l, body: invitationCallText(org.name, request, org.timeZone, l, NAME_PLACEHOLDER), segments: null });
    }
  }
  return { templates, templateOf };
}

/** As messagesTo decides for invitations: every channel the volunteer is reached on, with an address. */
function messagesOf(m: MatchedVolunteer, base: Pick<TemplatedMessage, "organizationId" | "volunteerId" | "requestId" | "invitationId">, templateOf: Map<string, number>, smsAfter: Date | undefined): TemplatedMessage[] {
  const msgs: TemplatedMessage[] = [];
  const values = [m.firstName];
  const htmlValues = [escapeHtml(m.firstName)];
  if (m.channels.includes("email") && m.email) {
    msgs.push({ ...base, template: templateOf.get(`${m.locale}:email`)!, recipient: m.email, values, htmlValues });
  }
  if (m.channels.includes("telegram") && m.telegramChatId) {
    msgs.push({ ...base, template: templateOf.get(`${m.locale}:telegram`)!, recipient: m.telegramChatId, values, htmlValues, notBefore: smsAfter });
  } else if (m.channels.includes("whatsapp") && m.whatsappPhone) {
    msgs.push({ ...base, template: templateOf.get(`${m.locale}:whatsapp`)!, recipient: m.whatsappPhone, values, htmlValues, notBefore: smsAfter });
  } else if (m.channels.includes("sms") && m.phone) {
    msgs.push({ ...base, template: templateOf.get(`${m.locale}:sms`)!, recipient: m.phone, values, htmlValues, notBefore: smsAfter });
  }
  // one call per invitation (the unique invitation per request and person makes it one per person);
  // quiet hours as for SMS, and the dispatcher checks them again when the call is due
  if (m.channels.includes("voice") && m.voicePhone) {
    msgs.push({ ...base, template: templateOf.get(`${m.locale}:voice`)!, recipient: m.voicePhone, values, htmlValues: [m.firstName], notBefore: smsAfter });
  }
  return msgs;
}
