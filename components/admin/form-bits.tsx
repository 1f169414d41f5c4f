"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { FormSummary } from "@/components/ui/form-summary";
import type { ActionState } from "@/lib/http/action-state";

/** Submit button that shows it is working (the form still posts without JavaScript). */
export function SubmitButton({ children, variant = "primary", ...rest }: { children: React.ReactNode; variant?: "primary" | "secondary" | "danger" | "ghost" } & React.ComponentProps<"button">) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending} {...rest}>
      {children}
    </Button>
  );
}

/**
 * Form-level outcome: refused, invalid (a summary; the messages stand next to the fields), or
 * saved. It takes the focus when it appears (FormSummary), so after a submit with JavaScript
 * the coordinator lands on what happened instead of on <body>.
 */
export function FormOutcome({ state, savedText, fieldLink }: { state: ActionState; savedText?: string; fieldLink?: (field: string) => { id: string; label: string } | null }) {
  const t = useTranslations("admin");
  if (state.ok && savedText) return <FormSummary outcome={state} tone="success" title={savedText} />;
  if (!state.error || state.ok) return null;
  if (state.error === "invalid") {
    const errors = state.fieldErrors ?? {};
    const fields = Object.keys(errors);
    // a hidden field has no place to show its error: its message is the summary
    const hidden = fields.find((f) => ["id", "direction", "active", "form"].includes(f));
    const title = hidden ? t(`errors.${errors[hidden]}` as "errors.invalid") : t("form.errorSummary");
    // long forms list the wrong fields with links to them (the message itself stands at the field)
    const links = fieldLink
      ? fields.flatMap((f) => {
          const target = fieldLink(f);
          return target ? [{ href: `#${target.id}`, text: target.label }] : [];
        })
      : [];
    return <FormSummary outcome={state} tone="error" title={title} errors={links} />;
  }
  return <FormSummary outcome={state} tone="error" title={t(`errors.${state.error}` as "errors.forbidden")} />;
}

export function useFieldError(state: ActionState) {
  const t = useTranslations("admin");
  return (field: string) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.invalid") : undefined;
  };
}

/**
 * Short forms: after a submit with errors the first wrong field (in the order of `ids`, field →
 * element id) takes the focus, its message next to it, instead of the summary above. Runs after
 * FormSummary's own focus (a child's effect runs first). `first` is for autoFocus, so a form
 * reloaded without JavaScript puts the focus there too.
 */
export function useFocusFirstError(state: ActionState, ids: Record<string, string>) {
  const first = Object.keys(ids).find((f) => state.fieldErrors?.[f]);
  const id = first ? ids[first] : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (id) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
  }, [state, id]);
  return { first, formRef };
}

const rounds = new WeakMap<object, number>();
let lastRound = 0;

/**
 * A number per answer of the server, for `key` on a form: every answer remounts the form with
 * what was typed. React resets a form after its action, and a <select> would fall back to its
 * first option (its defaultValue only counts at mount). The action stays the server action, so
 * the form also posts without JavaScript.
 */
export function roundOf(state: object): number {
  let round = rounds.get(state);
  if (round === undefined) rounds.set(state, (round = ++lastRound));
  return round;
}
