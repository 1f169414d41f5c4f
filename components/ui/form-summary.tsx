"use client";

import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { Notice } from "./card";

/**
 * The outcome of a submitted form (error summary or "saved"). It takes the focus when it appears
 * and whenever a new outcome arrives: without that, a submit with JavaScript re-renders the form
 * in place, the focus drops to <body> and the page stays scrolled far below the summary, so
 * neither screen-reader nor sighted users learn what happened. `outcome` is the action state
 * (useActionState gives a new object after every submit). Render it only for an outcome of a
 * submit, never on a fresh page, or it would take the focus on load. Without JavaScript the page
 * reloads with the summary at the top of the form, focused by `autofocus`.
 */
export function FormSummary({ outcome, tone, title, errors, children }: { outcome: unknown; tone: "error" | "success" | "warning"; title?: ReactNode; errors?: { href: string; text: ReactNode }[]; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [outcome]);
  return (
    // autoFocus: without JavaScript the reloaded page starts on the summary too (the server renders the attribute)
    <div ref={ref} tabIndex={-1} autoFocus className="scroll-mt-4 rounded-lg focus:outline-3 focus:outline-offset-2 focus:outline-brand-600">
      <Notice tone={tone}>
        {title ? <p className="font-semibold">{title}</p> : null}
        {children}
        {errors?.length ? (
          <ul className="mt-2 list-disc space-y-1 ps-5">
            {errors.map((e) => (
              <li key={e.href}>
                <a href={e.href} onClick={focusTarget} className="font-semibold text-red-800">
                  {e.text}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </Notice>
    </div>
  );
}

/** A summary link moves the focus into its field (a fieldset: its first input), not only the view. */
function focusTarget(e: MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById(e.currentTarget.hash.slice(1));
  const field = target?.matches("input, select, textarea") ? target : target?.querySelector<HTMLElement>("input, select, textarea");
  if (!target || !field) return;
  e.preventDefault();
  target.scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
}

