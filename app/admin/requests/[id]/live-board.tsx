"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { boardGroupOf, type BoardEvent, type BoardGroup } from "@/lib/requests/board-timeline";
import type { BoardPerson, RequestBoard } from "@/lib/requests/queries";

export type BoardDto = Omit<RequestBoard, "request"> & { request: Omit<RequestBoard["request"], "startsAt" | "endsAt"> & { startsAt: string | Date; endsAt: string | Date } };

const POLL_MS = 3000;
/** The counts in the order the board shows them. */
const COUNT_KEYS = ["asked", "accepted", "declined", "withdrawn", "noAnswer", "notNeeded", "queued", "messageFailures"] as const;
/** The helper groups in the order a coordinator needs them on the day: who comes first. */
const GROUPS: BoardGroup[] = ["accepted", "pending", "declined", "other"];
const KNOWN_KINDS = ["invitation", "invitation-reminder", "confirmation", "helper-reminder", "helper-note", "request-filled", "request-cancelled"];
const ANSWER_OF_STATUS = { accepted: "accept", declined: "decline", withdrawn: "withdraw" } as const;

type T = ReturnType<typeof useTranslations<"requests.board">>;
type When = (iso: string) => string;

function BoardSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}


function eventText(t: T, e: BoardEvent): string {
  if (e.type === "asked") return t("event.asked", { wave: e.wave });
  if (e.type === "answer") return e.via ? `${t(`event.answer.${e.action}`)} ${t("event.via", { via: e.via })}` : t(`event.answer.${e.action}`);
  const kind = KNOWN_KINDS.includes(e.kind) ? e.kind : "other";
  return t("event.message", {
    kind: t(`event.kinds.${kind}` as "event.kinds.other"),
    channel: t(`channel.${(["sms", "voice", "telegram"] as const).find((c) => c === e.channel) ?? "email"}`),
    status: t(`event.messageStatus.${e.status}`),
  });
}

/** One line under the name: the answer and its time, or when the person was asked. */
function statusLine(t: T, p: BoardPerson, when: When): string {
  const answer = p.status in ANSWER_OF_STATUS ? ANSWER_OF_STATUS[p.status as keyof typeof ANSWER_OF_STATUS] : null;
  if (answer && p.respondedAt) {
    const values = { answer: t(`event.answer.${answer}`), when: when(p.respondedAt) };
    return p.respondedVia ? t("answeredVia", { ...values, via: p.respondedVia }) : t("answeredAt", values);
  }
  if (p.status === "pending" && p.askedAt) return t("askedAt", { when: when(p.askedAt) });
  return t(`personStatus.${p.status}`);
}

function PersonItem({ p, when }: { p: BoardPerson; when: When }) {
  const t = useTranslations("requests.board");
  const problems = [...p.channelProblems.map((c) => t(`channelProblem.${c}`))];
  if (p.failedMessages > 0) problems.push(t("failed", { count: p.failedMessages }));
  return (
    <li className="space-y-2 px-3 py-3" data-testid="board-person" data-status={p.status}>
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
        {p.volunteerId && p.name ? (
          <Link href={`/admin/volunteers/${p.volunteerId}`} className="inline-flex min-h-11 items-center font-semibold">
            {p.name}
          </Link>
        ) : (
          <span className="inline-flex min-h-11 items-center italic text-slate-700">{t("erased")}</span>
        )}
        <span className="text-slate-800" data-testid="person-answer">
          {statusLine(t, p, when)}
        </span>
      </div>
      {p.contact ? (
        p.contact.phone || p.contact.email ? (
          <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
            {p.contact.phone ? (
              <a href={`tel:${p.contact.phone}`} className={buttonClass("secondary", "w-full sm:w-auto")} data-testid="call-helper">
                {t("call", { phone: p.contact.phoneDisplay ?? p.contact.phone })}
              </a>
            ) : null}
            {p.contact.email ? (
              <a href={`mailto:${p.contact.email}`} className={buttonClass("secondary", "w-full break-all sm:w-auto")} data-testid="mail-helper">
                {t("mail", { email: p.contact.email })}
              </a>
            ) : null}
          </div>
        ) : (
          <p className="text-sm text-slate-700">{t("noContact")}</p>
        )
      ) : null}
      {problems.length > 0 ? (
        <ul className="flex flex-wrap gap-2" data-testid="person-problems">
          {problems.map((text) => (
            <li key={text} className="rounded border border-red-700 bg-red-50 px-2 py-1 text-sm font-semibold text-red-800">
              <span aria-hidden="true">⚠ </span>
              {text}
            </li>
          ))}
        </ul>
      ) : null}
      {p.timeline.length > 0 ? (
        <details>
          <summary className="inline-flex min-h-11 cursor-pointer items-center text-brand-700">{t("timelineSummary", { count: p.timeline.length })}</summary>
          <ol className="mt-1 space-y-1 border-s-2 border-slate-200 ps-3 text-sm" data-testid="person-timeline">
            {p.timeline.map((e, i) => {
              const problem = e.type === "message" ? e.problem : null;
              return (
                <li key={i}>
                  <time dateTime={e.at} className="tabular-nums text-slate-700">
                    {when(e.at)}
                  </time>{" "}
                  · {eventText(t, e)}
                  {problem ? <strong className="ms-1 text-red-800">({t(`problem.${problem}`)})</strong> : null}
                </li>
              );
            })}
          </ol>
        </details>
      ) : null}
    </li>
  );
}

