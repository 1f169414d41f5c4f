import type { ReactNode } from "react";

/** The frame of a coordinator page: its heading, then its sections. */
export function AdminPage({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold hyphens-auto [overflow-wrap:anywhere]">{title}</h1>
      {children}
    </div>
  );
}
