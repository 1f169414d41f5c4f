import type { ComponentProps, ReactNode } from "react";
import { FieldError } from "@/components/ui/field";

/**
 * A group of checkboxes or radios: <fieldset>/<legend>, hint and error wired to the group through
 * aria-describedby (STYLE.md habit 9). Works without JavaScript.
 */
export function Fieldset({ id, legend, hint, error, children, className = "" }: { id: string; legend: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; className?: string }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={`min-w-0 space-y-2 ${className}`}>
      <legend className="mb-1 font-semibold">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
      {children}
    </fieldset>
  );
}

/** A checkbox or radio with its label as a 44 px touch target. */
export function Choice({ label, description, type = "checkbox", ...props }: ComponentProps<"input"> & { label: ReactNode; description?: ReactNode }) {
  return (
    <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg py-2">
      <input type={type} className="mt-0.5 size-6 shrink-0 accent-brand-700" {...props} />
      <span className="min-w-0">
        <span className="block">{label}</span>
        {description ? <span className="block text-sm text-slate-700">{description}</span> : null}
      </span>
    </label>
  );
}
