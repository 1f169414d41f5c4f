import { localeDirection, type Locale } from "@/i18n/config";
import { translator } from "@/i18n/translator";
import type { Brand } from "@/lib/organizations/branding-rules";
import { urls } from "@/lib/urls";

export type RenderedEmail = { subject: string; text: string; html: string };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export type EmailContent = {
  locale: Locale;
  subject: string;
  /** first line, e.g. "Hallo Anna," */
  greeting?: string;
  /** translated text, or text as a coordinator typed it ({ typed }: shown in its own direction) */
  paragraphs: (string | { typed: string })[];
  /** key facts shown as a list, e.g. what / when / where */
  facts?: { label: string; value: string }[];
  buttons?: { label: string; url: string; tone?: "primary" | "secondary" }[];
  /** messages to volunteers carry manage/stop links (DESIGN.md "Messaging") */
  volunteerFooter?: boolean;
  /**
   * The sending organisation (issue 16): its name heads the e-mail (its logo, an absolute URL,
   * with the name as alt text, when it has one) and its accent colour — at least 4.5:1 on white,
   * checked when saved — colours buttons and links.
   */
  brand?: Brand;
};

/** Buttons and links without an organisation's accent colour. */
const DEFAULT_ACCENT = "#174c99";

/**
 * One template → plain text and simple, accessible HTML (real text, no images, high contrast,
 * works in dark mode because it sets both colours). Issue 6 may move this to react-email.
 */
export function renderEmail(c: EmailContent): RenderedEmail {
  const t = translator(c.locale, "mail");
  const dir = localeDirection(c.locale);
  const start = dir === "rtl" ? "right" : "left";
  const paragraphs = c.paragraphs.map((x) => (typeof x === "string" ? { text: x, typed: false } : { text: x.typed, typed: true }));
  const footer = c.volunteerFooter
    ? [`${t("footerManage")}: ${urls.manage()}`, `${t("footerStop")}: ${urls.manage()}`]
    : [t("footerAutomatic")];
  const accent = c.brand?.accentColor ?? DEFAULT_ACCENT;
  const text = [
    c.brand?.name,
    c.greeting,
    ...paragraphs.map((x) => x.text),
    c.facts?.map((f) => `${f.label}: ${f.value}`).join("\n"),
    c.buttons?.map((b) => `${b.label}: ${b.url}`).join("\n"),
    "—",
    ...footer,
  ]
    .filter((x): x is string => !!x)
    .join("\n\n");
  // typed texts and fact values (titles, places) take their own direction: dir="auto"
  const p = (s: string, typed = false) => `<p${typed ? ' dir="auto"' : ""} style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  // links and addresses stay left-to-right inside right-to-left text
  const ltrLinks = (s: string) => s.replace(/(https?:\/\/[^\s<]+)/g, `<a href="$1" dir="ltr" style="color:${accent}">$1</a>`);
  const html = `<!doctype html><html lang="${c.locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light dark"><title>${escapeHtml(c.subject)}</title></head>
<body dir="${dir}" style="margin:0;padding:24px;background:#ffffff;color:#111827;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif">
<div style="max-width:560px;margin:0 auto">
${c.brand ? brandHeader(c.brand, accent) : ""}${c.greeting ? p(c.greeting) : ""}${paragraphs.map((x) => p(x.text, x.typed)).join("")}
${c.facts?.length ? `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${c.facts.map((f) => `<tr><th scope="row" style="text-align:${start};padding:4px ${dir === "rtl" ? "0 4px 12px" : "12px 4px 0"};vertical-align:top">${escapeHtml(f.label)}</th><td dir="auto" style="text-align:${start};padding:4px 0">${escapeHtml(f.value)}</td></tr>`).join("")}</table>` : ""}
${(c.buttons ?? []).map((b) => `<p style="margin:0 0 12px"><a href="${escapeHtml(b.url)}" style="display:inline-block;padding:12px 20px;border-radius:8px;font-weight:600;text-decoration:none;${b.tone === "secondary" ? "background:#ffffff;color:" + accent + ";border:2px solid " + accent : "background:" + accent + ";color:#ffffff"}">${escapeHtml(b.label)}</a></p>`).join("")}
<hr style="border:none;border-top:1px solid #d1d5db;margin:24px 0">
${footer.map((f) => `<p style="margin:0 0 8px;font-size:14px;color:#374151">${ltrLinks(escapeHtml(f))}</p>`).join("")}
</div></body></html>`;
  return { subject: c.subject, text, html };
}

/** The organisation's name (or its logo with the name as alt text) above the e-mail, on a line in its accent colour. */
function brandHeader(brand: Brand, accent: string): string {
  const name = escapeHtml(brand.name);
  const mark = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${name}" height="48" style="display:block;height:48px;width:auto;max-width:240px;border:0">`
    : `<span style="font-size:18px;font-weight:700;color:#111827">${name}</span>`;
  return `<div style="margin:0 0 24px;padding:0 0 12px;border-bottom:3px solid ${accent}">${mark}</div>\n`;
}
