"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { ActionState, StateAction } from "@/lib/http/action-state";
import { FormOutcome, roundOf, SubmitButton, useFieldError, useFocusFirstError } from "./form-bits";

/**
 * The coordinator's forms on a volunteer's page (issue 16): record a qualification (the proof is
 * seen, never stored), add an internal note, add and remove tags. Plain forms posting to server
 * actions (they work without JavaScript); the actions come in as props from the page.
 */

export function QualificationRecordForm({ volunteerId, types, today, action: save }: { volunteerId: string; types: { id: string; name: string }[]; today: string; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v = state.ok ? {} : (state.values ?? {});
  const { first, formRef } = useFocusFirstError(state, { typeId: "q-typeId", issuedOn: "q-issuedOn", expiresOn: "q-expiresOn", seen: "q-seen" });
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate key={roundOf(state)} data-testid="qualification-form">
      <input type="hidden" name="volunteerId" value={volunteerId} />
      <FormOutcome state={state} savedText={t("qualifications.recorded")} />
      <Field id="q-typeId" label={t("qualifications.type")} error={err("typeId")}>
        {(p) => (
          <select {...p} name="typeId" className={inputClass} defaultValue={v.typeId ?? ""} required autoFocus={first === "typeId"}>
            <option value="">{t("qualifications.typeChoose")}</option>
            {types.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="q-issuedOn" label={t("qualifications.issuedOn")} error={err("issuedOn")}>
          {(p) => <TextInput {...p} name="issuedOn" type="date" max={today} defaultValue={v.issuedOn ?? ""} required autoFocus={first === "issuedOn"} />}
        </Field>
        <Field id="q-expiresOn" label={t("qualifications.expiresOnField")} hint={t("qualifications.expiresOnHint")} error={err("expiresOn")}>
          {(p) => <TextInput {...p} name="expiresOn" type="date" defaultValue={v.expiresOn ?? ""} autoFocus={first === "expiresOn"} />}
        </Field>
      </div>
      <div className="flex flex-col gap-1">
        <label className="flex min-h-11 items-center gap-3">
          <input id="q-seen" type="checkbox" name="seen" value="on" className="size-5" autoFocus={first === "seen"} defaultChecked={v.seen === "on"} aria-invalid={err("seen") ? true : undefined} aria-describedby={err("seen") ? "q-seen-error" : undefined} />
          {t("qualifications.seen")}
        </label>
        {err("seen") ? (
          <p id="q-seen-error" className="text-sm font-semibold text-red-700" role="alert">
            {err("seen")}
          </p>
        ) : null}
      </div>
      <SubmitButton>{t("qualifications.record")}</SubmitButton>
    </form>
  );
}

/** A small form with one button (remove a qualification or a tag). */
export function RemoveButton({ fields, label, text, action: run }: { fields: Record<string, string>; label: string; text: string; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action, pending] = useActionState<ActionState, FormData>(run, {});
  return (
    <form action={action} className="inline">
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Button type="submit" variant="secondary" disabled={pending} aria-label={label}>
        {text}
      </Button>
      {state.ok === false ? (
        <span role="alert" className="ms-2 text-red-800">
          {t(`errors.${state.error}` as "errors.invalid")}
        </span>
      ) : null}
    </form>
  );
}

export function NoteForm({ volunteerId, maxLength, action: save }: { volunteerId: string; maxLength: number; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v = state.ok ? {} : (state.values ?? {});
  const { first, formRef } = useFocusFirstError(state, { body: "note-body" });
  return (
    <form ref={formRef} action={action} className="space-y-3" noValidate key={state.ok ? state.doneAt : undefined} data-testid="note-form">
      <input type="hidden" name="volunteerId" value={volunteerId} />
      <FormOutcome state={state} savedText={t("notes.added")} />
      <Field id="note-body" label={t("notes.body")} error={err("body")}>
        {(p) => <textarea {...p} name="body" rows={3} maxLength={maxLength} className={inputClass} defaultValue={v.body ?? ""} required autoFocus={first === "body"} />}
      </Field>
      <SubmitButton variant="secondary">{t("notes.add")}</SubmitButton>
    </form>
  );
}

export function TagForm({ volunteerId, suggestions, maxLength, action: save }: { volunteerId: string; suggestions: string[]; maxLength: number; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v = state.ok ? {} : (state.values ?? {});
  const { first, formRef } = useFocusFirstError(state, { name: "tag-name" });
  return (
    <form ref={formRef} action={action} className="space-y-3" noValidate key={state.ok ? state.doneAt : undefined} data-testid="tag-form">
      <input type="hidden" name="volunteerId" value={volunteerId} />
      <FormOutcome state={state} savedText={t("tags.added")} />
      <Field id="tag-name" label={t("tags.name")} hint={t("tags.nameHint")} error={err("name")}>
        {(p) => <TextInput {...p} name="name" list="tag-suggestions" maxLength={maxLength} autoComplete="off" defaultValue={v.name ?? ""} required autoFocus={first === "name"} />}
      </Field>
      <datalist id="tag-suggestions">
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <SubmitButton variant="secondary">{t("tags.add")}</SubmitButton>
    </form>
  );
}

/** Add (no `type`) or edit a kind of qualification (admins): name, usual validity in months, in use or not. */
export function QualificationTypeForm({ type, action: save }: { type?: { id: string; name: string; validityMonths: number | null; active: boolean }; action: StateAction }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState<ActionState, FormData>(save, {});
  const err = useFieldError(state);
  const v = state.ok ? {} : (state.values ?? {});
  const prefix = type ? `qt-${type.id}` : "qt-new";
  const { first, formRef } = useFocusFirstError(state, { name: `${prefix}-name`, validityMonths: `${prefix}-validity` });
  return (
    <form ref={formRef} action={action} className="grid gap-3 sm:grid-cols-2" noValidate key={type ? undefined : state.doneAt}>
      {type ? <input type="hidden" name="id" value={type.id} /> : null}
      <div className="sm:col-span-2">
        <FormOutcome state={state} savedText={type ? t("qualifications.saved") : t("qualifications.created")} />
      </div>
      <Field id={`${prefix}-name`} label={t("qualifications.name")} error={err("name")}>
        {(p) => <TextInput {...p} name="name" maxLength={80} defaultValue={v.name ?? type?.name ?? ""} required autoFocus={first === "name"} />}
      </Field>
      <Field id={`${prefix}-validity`} label={t("qualifications.validityMonths")} hint={t("qualifications.validityHint")} error={err("validityMonths")}>
        {(p) => <TextInput {...p} name="validityMonths" type="number" inputMode="numeric" min={1} max={600} defaultValue={v.validityMonths ?? (type?.validityMonths != null ? String(type.validityMonths) : "")} className={`${inputClass} max-w-32`} autoFocus={first === "validityMonths"} />}
      </Field>
      {type ? (
        <div className="sm:col-span-2">
          <label className="flex min-h-11 items-center gap-3">
            <input type="checkbox" name="active" value="true" className="size-5" defaultChecked={v.active ? v.active === "true" : type.active} />
            {t("qualifications.active")}
          </label>
          {/* after the checkbox: the first value of a name counts (formValues), so unchecked sends "false" */}
          <input type="hidden" name="active" value="false" />
        </div>
      ) : null}
      <div className="sm:col-span-2">
        <SubmitButton variant={type ? "secondary" : "primary"}>{type ? t("qualifications.save") : t("qualifications.add")}</SubmitButton>
      </div>
    </form>
  );
}
