/**
 * The organisation's contact for accessibility questions: e-mail (mailto: with a subject), phone
 * (tel:) and address. Addresses and numbers stay left-to-right inside right-to-left text.
 */
export function ContactList({
  email,
  phone,
  address,
  labels,
  mailSubject,
  large = false,
}: {
  email: string | null;
  phone: string | null;
  address: string | null;
  labels: { email: string; phone: string; address: string };
  mailSubject?: string;
  /** Leichte Sprache: each label on its own line, larger text */
  large?: boolean;
}) {
  const row = large ? "space-y-1" : "flex flex-wrap gap-x-2";
  const mailto = email ? `mailto:${email}${mailSubject ? `?subject=${encodeURIComponent(mailSubject)}` : ""}` : null;
  return (
    <dl className="space-y-2">
      {email && mailto ? (
        <div className={row}>
          <dt className="font-semibold">{labels.email}</dt>
          <dd className="[overflow-wrap:anywhere]">
            <a href={mailto} dir="ltr" data-testid="contact-email">
              {/* a long address breaks after the "@" rather than in the middle of a word */}
              {email.slice(0, email.indexOf("@") + 1)}
              <wbr />
              {email.slice(email.indexOf("@") + 1)}
            </a>
          </dd>
        </div>
      ) : null}
      {phone ? (
        <div className={row}>
          <dt className="font-semibold">{labels.phone}</dt>
          <dd>
            <a href={`tel:${phone.replace(/[^+0-9]/g, "")}`} dir="ltr" className="whitespace-nowrap">
              {phone}
            </a>
          </dd>
        </div>
      ) : null}
      {address ? (
        <div className={row}>
          <dt className="font-semibold">{labels.address}</dt>
          <dd className="break-words">{address}</dd>
        </div>
      ) : null}
    </dl>
  );
}
