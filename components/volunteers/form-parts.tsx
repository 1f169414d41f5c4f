import type { ComponentProps, ReactNode } from "react";
import { FieldError } from "@/components/ui/field";

const HEADING_CLASS = { h2: "text-xl font-bold", h3: "text-lg font-bold" } as const;

/**
 * A group of checkboxes or radios: <fieldset>/<legend>, hint and error wired to the group through
 * aria-describedby (STYLE.md habit 9). Works without JavaScript. With `heading` the legend is also
 * a heading (HTML allows h1–h6 in a legend), so the group appears in the page's outline and
 * screen-reader users can jump to it.
 */
export function Fieldset({ id, legend, heading, hint, error, children, className = "" }: { id: string; legend: ReactNode; heading?: "h2" | "h3"; hint?: ReactNode; error?: string; children: ReactNode; className?: string }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const Heading = heading;
  return (
    <fieldset id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={`min-w-0 space-y-2 ${className}`}>
      <legend className="mb-1 font-semibold">{Heading ? <Heading className={HEADING_CLASS[Heading]}>{legend}</Heading> : legend}</legend>
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
