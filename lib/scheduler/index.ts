import type { Db } from "@/db";
import { purgeExpiredSessions } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { dispatchDueMessages, type DispatchSummary } from "@/lib/messaging/dispatcher";
import { runVolunteerHousekeeping } from "@/lib/volunteers/purge";
import { purgeWebhookReceipts } from "@/lib/messaging/webhook-receipts";
import { escalateShortRequests } from "@/lib/requests/escalation";
import { expireStartedRequests } from "@/lib/requests/expiry";
import { sendDueReminders } from "@/lib/requests/reminders";
import { runWaves } from "@/lib/requests/waves";
import { foldPeriodAsks } from "@/lib/reports/period-asks";
import { runRetention } from "@/lib/retention";
import { askDueOccurrences } from "@/lib/series/ask";
import { sendQualificationReminders } from "@/lib/qualifications/reminders";

/**
 * The one entry point for timed work (DESIGN.md "Scheduling"). Every job claims its rows in the
 * database, so two runs at the same moment (two instances, or cron + in-process) never double.
 */
export type Job = { name: string; run: (db: Db, now: Date) => Promise<unknown> };

export const jobs: Job[] = [
  // expiry before waves and reminders: a started request gets neither
  { name: "expiry", run: (db, now) => expireStartedRequests(db, now) },
  // occurrences of a series whose asking time has come (standing commitments first), before the waves
  { name: "series", run: (db, now) => askDueOccurrences(db, now) },
  { name: "waves", run: (db, now) => runWaves(db, now) },
  { name: "reminders", run: (db, now) => sendDueReminders(db, now) },
  // issue 16: once per entry, REMINDER_DAYS_BEFORE days before a qualification expires
  { name: "qualifications", run: (db, now) => sendQualificationReminders(db, now) },
  // after the waves (a wave may still fill it), before dispatch (the warning goes out in this run)
  { name: "escalation", run: (db, now) => escalateShortRequests(db, now) },
  // keeps claiming while messages are due, up to DISPATCH_RUN_MS (then `more`: see dispatchBacklogLeft)
  { name: "dispatch", run: (db, now) => dispatchDueMessages(db, { now, runMs: config().DISPATCH_RUN_MS }) },
  { name: "retention", run: (db, now) => runRetention(db, now) },
  { name: "volunteers", run: (db, now) => runVolunteerHousekeeping(db, now) },
  { name: "purge-webhook-receipts", run: (db, now) => purgeWebhookReceipts(db, now) },
  { name: "coordinator-sessions", run: (db, now) => purgeExpiredSessions(db, now) },
  // last: the period rows of the fairness report, with what this run's jobs asked or erased
  { name: "period-asks", run: (db) => foldPeriodAsks(db) },
];

export type RunReport = Record<string, { ok: true; result: unknown } | { ok: false; error: string }>;

export async function runScheduledWork(db: Db, now = new Date()): Promise<RunReport> {
  const report: RunReport = {};
  for (const job of jobs) {
    try {
      report[job.name] = { ok: true, result: await job.run(db, now) };
    } catch (err) {
      // One failing job must not stop the others; the next tick tries again.
      report[job.name] = { ok: false, error: err instanceof Error ? err.message : String(err) };
      console.error(`[scheduler] ${job.name} failed:`, err);
    }
  }
  return report;
}

/** The dispatch of this run stopped at its time budget with messages still due: run again at once. */
export function dispatchBacklogLeft(report: RunReport): boolean {
  const r = report.dispatch;
  return !!r && r.ok && !!(r.result as DispatchSummary | undefined)?.more;
}
