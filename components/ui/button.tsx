import Link from "next/link";
import type { ComponentProps } from "react";

export type Variant = "primary" | "secondary" | "danger" | "ghost";

// Every variant has a border: in forced-colours mode (Windows high contrast) backgrounds are
// dropped, and a transparent border is the one edge that stays visible (as a system colour).
const base =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-lg border px-4 py-2 text-center text-base font-semibold no-underline transition-colors disabled:cursor-not-allowed disabled:opacity-60";
const variants: Record<Variant, string> = {
  primary: "border-transparent bg-brand-700 text-white hover:bg-brand-800",
  secondary: "border-slate-400 bg-white text-slate-900 hover:bg-slate-100",
  danger: "border-transparent bg-red-700 text-white hover:bg-red-800",
  ghost: "border-transparent text-brand-700 hover:bg-brand-50",
};

export function buttonClass(variant: Variant = "primary", extra = "") {
  return `${base} ${variants[variant]} ${extra}`.trim();
}

export function Button({ variant = "primary", className = "", ...props }: ComponentProps<"button"> & { variant?: Variant }) {
  return <button className={buttonClass(variant, className)} {...props} />;
}

export function LinkButton({ variant = "primary", className = "", ...props }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={buttonClass(variant, className)} {...props} />;
}
