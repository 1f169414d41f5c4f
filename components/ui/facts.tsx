import { Fragment, type ReactNode } from "react";

export type Fact = { label: string; value: ReactNode; testId?: string; className?: string };

/** Label/value pairs as a description list (what, when, where …); rows that are false or null are left out. */
export function Facts({ rows, spacing = "tight" }: { rows: (Fact | false | null | undefined)[]; spacing?: "tight" | "loose" }) {
  return (
    <dl className={`grid grid-cols-[auto_1fr] gap-x-4 ${spacing === "tight" ? "gap-y-1" : "gap-y-2"}`}>
      {rows
        .filter((r): r is Fact => !!r)
        .map((r) => (
          <Fragment key={r.label}>
            <dt className="font-semibold">{r.label}</dt>
            <dd data-testid={r.testId} className={r.className}>
              {r.value}
            </dd>
          </Fragment>
        ))}
    </dl>
  );
}
