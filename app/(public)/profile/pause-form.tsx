"use client";

import { useTranslations } from "@/i18n/client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { pauseAction, resumeAction } from "./actions";

/** Pause until a day, or end the pause. Plain forms; the page re-renders with the new status. */
export function PauseForm({ paused, pausedUntil, minDate, maxDate }: { paused: boolean; pausedUntil: string | null; minDate: string; maxDate: string }) {
  const t = useTranslations("volunteers.profile");
  const [pauseState, pause, pausing] = useActionState(pauseAction, {});
  const [resumeState, resume, resuming] = useActionState(resumeAction, {});
  const error = pauseState.ok === false ? t(`pauseErrors.${pauseState.error}` as "pauseErrors.date_invalid") : undefined;
  return (
    <div className="space-y-4">
      {resumeState.ok && !paused ? <FormSummary outcome={resumeState} tone="success" title={t("resumed")} /> : null}
      {resumeState.ok === false ? <FormSummary outcome={resumeState} tone="error" title={t(`pauseErrors.${resumeState.error}` as "pauseErrors.not_paused")} /> : null}
      <form action={pause} noValidate className="space-y-3">
        <Field id="until" label={t("pauseUntil")} error={error}>
          {(p) => <TextInput {...p} name="until" type="date" min={minDate} max={maxDate} defaultValue={pauseState.values?.until ?? pausedUntil ?? ""} className="min-h-11 w-full max-w-60 rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900" />}
        </Field>
        <Button type="submit" variant="secondary" disabled={pausing} className="w-full sm:w-auto">
          {t("pauseSubmit")}
        </Button>
      </form>
      {paused ? (
        <form action={resume}>
          <Button type="submit" disabled={resuming} className="w-full sm:w-auto">
            {t("resume")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
