"use client";

import { useActionState } from "react";
import { useTranslations } from "@/i18n/client";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { FormSummary } from "@/components/ui/form-summary";
import type { VoiceView } from "@/lib/volunteers/voice";
import { callMyMobileAction, confirmVoiceCodeAction, removeVoiceNumberAction, resendVoiceCodeAction, resumeVoiceCallsAction, setVoiceNumberAction, stopVoiceCallsAction } from "./voice-actions";

type Outcome = { ok?: boolean; error?: string; doneAt?: number; state?: string };
const ERRORS = ["phone_invalid", "limit", "code_invalid", "code_expired", "code_too_many", "nothing_to_confirm", "not_found"] as const;

/**
 * Calls instead of (or besides) messages (issue 18): enter a landline or choose the confirmed
 * mobile, confirm with the code read out in a call, stop or resume calls, remove the number.
 * Plain forms: without JavaScript each submit reloads the page with its outcome.
 */
export function VoiceCalls({ view }: { view: VoiceView }) {
  const t = useTranslations("volunteers.voice");
  const [setState, setNumber, setting] = useActionState(setVoiceNumberAction, {});
  const [mobileState, callMobile, callingMobile] = useActionState(callMyMobileAction, {});
  const [codeState, confirmCode, confirming] = useActionState(confirmVoiceCodeAction, {});
  const [resendState, resend, resending] = useActionState(resendVoiceCodeAction, {});
  const [stopState, stop, stopping] = useActionState(stopVoiceCallsAction, {});
  const [resumeState, resume, resuming] = useActionState(resumeVoiceCallsAction, {});
  const [removeState, remove, removing] = useActionState(removeVoiceNumberAction, {});
  const errorText = (s: Outcome) => (s.ok === false && s.error ? t(`errors.${(ERRORS as readonly string[]).includes(s.error) ? s.error : "not_found"}` as "errors.not_found") : undefined);
  const latest = ([setState, mobileState, codeState, resendState, stopState, resumeState, removeState] as Outcome[]).filter((s) => s.ok !== undefined).sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0))[0];
  const success = latest?.ok && latest.state ? t(`outcomes.${latest.state}` as "outcomes.confirmed") : null;
  const summaryError = [mobileState, resendState].map(errorText).find(Boolean);
  const numberError = errorText(setState);
  const codeError = errorText(codeState);
  return (
    <div className="space-y-4">
      {success ? <FormSummary outcome={latest} tone="success" title={success} /> : null}
      {summaryError ? <FormSummary outcome={summaryError} tone="error" title={summaryError} /> : null}
      {view.number ? (
        <p data-testid="voice-number">
          {view.confirmed ? t("current", { number: view.number }) : t("pending", { number: view.number })}
          {view.stopped ? ` ${t("stopped")}` : ""}
        </p>
      ) : null}

      {view.number && !view.confirmed ? (
        <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <p>{t("codeLead")}</p>
          <form action={confirmCode} noValidate className="space-y-3">
            <Field id="voiceCode" label={t("code")} error={codeError}>
              {(p) => <TextInput {...p} name="voiceCode" inputMode="numeric" autoComplete="one-time-code" maxLength={12} defaultValue={codeState.ok === false ? (codeState.values?.voiceCode ?? "") : ""} className="min-h-11 w-full max-w-48 rounded-lg border border-slate-500 bg-white px-3 py-2 text-lg tracking-widest text-slate-900 aria-[invalid=true]:border-red-700" autoFocus={!!codeError} />}
            </Field>
            <Button type="submit" disabled={confirming} className="w-full sm:w-auto">
              {t("confirm")}
            </Button>
          </form>
          <form action={resend}>
            <Button type="submit" variant="secondary" disabled={resending} className="w-full sm:w-auto">
              {t("resend")}
            </Button>
          </form>
        </div>
      ) : null}

      <form action={setNumber} noValidate className="space-y-3">
        <Field id="voiceNumber" label={view.number ? t("otherNumber") : t("number")} hint={t("numberHint")} error={numberError}>
          {(p) => <TextInput {...p} name="voiceNumber" type="tel" autoComplete="tel" maxLength={30} defaultValue={setState.ok === false ? (setState.values?.voiceNumber ?? "") : ""} autoFocus={!!numberError} />}
        </Field>
        <Button type="submit" variant="secondary" disabled={setting} className="w-full sm:w-auto">
          {t("save")}
        </Button>
      </form>

      {view.mobile ? (
        <form action={callMobile}>
          <Button type="submit" variant="secondary" disabled={callingMobile} className="w-full sm:w-auto">
            {t("callMe", { number: view.mobile })}
          </Button>
        </form>
      ) : null}

      {view.number ? (
        <div className="flex flex-col gap-3 sm:flex-row">
          {view.confirmed ? (
            view.stopped ? (
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
            )
          ) : null}
          <form action={remove}>
            <Button type="submit" variant="ghost" disabled={removing} className="w-full sm:w-auto">
              {t("remove")}
            </Button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
