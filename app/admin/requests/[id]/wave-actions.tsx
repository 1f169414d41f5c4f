"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { sendNextWaveAction, stopWavesAction, type ManageState } from "../actions";

/** "Send next wave now" and "Stop waves": plain forms posting server actions (work without JavaScript). */
export function WaveActions({ requestId }: { requestId: string }) {
  const t = useTranslations("timed.board");
  const [nowState, nowAction, nowPending] = useActionState<ManageState, FormData>(sendNextWaveAction, {});
  const [stopState, stopAction, stopPending] = useActionState<ManageState, FormData>(stopWavesAction, {});
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-3">
        {([
          [nowAction, nowPending, t("sendNow")],
          [stopAction, stopPending, t("stop")],
        ] as const).map(([action, pending, label]) => (
          <form key={label} action={action}>
            <input type="hidden" name="requestId" value={requestId} />
            <Button type="submit" variant="secondary" disabled={pending}>
              {label}
            </Button>
          </form>
        ))}
      </div>
      <div aria-live="polite">
        {nowState.ok ? <Notice tone="success">{t("sentNow", { count: nowState.count ?? 0 })}</Notice> : null}
        {stopState.ok ? <Notice tone="success">{t("stoppedDone")}</Notice> : null}
        {nowState.ok === false || stopState.ok === false ? <Notice tone="error">{t("error")}</Notice> : null}
      </div>
    </div>
  );
}
