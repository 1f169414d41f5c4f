import type { ReactNode } from "react";
import { Button, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/**
 * The pieces the directory and the audit log share: a GET filter form (works without
 * JavaScript, the URL is the state) and a captioned table with an empty text.
 */
export function FilterForm({ label, grid, resetHref, apply, reset, children }: { label: string; grid: string; resetHref: string; apply: string; reset: string; children: ReactNode }) {
  return (
    <Card>
      <form method="get" className={`grid gap-3 ${grid}`} role="search" aria-label={label}>
        {children}
        <div className="flex flex-wrap items-end gap-2 sm:col-span-full">
          <Button type="submit">{apply}</Button>
          <LinkButton href={resetHref} variant="secondary">{reset}</LinkButton>
        </div>
      </form>
    </Card>
  );
}

/** One labelled filter control (`id` is the control's id). */
export function FilterField({ id, label, className = "", children }: { id: string; label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`flex flex-col gap-1 ${className}`.trim()}>
      <label htmlFor={id} className="font-semibold">{label}</label>
      {children}
    </div>
  );
}

/** A captioned table (caption for screen readers), or the empty text when there are no rows. */
export function DataTable({
  caption,
  headers,
  empty,
  count,
  className = "",
  testId,
  children,
}: {
  caption: string;
  headers: string[];
  empty: string;
  count: number;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  if (count === 0) return <p>{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className={`w-full border-collapse text-start ${className}`.trim()} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {headers.map((h) => (
              <th key={h} scope="col" className="p-2 text-start">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
