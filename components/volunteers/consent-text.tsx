import Link from "next/link";

/** What the form and the renewal step show of a consent text (a small DTO, no hash). */
export type ConsentDisplay = { version: string; locale: string; text: string; /** the controller's privacy page (`/o/<slug>/privacy`; default /privacy) */ privacyHref?: string };

/**
 * A consent text from lib/volunteers/consent-texts.ts, exactly as stored: `<link>…</link>` becomes
 * the link to the privacy page, everything else is plain text (React escapes it).
 */
export function ConsentTextView({ text, privacyHref = "/privacy" }: { text: string; privacyHref?: string }) {
  const match = text.match(/^(.*?)<link>(.*?)<\/link>(.*)$/s);
  if (!match) return <>{text}</>;
  const [, before, label, after] = match;
  return (
    <>
      {before}
      <Link href={privacyHref} target="_blank">
        {label}
      </Link>
      {after}
    </>
  );
}
