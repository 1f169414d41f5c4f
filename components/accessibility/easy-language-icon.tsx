/**
 * A decorative "easy read" icon (an open book with a speech line) next to the text "Leichte
 * Sprache". Drawn for Helferruf: the Inclusion Europe easy-to-read logo is a registered mark.
 */
export function EasyLanguageIcon({ className = "size-8 shrink-0" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#174c99" />
      <path d="M6 10c3.5-1.5 7-1.5 10 1 3-2.5 6.5-2.5 10-1v13c-3.5-1.5-7-1.5-10 1-3-2.5-6.5-2.5-10-1z" fill="#ffffff" />
      <path d="M16 11v13" stroke="#174c99" strokeWidth="1.6" />
      <path d="M9 14.5h4M9 17.5h4M19 14.5h4M19 17.5h4" stroke="#174c99" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}
