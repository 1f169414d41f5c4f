/**
 * The part of ICU MessageFormat that the public pages' client components use, for the browser:
 * `{name}` arguments, `{n, plural, …}` (with `=0`, `one`, `other` …, `#`, Intl.PluralRules) and
 * `{x, select, …}`, apostrophe quoting as in ICU (`''`, `'{…}'`). The full formatter
 * (intl-messageformat, which next-intl's client provider brings) is ~12 KiB gzipped on every page
 * with a translated form — more than the whole budget of issue 19. The server keeps next-intl.
 * tests/unit/format-message.test.ts formats every string of the client namespaces in every
 * language with both and requires the same text.
 */
export type MessageValues = Record<string, string | number | Date | null | undefined>;

type Part = string | { arg: string } | { arg: string; kind: "plural" | "select"; offset: number; options: Record<string, Part[]> } | { pound: true };

const cache = new Map<string, Part[]>();

export function formatMessage(message: string, values: MessageValues | undefined, locale: string): string {
  let parts = cache.get(message);
  if (!parts) cache.set(message, (parts = parse(message, { i: 0 }, false, false)));
  return render(parts, values ?? {}, locale, null);
}

function render(parts: Part[], values: MessageValues, locale: string, pound: number | null): string {
  let out = "";
  for (const p of parts) {
    if (typeof p === "string") out += p;
    else if ("pound" in p) out += pound === null ? "#" : new Intl.NumberFormat(locale).format(pound);
    else if (!("kind" in p)) out += String(values[p.arg] ?? `{${p.arg}}`);
    else if (p.kind === "select") {
      const branch = p.options[String(values[p.arg])] ?? p.options.other ?? [];
      out += render(branch, values, locale, pound);
    } else {
      const n = Number(values[p.arg]);
      const exact = p.options[`=${n}`];
      const branch = exact ?? p.options[new Intl.PluralRules(locale).select(n - p.offset)] ?? p.options.other ?? [];
      out += render(branch, values, locale, n - p.offset);
    }
  }
  return out;
}

/** Parses until the end (top level) or the `}` closing a branch. */
function parse(s: string, at: { i: number }, inBranch: boolean, inPlural: boolean): Part[] {
  const parts: Part[] = [];
  let text = "";
  const flush = () => {
    if (text) parts.push(text);
    text = "";
  };
  while (at.i < s.length) {
    const c = s[at.i];
    if (c === "'") {
      const next = s[at.i + 1];
      if (next === "'") {
        text += "'";
        at.i += 2;
        continue;
      }
      if (next === "{" || next === "}" || (inPlural && next === "#")) {
        // quoted literal until the next single apostrophe
        const end = s.indexOf("'", at.i + 1);
        text += s.slice(at.i + 1, end < 0 ? s.length : end).replace(/''/g, "'");
        at.i = end < 0 ? s.length : end + 1;
        continue;
      }
      text += c;
      at.i++;
      continue;
    }
    if (c === "}" && inBranch) {
      at.i++;
      flush();
      return parts;
    }
    if (c === "#" && inPlural) {
      flush();
      parts.push({ pound: true });
      at.i++;
      continue;
    }
    if (c === "{") {
      flush();
      parts.push(parseArgument(s, at));
      continue;
    }
    text += c;
    at.i++;
  }
  flush();
  return parts;
}

function parseArgument(s: string, at: { i: number }): Part {
  at.i++; // {
  const head = /^\s*([^\s,}]+)\s*(?:,\s*(plural|select|selectordinal)\s*,)?/.exec(s.slice(at.i))!;
  at.i += head[0].length;
  const arg = head[1];
  if (!head[2]) {
    // a simple argument (a number/date style after a comma is not used on the client: printed as is)
    at.i = s.indexOf("}", at.i) + 1;
    return { arg };
  }
  const kind = head[2] === "select" ? "select" : "plural";
  const options: Record<string, Part[]> = {};
  let offset = 0;
  for (;;) {
    const m = /^\s*(offset:\s*(\d+)\s*)?([^\s{}]+)?\s*/.exec(s.slice(at.i))!;
    at.i += m[0].length;
    if (m[2]) offset = Number(m[2]);
    if (s[at.i] === "}") {
      at.i++;
      return { arg, kind, offset, options };
    }
    if (s[at.i] !== "{" || !m[3]) throw new Error(`bad message near ${at.i}: ${s}`);
    at.i++;
    options[m[3]] = parse(s, at, true, kind === "plural");
  }
}
