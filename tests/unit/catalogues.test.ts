import { describe, expect, it } from "vitest";
import { catalogues } from "@/i18n/messages";

function keys(obj: unknown, prefix = ""): string[] {
  if (typeof obj !== "object" || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(obj: unknown): string[] {
  if (typeof obj === "string") return [obj];
  if (typeof obj !== "object" || obj === null) return [];
  return Object.values(obj).flatMap(leaves);
}

describe("message catalogues", () => {
  it("German and English have exactly the same keys", () => {
    expect(keys(catalogues.en).sort()).toEqual(keys(catalogues.de).sort());
  });

  it("has no empty texts", () => {
    for (const locale of ["de", "en"] as const) {
      expect(leaves(catalogues[locale]).filter((t) => t.trim() === "")).toEqual([]);
    }
  });
});
