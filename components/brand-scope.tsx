import type { CSSProperties, ReactNode } from "react";
import type { Brand } from "@/lib/organizations/branding-rules";

/**
 * An organisation's public page (issue 16): its name (and logo) on top, and its accent colour
 * for buttons, links and the focus ring inside. The accent was checked to reach 4.5:1 against
 * white when saved, so white button text and accent links on white stay readable; hover and
 * pressed states mix it darker. Without an accent the Helferruf colours stay.
 */
export function BrandScope({ brand, className = "", children }: { brand: Brand; className?: string; children: ReactNode }) {
  const accent = brand.accentColor;
  const style = accent
    ? ({ "--color-brand-600": accent, "--color-brand-700": accent, "--color-brand-800": `color-mix(in srgb, ${accent} 80%, black)` } as CSSProperties)
    : undefined;
  return (
    <div style={style} className={`space-y-6 ${className}`} data-testid="brand-scope">
      <div className="flex min-h-12 items-center gap-3 border-b-4 border-brand-700 pb-3" data-testid="brand-header">
        {brand.logoUrl ? (
          // the name stands next to it: the picture is decoration for screen readers
          // eslint-disable-next-line @next/next/no-img-element
          <img src={brand.logoUrl} alt="" className="h-12 w-auto max-w-40 object-contain" data-testid="brand-logo" />
        ) : null}
        <p className="text-lg font-bold [overflow-wrap:anywhere] text-slate-900">{brand.name}</p>
      </div>
      {children}
    </div>
  );
}
