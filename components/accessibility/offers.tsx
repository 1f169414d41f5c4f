import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignLanguageSymbol } from "./sign-language-symbol";

type Offer = "easy" | "sign" | "statement";
const HREF: Record<Offer, string> = { easy: "/leichte-sprache", sign: "/gebaerdensprache", statement: "/accessibility" };

/** Links to the Leichte Sprache page, the sign-language page and the accessibility statement. */
export async function AccessibleOffers({ title, exclude, headingLevel = "h2", base = "" }: { title: string; exclude?: Offer; headingLevel?: "h2" | "h3"; /** the organisation's prefix (`/o/<slug>`, lib/organizations/public.ts) */ base?: string }) {
  const t = await getTranslations("accessibility.links");
  const Heading = headingLevel;
  const offers = (["easy", "sign", "statement"] as const).filter((o) => o !== exclude);
  return (
    <nav aria-label={title} className="space-y-2">
      <Heading className="text-xl font-bold">{title}</Heading>
      <ul className="space-y-1">
        {offers.map((o) => (
          <li key={o}>
            <Link href={`${base}${HREF[o]}`} className="inline-flex min-h-11 items-center gap-2">
              {o === "sign" ? <SignLanguageSymbol className="size-8 shrink-0" /> : null}
              {t(o)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
