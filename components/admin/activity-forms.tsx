"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { localeDirection, localeNames } from "@/i18n/config";
import { TRANSLATED_ACTIVITY_LOCALES } from "@/lib/activities/names";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { FormOutcome, SubmitButton, useFieldError } from "./form-bits";

/** German and English names and descriptions, plus the per-language fields (nameAr, descriptionAr, …). */
type ActivityValues = { id?: string; nameDe: string; nameEn: string; descriptionDe: string; descriptionEn: string } & Record<string, string | undefined>;

const suffix = (l: string) => l.charAt(0).toUpperCase() + l.slice(1);

/**
 * Create (no `activity`) or edit one activity field: names and descriptions in German and
 * English, and optionally in the other volunteer languages (left empty, volunteers see German).
 * `action` creates or updates; passed in by the page.
 */
export function ActivityForm({ activity, action: save }: { activity?: ActivityValues; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const base = activity ?? { nameDe: "", nameEn: "", descriptionDe: "", descriptionEn: "" };
  const v = { ...base, ...(state.ok ? {} : state.values) } as ActivityValues;
  const prefix = activity ? `activity-${activity.id}` : "activity-new";
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2" noValidate key={activity ? undefined : state.doneAt}>
      {activity ? <input type="hidden" name="id" value={activity.id} /> : null}
      <div className="sm:col-span-2">
        <FormOutcome state={state} savedText={activity ? t("activities.saved") : t("activities.created")} />
      </div>
      {(["nameDe", "nameEn"] as const).map((f) => (
        <Field key={f} id={`${prefix}-${f}`} label={t(`activities.${f}`)} error={err(f)}>
          {(p) => <TextInput {...p} name={f} required defaultValue={v[f]} />}
        </Field>
      ))}
      {(["descriptionDe", "descriptionEn"] as const).map((f) => (
        <Field key={f} id={`${prefix}-${f}`} label={t(`activities.${f}`)} error={err(f)}>
          {(p) => <textarea {...p} name={f} rows={2} className={inputClass} defaultValue={v[f]} />}
        </Field>
      ))}
      <details className="sm:col-span-2" open={TRANSLATED_ACTIVITY_LOCALES.some((l) => err(`name${suffix(l)}`) || err(`description${suffix(l)}`)) || undefined}>
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold">{t("activities.translations")}</summary>
        <p className="mb-2 text-sm text-slate-700">{t("activities.translationsHint")}</p>
        <div className="grid gap-3 sm:grid-cols-2">
          {TRANSLATED_ACTIVITY_LOCALES.map((l) => {
            const language = (
              <span lang={l} dir={localeDirection(l)}>
                {localeNames[l]}
              </span>
            );
            return (
              <div key={l} className="space-y-2">
                <Field id={`${prefix}-name${suffix(l)}`} label={<>{t("activities.nameIn")} ({language})</>} error={err(`name${suffix(l)}`)}>
                  {(p) => <TextInput {...p} name={`name${suffix(l)}`} lang={l} dir={localeDirection(l)} maxLength={80} defaultValue={v[`name${suffix(l)}`] ?? ""} />}
                </Field>
                <Field id={`${prefix}-description${suffix(l)}`} label={<>{t("activities.descriptionIn")} ({language})</>} error={err(`description${suffix(l)}`)}>
                  {(p) => <textarea {...p} name={`description${suffix(l)}`} lang={l} dir={localeDirection(l)} rows={2} className={inputClass} defaultValue={v[`description${suffix(l)}`] ?? ""} />}
                </Field>
              </div>
            );
          })}
        </div>
      </details>
      <div className="sm:col-span-2">
        <SubmitButton variant={activity ? "secondary" : "primary"}>{activity ? t("activities.save") : t("activities.add")}</SubmitButton>
      </div>
    </form>
  );
}

export function ActivityRowActions({ id, name, active, first, last, actions }: { id: string; name: string; active: boolean; first: boolean; last: boolean; actions: { move: StateAction; setActive: StateAction } }) {
  const t = useTranslations("admin");
  const [moveState, move] = useActionState<ActionState, FormData>(actions.move, {});
  const [activeState, toggle] = useActionState<ActionState, FormData>(actions.setActive, {});
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!first ? (
        <form action={move}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="direction" value="up" />
          <SubmitButton variant="ghost" aria-label={t("activities.moveUpOf", { name })}>↑ {t("activities.moveUp")}</SubmitButton>
        </form>
      ) : null}
      {!last ? (
        <form action={move}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="direction" value="down" />
          <SubmitButton variant="ghost" aria-label={t("activities.moveDownOf", { name })}>↓ {t("activities.moveDown")}</SubmitButton>
        </form>
      ) : null}
      <form action={toggle}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        <SubmitButton variant="secondary" aria-label={t(active ? "activities.deactivateOf" : "activities.activateOf", { name })}>
          {active ? t("activities.deactivate") : t("activities.activate")}
        </SubmitButton>
      </form>
      <FormOutcome state={moveState} />
      <FormOutcome state={activeState} />
    </div>
  );
}
