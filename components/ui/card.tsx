import { Fragment, type ReactNode } from "react";

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 ${className}`}>{children}</section>;
}

export function Notice({ tone = "info", children }: { tone?: "info" | "success" | "warning" | "error"; children: ReactNode }) {
  const tones = {
    info: "border-brand-600 bg-brand-50",
    success: "border-green-700 bg-green-50",
    warning: "border-amber-600 bg-amber-50",
    error: "border-red-700 bg-red-50",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-lg border-s-4 p-4 ${tones[tone]}`}>
      {children}
    </div>
  );
}

/** A card with its heading (the sections of the coordinator pages). */
export function TitledCard({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <h2 className="mb-2 text-xl font-bold">{title}</h2>
      {children}
    </Card>
  );
}

/** A titled card holding a list (`children` are its <li>s), or a short text when there is nothing to list. */
export function ListCard({ title, empty, count, testId, footer, children }: { title: ReactNode; empty: ReactNode; count: number; testId?: string; footer?: ReactNode; children: ReactNode }) {
  return (
    <TitledCard title={title}>
      {count === 0 ? (
        <p className="text-slate-700">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-200" data-testid={testId}>
          {children}
        </ul>
      )}
      {footer}
    </TitledCard>
  );
}

/** Label/value pairs as a two-column description list; pairs whose value is null are left out. */
export function DetailList({ items, className = "gap-x-4 gap-y-1" }: { items: { label: ReactNode; value: ReactNode; valueClassName?: string; testId?: string; dir?: "auto" | "ltr" }[]; className?: string }) {
  return (
    <dl className={`grid grid-cols-[auto_1fr] ${className}`}>
      {items
        .filter((i) => i.value !== null && i.value !== undefined)
        .map((i, n) => (
          <Fragment key={n}>
            <dt className="font-semibold">{i.label}</dt>
            <dd className={i.valueClassName} data-testid={i.testId} dir={i.dir}>
              {i.value}
            </dd>
          </Fragment>
        ))}
    </dl>
  );
}
