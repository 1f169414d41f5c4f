"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FieldError, inputClass, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import { MAX_DETAILS_LENGTH, MAX_HELPERS, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH } from "@/lib/requests/limits";
import { MAX_SLOTS } from "@/lib/shifts/limits";
import type { ShiftPlanRaw, SlotRaw } from "@/lib/shifts/schema";
import type { ShiftPlanFormState } from "../actions";
import { roundOf } from "@/components/admin/form-bits";

export type ActivityOption = { id: string; name: string };

const fieldId = (row: number, f: keyof SlotRaw) => `slot-${row}-${f}`;

/**
 * The shift-plan form: the plan's title, day, place and notes, and its slots. "Weitere Schicht"
 * and "Schicht n entfernen" are submit buttons (intent add / remove:n) that re-render the form
 * with one row more or less — without JavaScript too. Errors stand next to their field and are
 * listed, linked, in the summary that takes the focus.
 */
export function ShiftPlanForm({ action, activities, initial, submissionKey }: { action: (prev: ShiftPlanFormState, fd: FormData) => Promise<ShiftPlanFormState>; activities: ActivityOption[]; initial: ShiftPlanRaw; submissionKey: string }) {
  const t = useTranslations("shifts.admin");
  const [state, formAction] = useActionState(action, {} as ShiftPlanFormState);
  const v: ShiftPlanRaw = state.values ?? initial;
  const slots: SlotRaw[] = v.slots?.length ? v.slots : [{}];
  const errors = state.error === "rows" ? {} : (state.fieldErrors ?? {});
  const errorText = (code: string | undefined) => (code ? t(`errors.${code}` as "errors.invalid") : undefined);
  const label = (k: string) => {
    const m = /^slot\.(\d+)\.(\w+)$/.exec(k);
    if (m) return `${t("form.slotLegend", { n: Number(m[1]) + 1 })}: ${t(`form.${m[2]}` as "form.start")}`;
    return t(k === "slots" ? "form.slotsLegend" : (`form.${k}` as "form.title"));
  };
  const href = (k: string) => {
    const m = /^slot\.(\d+)\.(\w+)$/.exec(k);
    return m ? `#slot-${m[1]}-${m[2]}` : k === "slots" ? "#slot-0-start" : `#${k}`;
  };
  const showSummary = !!state.error && state.error !== "rows";

  return (
    <form key={roundOf(state)} action={formAction} className="space-y-5" noValidate>
      {showSummary ? (
        <FormSummary
          outcome={state}
          tone="error"
          title={state.error === "invalid" ? t("form.errorTitle") : errorText(state.error)}
          errors={Object.entries(errors).map(([k, code]) => ({ href: href(k), text: `${label(k)} – ${errorText(code)}` }))}
        />
      ) : null}
      {/* Enter in a field creates the plan: the first submit button is the form's default (not "remove slot 1") */}
      <button type="submit" name="intent" value="create" hidden tabIndex={-1} aria-hidden="true" />
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <input type="hidden" name="slotCount" value={slots.length} />
      <Card className="space-y-4">
        <Field id="title" label={t("form.title")} hint={t("form.titleHint")} error={errorText(errors.title)}>
          {(p) => <TextInput {...p} name="title" defaultValue={v.title ?? ""} maxLength={MAX_TITLE_LENGTH} required />}
        </Field>
        <Field id="day" label={t("form.day")} error={errorText(errors.day)}>
          {(p) => <TextInput {...p} type="date" name="day" defaultValue={v.day ?? ""} required className={`${inputClass} max-w-56`} />}
        </Field>
        <Field id="place" label={t("form.place")} error={errorText(errors.place)}>
          {(p) => <TextInput {...p} name="place" defaultValue={v.place ?? ""} maxLength={MAX_PLACE_LENGTH} />}
        </Field>
        <Field id="details" label={t("form.details")} error={errorText(errors.details)}>
          {(p) => <textarea {...p} name="details" defaultValue={v.details ?? ""} maxLength={MAX_DETAILS_LENGTH} rows={3} className={inputClass} />}
        </Field>
      </Card>

      <fieldset className="space-y-3" aria-describedby={errors.slots ? "slots-hint slots-error" : "slots-hint"}>
        <legend className="text-xl font-bold">{t("form.slotsLegend")}</legend>
        <p id="slots-hint" className="text-sm text-slate-700">
          {t("form.slotsHint")}
        </p>
        <FieldError id="slots-error" error={errorText(errors.slots)} />
        {slots.map((slot, row) => (
          <fieldset key={row} data-testid="slot-row" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
            <legend className="px-1 font-semibold">{t("form.slotLegend", { n: row + 1 })}</legend>
            <div className="grid grid-cols-2 gap-3">
              <Field id={fieldId(row, "start")} label={t("form.start")} error={errorText(errors[`slot.${row}.start`])}>
                {(p) => <TextInput {...p} type="time" name={`slot.${row}.start`} defaultValue={slot.start ?? ""} />}
              </Field>
              <Field id={fieldId(row, "end")} label={t("form.end")} error={errorText(errors[`slot.${row}.end`])}>
                {(p) => <TextInput {...p} type="time" name={`slot.${row}.end`} defaultValue={slot.end ?? ""} />}
              </Field>
            </div>
            <Field id={fieldId(row, "activityId")} label={t("form.activity")} error={errorText(errors[`slot.${row}.activityId`])}>
              {(p) => (
                <select {...p} name={`slot.${row}.activityId`} defaultValue={slot.activityId ?? ""} className={inputClass}>
                  <option value="">{t("form.chooseActivity")}</option>
                  {activities.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={fieldId(row, "helpersNeeded")} label={t("form.helpersNeeded")} error={errorText(errors[`slot.${row}.helpersNeeded`])}>
              {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={MAX_HELPERS} name={`slot.${row}.helpersNeeded`} defaultValue={slot.helpersNeeded ?? ""} className={`${inputClass} max-w-32`} />}
            </Field>
            {slots.length > 1 ? (
              <Button type="submit" name="intent" value={`remove:${row}`} variant="secondary" formNoValidate>
                {t("form.removeSlot", { n: row + 1 })}
              </Button>
            ) : null}
          </fieldset>
        ))}
        {slots.length < MAX_SLOTS ? (
          <Button type="submit" name="intent" value="add" variant="secondary" formNoValidate>
            {t("form.addSlot")}
          </Button>
        ) : null}
      </fieldset>

      <Button type="submit" name="intent" value="create" className="w-full text-lg sm:w-auto">
        {t("form.submit")}
      </Button>
    </form>
  );
}
