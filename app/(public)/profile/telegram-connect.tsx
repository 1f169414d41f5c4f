"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "@/i18n/client";
import { Button } from "@/components/ui/button";
import { FormSummary } from "@/components/ui/form-summary";
import type { TelegramView } from "@/lib/volunteers/telegram";
import { disconnectTelegramAction, resumeTelegramAction, stopTelegramAction, telegramLinkAction } from "./telegram-actions";

type Outcome = { ok?: boolean; error?: string; doneAt?: number; state?: string; next?: "telegram" | "whatsapp" | "sms" | null; link?: string };

/**
 * Telegram instead of SMS (issue 18): ask for a one-time link, open it in Telegram and tap Start;
 * then pause, resume or disconnect. Plain forms: without JavaScript each submit reloads the page
 * with its outcome (the link included).
 */
export function TelegramConnect({ view, connectedOn, carries = true }: { view: TelegramView; connectedOn: string | null; carries?: boolean }) {
  const t = useTranslations("volunteers.telegram");
  const [linkState, getLink, linking] = useActionState(telegramLinkAction, {});
  const [stopState, stop, stopping] = useActionState(stopTelegramAction, {});
  const [resumeState, resume, resuming] = useActionState(resumeTelegramAction, {});
  const [offState, disconnect, disconnecting] = useActionState(disconnectTelegramAction, {});
  const latest = ([stopState, resumeState, offState] as Outcome[]).filter((s) => s.ok !== undefined).sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0))[0];
  const channelName = useTranslations("volunteers.channelOrder");
  // after a stop, say which way requests to the phone take now (the next in the volunteer's order)
  const success = !latest?.ok || !latest.state
    ? null
    : latest.state === "stopped"
      ? latest.next
        ? t("outcomes.stoppedNext", { next: channelName(`channels.${latest.next}`) })
        : t("outcomes.stoppedNone")
      : t(`outcomes.${latest.state}` as "outcomes.resumed");
  const link = (linkState as Outcome).ok ? (linkState as Outcome).link : undefined;
  const linkError = (linkState as Outcome).ok === false ? t("unavailable") : null;
  // React focuses only form fields with autoFocus: the link that just appeared gets the focus here
  const linkRef = useRef<HTMLAnchorElement>(null);
  const shownLink = link;
  useEffect(() => {
    if (shownLink) linkRef.current?.focus();
  }, [shownLink]);
  return (
    <div className="space-y-4">
      {success ? <FormSummary outcome={latest} tone="success" title={success} /> : null}
      {linkError ? <FormSummary outcome={linkState} tone="error" title={linkError} /> : null}
      {view.connected ? (
        <>
          <p data-testid="telegram-state">{view.stopped ? t("stoppedState") : t(carries ? "connectedState" : "standbyState", { date: connectedOn ?? "" })}</p>
          <div className="flex flex-col gap-3 sm:flex-row">
            {view.stopped ? (
              <form action={resume}>
                <Button type="submit" disabled={resuming} className="w-full sm:w-auto">
                  {t("resume")}
                </Button>
              </form>
            ) : (
              <form action={stop}>
                <Button type="submit" variant="secondary" disabled={stopping} className="w-full sm:w-auto">
                  {t("stop")}
                </Button>
              </form>
            )}
            <form action={disconnect}>
              <Button type="submit" variant="secondary" disabled={disconnecting} className="w-full sm:w-auto">
                {t("disconnect")}
              </Button>
            </form>
          </div>
        </>
      ) : link ? (
        <div className="space-y-3 rounded-lg border border-sky-300 bg-sky-50 p-3" data-testid="telegram-link">
          <p>{t("linkLead")}</p>
          <a
            ref={linkRef}
            href={link}
            className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white no-underline hover:bg-sky-800 sm:w-auto"
            rel="noopener noreferrer"
            // the answer to the button just pressed: keyboard and screen-reader users land on it
            autoFocus
          >
            {t("open")}
          </a>
          <p className="text-sm text-slate-700">{t("linkHint")}</p>
        </div>
      ) : (
        <form action={getLink}>
          <Button type="submit" disabled={linking} className="w-full sm:w-auto">
            {t("connect")}
          </Button>
        </form>
      )}
    </div>
  );
}
