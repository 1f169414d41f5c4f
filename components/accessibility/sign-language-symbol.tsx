/**
 * A simple sign-language symbol: two open hands turned towards each other, with motion strokes.
 * Drawn for Helferruf (no third-party logo). With `label` it is an image with that text
 * alternative; without, it is decoration next to a text that already says the same.
 */
export function SignLanguageSymbol({ label, className = "size-16" }: { label?: string; className?: string }) {
  const a11y = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
  return (
    <svg viewBox="0 0 64 64" className={className} focusable="false" {...a11y}>
      {label ? <title>{label}</title> : null}
      <rect width="64" height="64" rx="12" fill="#174c99" />
      <g fill="#ffffff">
        {/* left hand: palm, four fingers, thumb */}
        <g transform="rotate(-14 20 40)">
          <rect x="10" y="30" width="18" height="20" rx="6" />
          <rect x="10" y="16" width="4" height="18" rx="2" />
          <rect x="15" y="13" width="4" height="20" rx="2" />
          <rect x="20" y="14" width="4" height="19" rx="2" />
          <rect x="25" y="18" width="3.5" height="16" rx="1.75" />
          <rect x="26" y="33" width="11" height="4" rx="2" transform="rotate(-35 26 35)" />
        </g>
        {/* right hand, mirrored */}
        <g transform="translate(64 0) scale(-1 1) rotate(-14 20 40)">
          <rect x="10" y="30" width="18" height="20" rx="6" />
          <rect x="10" y="16" width="4" height="18" rx="2" />
          <rect x="15" y="13" width="4" height="20" rx="2" />
          <rect x="20" y="14" width="4" height="19" rx="2" />
          <rect x="25" y="18" width="3.5" height="16" rx="1.75" />
          <rect x="26" y="33" width="11" height="4" rx="2" transform="rotate(-35 26 35)" />
        </g>
      </g>
      {/* motion strokes above the hands */}
      <g fill="none" stroke="#ffffff" strokeWidth="2.5" strokeLinecap="round">
        <path d="M6 14 q3 -5 8 -7" />
        <path d="M58 14 q-3 -5 -8 -7" />
      </g>
    </svg>
  );
}
