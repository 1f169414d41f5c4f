import type { AuditRow } from "./query";

/**
 * An audit entry in words, for the dashboard's activity feed and the audit page: the action's
 * name from the catalogue (`admin.audit.actions`, complete by tests/unit/audit-actions.test.ts),
 * who did it in natural words, the object's title instead of its id, the outcome, and the time in
 * the organisation's time zone. No React: both pages render the same strings.
 */

/** The part of next-intl's translator this needs (namespace "admin"). */
export type AuditTranslator = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

export type PresentedAuditRow = { id: number; at: string; when: string; actor: string; action: string; object: string; outcome: string; outcomeCode: string; ip: string | null };

export function actionName(t: AuditTranslator, action: string): string {
  const key = `audit.actions.${action}`;
  // an entry written by an older or newer version keeps its key rather than showing nothing
  return t.has(key) ? t(key) : action;
}

function actorOf(t: AuditTranslator, row: AuditRow): string {
  if (row.actorType === "system") return t("audit.actors.system");
  if (row.actorType === "volunteer") {
    if (row.action.startsWith("invitation.")) return t(row.via === "sms" ? "audit.actors.helperSms" : "audit.actors.helperLink");
    return t("audit.actors.volunteer");
  }
  if (row.actorName || row.actorEmail) return row.actorName || row.actorEmail!;
  return t("audit.actors.anonymous");
}

function objectOf(t: AuditTranslator, row: AuditRow, locale: string): string {
  const erased = t("audit.objects.erased");
  const deleted = t("audit.objects.deleted");
  switch (row.objectType) {
    case null:
      return t("audit.objects.none");
    case "request":
      return t("audit.objects.request", { title: row.requestTitle ?? deleted });
    case "invitation":
      return t("audit.objects.invitation", { person: row.personName || erased, title: row.requestTitle ?? deleted });
    case "volunteer":
      return t("audit.objects.volunteer", { name: row.personName || erased });
    case "user":
      return t("audit.objects.user", { name: row.personName ?? t("audit.actors.formerMember") });
    case "activity":
      return t("audit.objects.activity", { name: (locale === "en" ? row.activityNameEn : row.activityNameDe) ?? row.activityNameDe ?? deleted });
    case "organization":
      return t("audit.objects.organization");
    case "volunteer_import":
      return t("audit.objects.volunteer_import");
    default:
      return `${row.objectType} ${row.objectId ?? ""}`.trim();
  }
}

export function presentAuditRows(t: AuditTranslator, locale: string, rows: AuditRow[], opts: { seconds?: boolean } = {}): PresentedAuditRow[] {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const format = (d: Date, timeZone: string) => {
    let f = formats.get(timeZone);
    if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "short", timeStyle: opts.seconds ? "medium" : "short" })));
    return f.format(d);
  };
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt.toISOString(),
    when: format(row.createdAt, row.timeZone),
    actor: actorOf(t, row),
    action: actionName(t, row.action),
    object: objectOf(t, row, locale),
    outcome: t(`audit.outcomes.${row.outcome}`),
    outcomeCode: row.outcome,
    ip: row.ip,
  }));
}
