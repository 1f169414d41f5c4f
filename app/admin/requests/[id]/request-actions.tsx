"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { Field, FieldError, inputClass, TextInput } from "@/components/ui/field";
import { LIMIT_MESSAGE_VALUES, MAX_HELPERS, MAX_INVITES_PER_SEND, MAX_NOTE_LENGTH, MAX_REASON_LENGTH } from "@/lib/requests/limits";
import { askMoreAction, cancelRequestAction, changeHelpersAction, closeRequestAction, messageHelpersAction, type ManageState } from "../actions";

type ActionFn = (prev: ManageState, fd: FormData) => Promise<ManageState>;
type Kind = "askMore" | "change" | "message" | "close" | "cancel";

function ActionForm({
  kind,
  fn,
  requestId,
  danger,
  children,
}: {
  kind: Kind;
  fn: ActionFn;
  requestId: string;
  danger?: boolean;
  children?: (state: ManageState, error?: string, code?: string) => ReactNode;
}) {
  const t = useTranslations("requests.actions");
  const [state, action, pending] = useActionState<ManageState, FormData>(fn, {});
  // a refused session (expired, or no longer a member) reads "please sign in again"
  const code = state.error === "unauthenticated" || state.error === "forbidden" ? "unauthorized" : state.error;
  const error = state.ok === false && code ? t(`errors.${code}` as "errors.invalid", { ...LIMIT_MESSAGE_VALUES, count: state.count ?? 0 }) : undefined;
  return (
    <Card>
      <form action={action} className="space-y-3">
        <input type="hidden" name="requestId" value={requestId} />
        <h3 className="text-lg font-semibold">{t(`${kind}.legend`)}</h3>
        {children?.(state, error, state.ok === false ? code : undefined)}
        {state.ok ? <Notice tone="success">{t(`${kind}.done`, { count: state.count ?? 0 })}</Notice> : null}
        {error && !children ? <Notice tone="error">{error}</Notice> : null}
        <Button type="submit" variant={danger ? "danger" : "secondary"} disabled={pending}>
          {t(`${kind}.submit`)}
        </Button>
      </form>
    </Card>
  );
}

export function RequestActions({ requestId, status, helpersNeeded }: { requestId: string; status: "open" | "filled" | "cancelled" | "closed"; helpersNeeded: number }) {
  const t = useTranslations("requests.actions");
  if (status === "cancelled") return null;
  return (
    <section aria-labelledby="actions-title" className="space-y-3">
      <h2 id="actions-title" className="text-xl font-bold">
        {t("title")}
      </h2>
      {status === "open" ? (
        <ActionForm kind="askMore" fn={askMoreAction} requestId={requestId}>
          {(state, error) => (
            <Field id="ask-limit" label={t("askMore.limit")} error={error}>
              {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={MAX_INVITES_PER_SEND} name="limit" defaultValue={state.values?.limit ?? ""} className={`${inputClass} max-w-32`} />}
            </Field>
          )}
        </ActionForm>
      ) : null}
      {status !== "closed" ? (
        <ActionForm kind="change" fn={changeHelpersAction} requestId={requestId}>
          {(state, error) => (
            <Field id="change-helpers" label={t("change.label")} error={error}>
              {(p) => <TextInput {...p} type="number" inputMode="numeric" min={1} max={MAX_HELPERS} name="helpersNeeded" defaultValue={state.values?.helpersNeeded ?? String(helpersNeeded)} required className={`${inputClass} max-w-32`} />}
            </Field>
          )}
        </ActionForm>
      ) : null}
      <ActionForm kind="message" fn={messageHelpersAction} requestId={requestId}>
        {(state, error) => (
          <Field id="message-text" label={t("message.text")} error={error}>
            {(p) => <textarea {...p} name="text" rows={3} maxLength={MAX_NOTE_LENGTH} defaultValue={state.values?.text ?? ""} className={inputClass} required />}
          </Field>
        )}
      </ActionForm>
      {status !== "closed" ? (
        <ActionForm kind="close" fn={closeRequestAction} requestId={requestId}>
          {() => <p className="text-sm text-slate-700">{t("close.hint")}</p>}
        </ActionForm>
      ) : null}
      <ActionForm kind="cancel" fn={cancelRequestAction} requestId={requestId} danger>
        {(state, error, code) => {
          // the one error line goes next to the field it is about
          const at = code === "confirm_required" ? "confirm" : code?.startsWith("reason_") ? "reason" : "form";
          return (
            <>
              <p className="text-sm text-slate-700">{t("cancel.hint")}</p>
              <Field id="cancel-reason" label={t("cancel.reason")} error={at === "reason" ? error : undefined}>
                {(p) => <TextInput {...p} name="reason" maxLength={MAX_REASON_LENGTH} defaultValue={state.values?.reason ?? ""} />}
              </Field>
              {/* the confirmation step: works without JavaScript (checked on the server too) */}
              <div className="flex flex-col gap-1">
                <label className="flex min-h-11 items-center gap-3 font-semibold">
                  <input
                    type="checkbox"
                    name="confirm"
                    value="yes"
                    required
                    className="h-5 w-5"
                    aria-invalid={at === "confirm" ? true : undefined}
                    aria-describedby={at === "confirm" ? "cancel-confirm-error" : undefined}
                  />
                  {t("cancel.confirm")}
                </label>
                <FieldError id="cancel-confirm-error" error={at === "confirm" ? error : undefined} />
              </div>
              {at === "form" && error ? <Notice tone="error">{error}</Notice> : null}
            </>
          );
        }}
      </ActionForm>
    </section>
  );
}
