"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "@/i18n/client";
import { Button } from "@/components/ui/button";
import { FormSummary } from "@/components/ui/form-summary";
import type { WhatsappView } from "@/lib/volunteers/whatsapp";
import { disconnectWhatsappAction, resumeWhatsappAction, stopWhatsappAction, whatsappLinkAction } from "./whatsapp-actions";

type Outcome = { ok?: boolean; error?: string; doneAt?: number; state?: string; next?: "telegram" | "whatsapp" | "sms" | null; link?: string; message?: string };

/**
 * WhatsApp instead of SMS (issue 18): ask for a one-time code, send it from WhatsApp (the wa.me
 * link types it in); then pause, resume or disconnect. Plain forms: without JavaScript each submit
 * reloads the page with its outcome (the link and code included).
 */
export function WhatsappConnect({ view, connectedOn, number, carries = true }: { view: WhatsappView; connectedOn: string | null; number: string; carries?: boolean }) {
  const t = useTranslations("volunteers.whatsapp");
  const [linkState, getLink, linking] = useActionState(whatsappLinkAction, {});
  const [stopState, stop, stopping] = useActionState(stopWhatsappAction, {});
  const [resumeState, resume, resuming] = useActionState(resumeWhatsappAction, {});
  const [offState, disconnect, disconnecting] = useActionState(disconnectWhatsappAction, {});
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
  const got = linkState as Outcome;
  const linkError = got.ok === false ? t("unavailable") : null;
  // React focuses only form fields with autoFocus: the link that just appeared gets the focus here
  const linkRef = useRef<HTMLAnchorElement>(null);
  const shownLink = got.link;
  useEffect(() => {
    if (shownLink) linkRef.current?.focus();
  }, [shownLink]);
  return (
    <div className="space-y-4">
      {success ? <FormSummary outcome={latest} tone="success" title={success} /> : null}
      {linkError ? <FormSummary outcome={linkState} tone="error" title={linkError} /> : null}
      {view.connected ? (
        <>
          <p data-testid="whatsapp-state">{view.stopped ? t("stoppedState", { number: view.phone ?? "" }) : t(carries ? "connectedState" : "standbyState", { date: connectedOn ?? "", number: view.phone ?? "" })}</p>
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
      ) : got.ok && got.link ? (
        <div className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-3" data-testid="whatsapp-link">
          <p>{t("linkLead")}</p>
          <a
            ref={linkRef}
            href={got.link}
            className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-emerald-800 px-4 py-2 font-semibold text-white no-underline hover:bg-emerald-900 sm:w-auto"
            rel="noopener noreferrer"
            // the answer to the button just pressed: keyboard and screen-reader users land on it
            autoFocus
          >
            {t("open")}
          </a>
          <p className="text-sm text-slate-700">{t("linkHint", { number })}</p>
          <p className="text-sm break-all" dir="ltr">
            <code data-testid="whatsapp-code">{got.message}</code>
          </p>
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
