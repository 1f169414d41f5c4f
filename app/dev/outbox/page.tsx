import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { getDb } from "@/db";
import { Card, DetailList } from "@/components/ui/card";
import { devOutboxEnabled, devOutboxQuery, listDevOutbox } from "@/lib/messaging/dev-outbox";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("devOutbox"))("title"), robots: { index: false, follow: false } };
}

const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default async function DevOutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!devOutboxEnabled()) notFound();
  const t = await getTranslations("devOutbox");
  const format = await getFormatter();
  const sp = await searchParams;
  const query = devOutboxQuery.parse({ to: typeof sp.to === "string" ? sp.to : undefined, limit: sp.limit });
  const messages = await listDevOutbox(await getDb(), query);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p>{t("intro")}</p>
      <p className="text-slate-700">{messages.length === 0 ? t("empty") : t("count", { count: messages.length })}</p>
      <ol className="space-y-3">
        {messages.map((m) => (
          <li key={m.id}>
            <Card>
              <article aria-label={`${t(m.channel)} ${m.recipient ?? ""}`} data-message-id={m.id}>
                <DetailList
                  className="gap-x-3 gap-y-1 text-sm"
                  items={[
                    { label: t("channel"), value: `${t(m.channel)} · ${m.kind}` },
                    { label: t("to"), value: m.recipient ?? "", valueClassName: "break-all" },
                    { label: t("subject"), value: m.subject || null },
                    { label: t("status"), value: m.status },
                    { label: t("created"), value: format.dateTime(new Date(m.createdAt), { dateStyle: "short", timeStyle: "medium" }) },
                  ]}
                />
                <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">
                  <Linkified text={m.body ?? ""} />
                </pre>
              </article>
            </Card>
          </li>
        ))}
      </ol>
    </div>
  );
}
