"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import type { RequestBoard } from "@/lib/requests/queries";

export type BoardDto = Omit<RequestBoard, "request"> & { request: Omit<RequestBoard["request"], "startsAt" | "endsAt"> & { startsAt: string | Date; endsAt: string | Date } };

const POLL_MS = 3000;
/** The counts in the order the board shows them. */
const COUNT_KEYS = ["asked", "accepted", "declined", "withdrawn", "noAnswer", "notNeeded", "queued", "messageFailures"] as const;

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

/**
 * The live part of the status board: polls the board's JSON route every few seconds (paused
 * while the tab is hidden), so coordinators see answers arrive without reloading.
 */
export function LiveBoard({ initial }: { initial: BoardDto }) {
  const t = useTranslations("requests");
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

  const r = board.request;
  const c = board.counts;
  const percent = Math.min(100, Math.round((100 * r.acceptedCount) / r.helpersNeeded));
  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite" className="space-y-2">
        <p className="text-xl font-bold" data-testid="board-progress">
          {t("board.progress", { accepted: r.acceptedCount, needed: r.helpersNeeded })} · <span data-testid="board-status">{t(`status.${r.status}`)}</span>
        </p>
        <div className="h-3 w-full overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
          <div className="h-full bg-green-700" style={{ width: `${percent}%` }} />
        </div>
      </div>
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
      <BoardSection id="people-title" title={t("board.peopleTitle")}>
        {board.people.length === 0 ? (
          <p>{t("board.noPeople")}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {board.people.map((p) => (
              <li key={p.invitationId} className="flex flex-wrap justify-between gap-2 px-3 py-2">
                <span>{p.name}</span>
                <span className="text-slate-700">
                  {t(`board.personStatus.${p.status}`)}
                  {p.respondedVia ? ` (${t("board.via", { via: p.respondedVia === "sms" ? "SMS" : "Web" })})` : ""}
                  {p.failedMessages > 0 ? <span className="ms-2 font-semibold text-red-700">{t("board.failed", { count: p.failedMessages })}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </BoardSection>
    </div>
  );
}
