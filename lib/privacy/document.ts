import type { Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import type { ConsentState } from "@/lib/volunteers/consent";
import type { Processor, ProcessingRecord, RetentionRule, RetentionSource } from "./records";

/**
 * The record of processing activities as a document in one language: headings, paragraphs,
 * lists and tables of plain strings. The admin page renders it as HTML and the download as
 * Markdown (./markdown.ts), so both always say the same. Texts: messages/<locale>/privacy.json.
 */
export type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "facts"; items: { term: string; text: string; list?: string[] }[] }
  | { kind: "table"; caption: string; head: string[]; rows: string[][] };
export type DocumentSection = { id: string; title: string; blocks: Block[]; sections?: DocumentSection[] };
export type RecordDocument = { title: string; subtitle: string; lead: string[]; sections: DocumentSection[] };

type T = ReturnType<typeof translator<"privacy">>;

function formatDate(d: Date, locale: Locale, timeZone: string) {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "de-DE", { dateStyle: "long", timeStyle: "short", timeZone }).format(d);
}

function sourceText(t: T, source: RetentionSource): string {
  if (source.kind === "fixed") return t("record.sourceFixed");
  return t(source.kind === "setting" ? "record.sourceSetting" : "record.sourceEnv", { names: source.names.join(", ") });
}

export function retentionText(t: T, rule: RetentionRule): string {
  return t(`retention.${rule.key}`, rule.values as never);
}

export function processorName(t: T, p: Processor): string {
  return t(`processors.${p.key}.${p.state}` as "processors.hosting.configured", { name: p.name ?? "" });
}

export function processorLocation(t: T, p: Processor): string | null {
  return p.location ? t(`locations.${p.location}`, { region: p.region ?? "" }) : null;
}

export function describeRecord(
  record: ProcessingRecord,
  locale: Locale,
  opts: { timeZone?: string; consentCounts?: Record<ConsentState, number> } = {},
): RecordDocument {
  const t = translator(locale, "privacy");
  const org = record.controller.name;
  const notSet = t("record.notSet");
  // a purpose's recipients: the team, and the processors that take part (a channel without a provider does not)
  const recipients = (keys: string[]) =>
    keys.flatMap((key) => {
      if (key === "coordinators" || key === "admins") return [t(`recipients.${key}`, { org })];
      const p = record.processors.find((x) => x.key === key);
      // a channel without a provider, or one the installation does not offer (Telegram without a bot)
      if (!p || p.state === "notUsed") return [];
      const who = p.state === "configured" ? p.name! : t(p.state === "embedded" ? "record.shortEmbedded" : "record.shortNotConfigured");
      return [`${t(`recipients.${p.key}`)}: ${who}`];
    });
  const retentionByKey = new Map(record.retention.map((r) => [r.key, r]));

  const purposes: DocumentSection[] = record.purposes.map((p) => ({
    id: `purpose-${p.key}`,
    title: t(`purposes.${p.key}.title`),
    blocks: [
      {
        kind: "facts",
        items: [
          { term: t("record.description"), text: t(`purposes.${p.key}.description`) },
          { term: t("record.legalBasis"), text: t(`legalBases.${p.legalBasis}`) },
          { term: t("record.subjects"), text: p.subjects.map((x) => t(`subjects.${x}`)).join("; ") },
          { term: t("record.categories"), text: p.categories.map((x) => t(`categories.${x}`)).join("; ") },
          { term: t("record.recipients"), text: recipients(p.recipients).join("; ") },
          { term: t("record.retention"), text: "", list: p.retention.map((k) => `${t(`retentionNames.${k}`)}: ${retentionText(t, retentionByKey.get(k)!)}`) },
        ],
      },
    ],
  }));

  const consentBlocks: Block[] = [{ kind: "paragraph", text: t("record.consentCurrent", { version: record.consentVersion }) }];
  if (opts.consentCounts) consentBlocks.push({ kind: "paragraph", text: t("record.consentCounts", opts.consentCounts) });

  return {
    title: t("record.title"),
    subtitle: t("record.subtitle"),
    lead: [t("record.generated", { date: formatDate(record.generatedAt, locale, opts.timeZone ?? "Europe/Berlin"), org }), t("record.review")],
    sections: [
      {
        id: "controller",
        title: t("record.controllerTitle"),
        blocks: [
          {
            kind: "facts",
            items: [
              { term: t("record.controllerName"), text: org },
              { term: t("record.controllerAddress"), text: record.controller.address ?? notSet },
              { term: t("record.privacyContact"), text: record.controller.privacyContact ?? notSet },
            ],
          },
        ],
      },
      { id: "purposes", title: t("record.purposesTitle"), blocks: [], sections: purposes },
      {
        id: "processors",
        title: t("record.processorsTitle"),
        blocks: [
          { kind: "paragraph", text: t("record.processorsLead", { org }) },
          {
            kind: "table",
            caption: t("record.processorsTitle"),
            head: [t("record.processorTask"), t("record.processorName"), t("record.processorLocation"), t("record.processorSource")],
            rows: record.processors.map((p) => [t(`processors.${p.key}.task`), processorName(t, p), processorLocation(t, p) ?? t("record.none"), p.source.join(", ")]),
          },
        ],
      },
      {
        id: "retention",
        title: t("record.retentionTitle"),
        blocks: [
          {
            kind: "table",
            caption: t("record.retentionTitle"),
            head: [t("record.retentionWhat"), t("record.retentionRule"), t("record.retentionSource")],
            rows: record.retention.map((r) => [t(`retentionNames.${r.key}`), retentionText(t, r), sourceText(t, r.source)]),
          },
        ],
      },
      {
        id: "measures",
        title: t("record.measuresTitle"),
        blocks: [{ kind: "list", items: record.measures.map((m) => (m.key === "tls" && !m.ok ? t("measures.tlsMissing", m.values) : t(`measures.${m.key}`, m.values as never))) }],
      },
      { id: "consent", title: t("record.consentTitle"), blocks: consentBlocks },
    ],
  };
}

/** What the public privacy page says about periods and processors, in the volunteer's words. */
export function describePrivacyNotice(record: ProcessingRecord, locale: Locale): { howLongLead: string; howLong: string[]; recipientsLead: string; recipients: string[] } {
  const t = translator(locale, "privacy");
  const rule = (key: RetentionRule["key"]) => record.retention.find((r) => r.key === key)!.values;
  const inactive = rule("inactiveVolunteers");
  return {
    howLongLead: t("public.howLongLead"),
    howLong: [
      t("public.unconfirmed", { days: rule("unconfirmedSignUps").days }),
      t("public.messages", { days: rule("messageBodies").days }),
      t("public.inactive", { months: inactive.months, days: inactive.days }),
      t("public.auditIps", { days: rule("auditIps").days }),
      t("public.erasure"),
    ],
    recipientsLead: t("public.recipientsLead", { org: record.controller.name }),
    recipients: record.processors.map((p) => {
      const task = t(`processors.${p.key}.task`);
      if (p.state !== "configured") return t("public.processor", { task, name: t(`public.${p.state}`) });
      const location = processorLocation(t, p);
      return location ? t("public.processorWithLocation", { task, name: p.name!, location }) : t("public.processor", { task, name: p.name! });
    }),
  };
}
