"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/components/admin/form-bits";
import { Notice } from "@/components/ui/card";
import { FieldError, inputClass } from "@/components/ui/field";
import type { ActionState, FormValues } from "@/lib/http/action-state";

/** What the attendance action answers (the edge wrapper's state with the counts). */
export type AttendanceState = ActionState<FormValues, { confirmed: number; corrected: number }>;

export type AttendanceRow = { invitationId: string; name: string; attended: boolean | null; minutes: number | null };

/**
 * Who came, and for how long: every accepted helper pre-checked with the request's duration.
 * "Did not come" is one click (a submit button per helper: the rest of the form is saved as it
 * stands). Works without JavaScript; errors sit next to the hours they belong to.
 */
export function AttendanceForm({
  action,
  requestId,
  helpers,
  defaultMinutes,
  confirmed,
}: {
  action: (prev: AttendanceState, fd: FormData) => Promise<AttendanceState>;
  requestId: string;
  helpers: AttendanceRow[];
  defaultMinutes: number;
  confirmed: boolean;
}) {
  const t = useTranslations("reports");
  const [state, formAction] = useActionState(action, {} as AttendanceState);
  const hoursText = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);
  const typed = state.ok ? undefined : state.values;
  return (
    <form action={formAction} key={state.doneAt ?? "form"} className="space-y-4" data-testid="attendance-form" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      {state.ok ? (
        <Notice tone="success">
          <p data-testid="attendance-saved">{state.confirmed || state.corrected ? t("attendance.saved", { confirmed: state.confirmed ?? 0, corrected: state.corrected ?? 0 }) : t("attendance.unchanged")}</p>
        </Notice>
      ) : null}
      {state.error && state.error !== "invalid" ? <Notice tone="error">{t(`errors.${state.error}` as "errors.invalid")}</Notice> : null}
      {state.error === "invalid" ? <Notice tone="error">{t("errors.invalid")}</Notice> : null}
      <fieldset className="space-y-2">
        <legend className="mb-1 font-semibold">{t("attendance.helpers")}</legend>
        <ul className="divide-y divide-slate-200">
          {helpers.map((h) => {
            const id = h.invitationId;
            const came = typed ? typed[`attended.${id}`] !== undefined : h.attended !== false;
            const hours = typed?.[`hours.${id}`] ?? hoursText(h.attended === false ? defaultMinutes : (h.minutes ?? defaultMinutes));
            const error = state.fieldErrors?.[`hours.${id}`];
            const state_ = h.attended === null ? t("attendance.statePlanned") : h.attended ? t("attendance.stateConfirmed") : t("attendance.stateNoShow");
            return (
              <li key={id} className="grid gap-2 py-3 sm:grid-cols-[1fr_auto_auto] sm:items-start" data-testid="attendance-helper">
                <div className="flex min-h-11 items-center gap-3">
                  <input id={`came-${id}`} type="checkbox" name={`attended.${id}`} defaultChecked={came} className="h-6 w-6 shrink-0" />
                  <label htmlFor={`came-${id}`} className="font-semibold [overflow-wrap:anywhere]">
                    {h.name} <span className="font-normal">{t("attendance.came")}</span>
                  </label>
                  <span className="rounded bg-slate-100 px-2 py-0.5 text-sm text-slate-800" data-testid="attendance-state">
                    {state_}
                  </span>
                </div>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`hours-${id}`} className="text-sm font-semibold">
                    <span aria-hidden="true">{t("attendance.hoursShort")}</span>
                    <span className="sr-only">{t("attendance.hours", { name: h.name })}</span>
                  </label>
                  <input
                    id={`hours-${id}`}
                    name={`hours.${id}`}
                    inputMode="decimal"
                    defaultValue={hours}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `hours-${id}-error` : undefined}
                    className={`${inputClass} sm:w-28`}
                  />
                  <FieldError id={`hours-${id}-error`} error={error ? t(`errors.${error}` as "errors.invalid") : undefined} />
                </div>
                <div className="sm:pt-6">
                  <button
                    type="submit"
                    name="noShow"
                    value={id}
                    aria-label={t("attendance.noShowFor", { name: h.name })}
                    className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-3 py-2 font-semibold text-slate-900 hover:bg-slate-100"
                  >
                    {t("attendance.noShow")}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <SubmitButton>{confirmed ? t("attendance.submitCorrection") : t("attendance.submit")}</SubmitButton>
    </form>
  );
}
