"use client";

import { useTranslations } from "next-intl";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
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

/** Form-level outcome: refused, or a field-less error code, or saved. */
export function FormOutcome({ state, savedText }: { state: ActionState; savedText?: string }) {
  const t = useTranslations("admin");
  if (state.ok && savedText) return <Notice tone="success">{savedText}</Notice>;
  if (!state.error || state.ok) return null;
  if (state.error === "invalid") {
    const fields = Object.keys(state.fieldErrors ?? {});
    // field errors are shown next to their fields; a hidden field's error is shown here
    const hiddenOnly = fields.filter((f) => ["id", "direction", "active", "form"].includes(f));
    if (hiddenOnly.length === 0) return null;
    return <Notice tone="error">{t(`errors.${state.fieldErrors![hiddenOnly[0]]}` as "errors.invalid")}</Notice>;
  }
  return <Notice tone="error">{t(`errors.${state.error}` as "errors.forbidden")}</Notice>;
}

export function useFieldError(state: ActionState) {
  const t = useTranslations("admin");
  return (field: string) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.invalid") : undefined;
  };
}
