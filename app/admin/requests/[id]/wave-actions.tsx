"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { sendNextWaveAction, stopWavesAction, type ManageState } from "../actions";

type WaveAction = (prev: ManageState, fd: FormData) => Promise<ManageState>;

/** One wave action: a plain form posting a server action (works without JavaScript). */
function useWaveForm(fn: WaveAction, requestId: string, label: string) {
  const [state, action, pending] = useActionState<ManageState, FormData>(fn, {});
  const form = (
    <form action={action}>
      <input type="hidden" name="requestId" value={requestId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {label}
      </Button>
    </form>
  );
  return { state, form };
}

/** "Send next wave now" and "Stop waves". */
export function WaveActions({ requestId }: { requestId: string }) {
  const t = useTranslations("timed.board");
  const now = useWaveForm(sendNextWaveAction, requestId, t("sendNow"));
  const stop = useWaveForm(stopWavesAction, requestId, t("stop"));
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-3">
        {now.form}
        {stop.form}
      </div>
      <div aria-live="polite">
        {now.state.ok ? <Notice tone="success">{t("sentNow", { count: now.state.count ?? 0 })}</Notice> : null}
        {stop.state.ok ? <Notice tone="success">{t("stoppedDone")}</Notice> : null}
        {now.state.ok === false || stop.state.ok === false ? <Notice tone="error">{t("error")}</Notice> : null}
      </div>
    </div>
  );
}
