import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { formatMessage } from "@/i18n/format-message";
import { locales } from "@/i18n/config";
import { getMessages } from "@/i18n/messages";

/**
 * The browser's small formatter (i18n/format-message.ts) must write exactly what next-intl's
 * formatter (intl-messageformat) writes, for every string the public client components can show
 * (the namespaces they get: volunteers, accessibility.feedback), in every language.
 */
function strings(node: unknown, path: string[] = []): [string, string][] {
  if (typeof node === "string") return [[path.join("."), node]];
  if (node && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

/** Sample values for every argument a message names, numbers for plurals. */
function samples(message: string): Record<string, string | number>[] {
  const args = new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((m) => m[1]));
  const plural = new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*,\s*plural/g)].map((m) => m[1]));
  return [0, 1, 2, 5, 21, 1000].map((n) => Object.fromEntries([...args].map((a) => [a, plural.has(a) ? n : `«${a}»`])));
}

describe("the client-side message formatter", () => {
  for (const locale of locales) {
    it(`formats every public client string like intl-messageformat (${locale})`, () => {
      const m = getMessages(locale);
      const all = [...strings(m.volunteers, ["volunteers"]), ...strings(m.accessibility.feedback, ["accessibility", "feedback"])];
      expect(all.length).toBeGreaterThan(100);
      for (const [key, message] of all) {
        for (const values of samples(message)) {
          const expected = String(new IntlMessageFormat(message, locale).format(values));
          expect(formatMessage(message, values, locale), `${key} ${JSON.stringify(values)}`).toBe(expected);
        }
      }
    });
  }

  it("handles plural branches with =N, #, select and ICU quoting", () => {
    const cases: [string, Record<string, string | number>][] = [
      ["{n, plural, =0 {keine} one {# Minute} other {# Minuten}}", { n: 0 }],
      ["{n, plural, =0 {keine} one {# Minute} other {# Minuten}}", { n: 1 }],
      ["{n, plural, one {# Minute} other {# Minuten}}", { n: 1500 }],
      ["{g, select, a {A {x}} other {O}}", { g: "a", x: "1" }],
      ["{g, select, a {A} other {O}}", { g: "z" }],
      ["It''s '{literal}' and {x}", { x: "y" }],
      ["{n, plural, other {'#' ist #}}", { n: 3 }],
    ];
    for (const [message, values] of cases) expect(formatMessage(message, values, "de")).toBe(String(new IntlMessageFormat(message, "de").format(values)));
  });
});
