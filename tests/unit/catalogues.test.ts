import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { adminLocales, defaultLocale, volunteerLocales, type Locale } from "@/i18n/config";
import { getMessages, mergeOverGerman, namespaceFiles, shippedCatalogue, volunteerNamespaces, type Namespace } from "@/i18n/messages";

/**
 * The shipped catalogues are complete: every language has every key German has (for the
 * volunteer-facing namespaces, or all namespaces for the coordinator languages), no key German
 * lacks, the same ICU arguments, and for every plural exactly the CLDR plural categories of its
 * language. The loader would fall back to German for a gap; this test makes sure there is none.
 */

type Tree = { [k: string]: string | Tree };

function leaves(obj: unknown, prefix = ""): [string, string][] {
  if (typeof obj === "string") return [[prefix, obj]];
  if (typeof obj !== "object" || obj === null) return [[prefix, String(obj)]];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** What a locale must translate of a namespace: the whole German file or its volunteer subtrees. */
function expected(locale: Locale, ns: Namespace): Tree | undefined {
  const german = shippedCatalogue(defaultLocale, ns) as Tree;
  if ((adminLocales as readonly string[]).includes(locale)) return german;
  const scope = volunteerNamespaces[ns];
  if (!scope) return undefined;
  if (scope === "all") return german;
  return Object.fromEntries(scope.map((k) => [k, german[k]]));
}

/** Argument names (incl. rich-text tags) and, per plural argument, its categories (=N left out). */
function icuShape(message: string) {
  const args = new Set<string>();
  const plurals = new Map<string, Set<string>>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) args.add(el.value);
      if (el.type === TYPE.tag) {
        args.add(`<${el.value}>`);
        walk(el.children);
      }
      if (el.type === TYPE.select) {
        args.add(el.value);
        Object.values(el.options).forEach((o) => walk(o.value));
      }
      if (el.type === TYPE.plural) {
        args.add(el.value);
        const cats = plurals.get(el.value) ?? new Set<string>();
        Object.keys(el.options).filter((k) => !k.startsWith("=")).forEach((k) => cats.add(k));
        plurals.set(el.value, cats);
        Object.values(el.options).forEach((o) => walk(o.value));
      }
    }
  };
  walk(parse(message));
  return { args: [...args].sort(), plurals };
}

const others = volunteerLocales.filter((l) => l !== defaultLocale);
const cases = others.flatMap((locale) =>
  (Object.keys(namespaceFiles) as Namespace[]).filter((ns) => expected(locale, ns)).map((ns) => ({ locale, ns, file: `messages/${locale}/${namespaceFiles[ns]}.json` })),
);

describe("message catalogues", () => {
  it("ships a file for every namespace a language must translate", () => {
    const missing = cases.filter(({ locale, ns }) => shippedCatalogue(locale, ns) === undefined).map((c) => c.file);
    expect(missing).toEqual([]);
  });

  describe.each(cases)("$file", ({ locale, ns }) => {
    const shipped = () => shippedCatalogue(locale, ns) ?? {};
    const want = expected(locale, ns)!;

    it("has exactly the keys German has (coordinator parts left out)", () => {
      const got = leaves(shipped()).map(([k]) => k).sort();
      expect(got).toEqual(leaves(want).map(([k]) => k).sort());
    });

    it("has no empty texts and only valid ICU messages", () => {
      for (const [key, text] of leaves(shipped())) {
        expect(text.trim(), key).not.toBe("");
        expect(() => parse(text), key).not.toThrow();
      }
    });

    it("uses the same ICU arguments and the CLDR plural categories of its language", () => {
      const categories = new Set(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
      const got = new Map(leaves(shipped()));
      for (const [key, source] of leaves(want)) {
        const text = got.get(key);
        if (text === undefined) continue; // reported by the key test
        const a = icuShape(source);
        const b = icuShape(text);
        expect(b.args, `${key}: arguments`).toEqual(a.args);
        for (const [arg, cats] of b.plurals) expect([...cats].sort(), `${key}: plural categories of {${arg}}`).toEqual([...categories].sort());
      }
    });
  });

  it("German has no empty texts", () => {
    for (const ns of Object.keys(namespaceFiles) as Namespace[]) {
      expect(leaves(shippedCatalogue(defaultLocale, ns)).filter(([, t]) => t.trim() === "")).toEqual([]);
    }
  });

  it("German plurals use the German categories", () => {
    for (const ns of Object.keys(namespaceFiles) as Namespace[]) {
      for (const [key, text] of leaves(shippedCatalogue(defaultLocale, ns))) {
        for (const [arg, cats] of icuShape(text).plurals) expect([...cats].sort(), `${ns}.${key} {${arg}}`).toEqual(["one", "other"]);
      }
    }
  });
});

describe("the message loader", () => {
  it("falls back to German key by key", () => {
    const base = { a: "A", b: { c: "C", d: "D" }, e: "E" };
    expect(mergeOverGerman(base, { a: "α", b: { c: "γ" } })).toEqual({ a: "α", b: { c: "γ", d: "D" }, e: "E" });
  });

  it("ignores stale keys, wrong shapes and empty texts of a translation", () => {
    const base = { a: "A", b: { c: "C" } };
    expect(mergeOverGerman(base, { a: "", b: "not an object", z: "stale" })).toEqual({ a: "A", b: { c: "C" } });
    expect(mergeOverGerman(base, null)).toEqual(base);
    expect(mergeOverGerman(base, ["x"])).toEqual(base);
  });

  it("gives every locale every namespace and key German has", () => {
    const germanKeys = leaves(getMessages("de")).map(([k]) => k).sort();
    for (const locale of volunteerLocales) expect(leaves(getMessages(locale)).map(([k]) => k).sort(), locale).toEqual(germanKeys);
  });

  it("keeps the coordinator parts of a volunteer language German", () => {
    for (const locale of others.filter((l) => !(adminLocales as readonly string[]).includes(l))) {
      expect(getMessages(locale).admin).toEqual(getMessages("de").admin);
      expect(getMessages(locale).requests.form).toEqual(getMessages("de").requests.form);
    }
  });
});