/**
 * The live part of the status board: polls the board's JSON route every few seconds (paused
 * while the tab is hidden), so coordinators see answers arrive without reloading. The page's
 * "Aktualisieren" link does the same without JavaScript. `statusBlock` is the page's place for
 * facts about the request as a whole (shown under the progress, not polled).
 */
export function LiveBoard({ initial, statusBlock }: { initial: BoardDto; statusBlock?: ReactNode }) {
  const t = useTranslations("requests");
  const tb = useTranslations("requests.board");
  const locale = useLocale();
  const [board, setBoard] = useState(initial);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (!document.hidden) {
        try {
          const res = await fetch(`/api/admin/requests/${initial.request.id}/board`, { cache: "no-store", headers: { accept: "application/json" } });
          if (res.ok && !stopped) setBoard(await res.json());
        } catch {
          // offline for a moment: try again at the next tick
        }
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.request.id]);

  // every time on the board in the organisation's time zone, whatever the browser's
  const when = useMemo(() => {
    const f = new Intl.DateTimeFormat(locale, { timeZone: board.timeZone, dateStyle: "short", timeStyle: "short" });
    return (iso: string) => f.format(new Date(iso));
  }, [locale, board.timeZone]);

  const r = board.request;
  const c = board.counts;
  const percent = Math.min(100, Math.round((100 * r.acceptedCount) / r.helpersNeeded));
  const still = Math.max(0, r.helpersNeeded - r.acceptedCount);
  const groups = GROUPS.map((g) => ({ g, people: board.people.filter((p) => boardGroupOf(p.status) === g) }));
  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite" className="space-y-2">
        <p className="text-xl font-bold" data-testid="board-progress">
          {t("board.progress", { accepted: r.acceptedCount, needed: r.helpersNeeded })} · <span data-testid="board-status">{t(`status.${r.status}`)}</span>
        </p>
        <p data-testid="board-still-needed">{tb("stillNeeded", { still, needed: r.helpersNeeded })}</p>
        <div className="h-3 w-full overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
          <div className="h-full bg-green-700" style={{ width: `${percent}%` }} />
        </div>
      </div>
      {/* the request's status block (server-rendered by the page: a cancellation with its reason, who and when) */}
      {statusBlock ? <div data-testid="board-status-block">{statusBlock}</div> : null}
      <BoardSection id="counts-title" title={t("board.countsTitle")}>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {COUNT_KEYS.map((key) => (
            <div key={key} className="rounded-lg border border-slate-200 bg-white p-3">
              <dt className="text-sm text-slate-700">{t(`board.counts.${key}`)}</dt>
              <dd className="text-2xl font-bold" data-testid={`count-${key}`}>
                {c[key]}
              </dd>
            </div>
          ))}
        </dl>
      </BoardSection>
      <BoardSection id="people-title" title={tb("groups.title")}>
        <p className="mb-3 text-slate-800" data-testid="group-asked">
          {tb("groups.asked", { count: c.asked })}
        </p>
        {!board.contactsVisible ? <p className="mb-3 text-sm text-slate-700">{tb("contactsHidden")}</p> : null}
        {board.people.length === 0 ? (
          <p>{t("board.noPeople")}</p>
        ) : (
          <div className="space-y-4">
            {groups
              .filter(({ g, people }) => g !== "other" || people.length > 0)
              .map(({ g, people }) => (
                <section key={g} aria-labelledby={`group-${g}`} data-testid={`group-${g}`}>
                  <h3 id={`group-${g}`} className="mb-1 font-semibold">
                    {tb(`groups.${g}`, { count: people.length })}
                  </h3>
                  {people.length === 0 ? (
                    <p className="text-sm text-slate-700">{tb("groups.empty")}</p>
                  ) : (
                    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
                      {people.map((p) => (
                        <PersonItem key={p.invitationId} p={p} when={when} />
                      ))}
                    </ul>
                  )}
                </section>
              ))}
          </div>
        )}
      </BoardSection>
    </div>
  );
}
