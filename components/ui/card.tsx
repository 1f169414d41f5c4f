import type { ReactNode } from "react";

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
