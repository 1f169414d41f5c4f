import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RESERVED_SLUGS, slugSchema } from "@/lib/platform/slug";

const APP = join(__dirname, "..", "..", "app");

/** Every top-level URL segment the app serves: its folders, with route groups "(public)" opened (private "_x" folders are no routes). */
function topLevelSegments(dir = APP): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (!statSync(join(dir, name)).isDirectory() || name.startsWith("_")) return [];
    if (/^\(.+\)$/.test(name)) return topLevelSegments(join(dir, name));
    return [name];
  });
}

describe("organisation slugs", () => {
  it("reserve every top-level route segment of the app", () => {
    const segments = topLevelSegments();
    expect(segments).toEqual(expect.arrayContaining(["admin", "api", "r", "s", "platform", "dev", "busy", "calendar-feed", "register"]));
    for (const segment of segments) expect(RESERVED_SLUGS.has(segment), segment).toBe(true);
  });

  it("reserve the names the issue lists", () => {
    for (const name of ["admin", "api", "r", "s", "o", "platform", "dev", "busy", "calendar-feed", "_next"]) expect(RESERVED_SLUGS.has(name), name).toBe(true);
  });

  it.each(["caritas", "drk-kreisverband-musterstadt", "awo2", "h1"])("accept %j", (slug) => {
    expect(slugSchema.safeParse(slug)).toMatchObject({ success: true, data: slug });
  });

  it.each([
    ["a", "slug_invalid"],
    ["Caritas", "slug_invalid"],
    ["ca ritas", "slug_invalid"],
    ["caritas-", "slug_invalid"],
    ["ca--ritas", "slug_invalid"],
    ["straße", "slug_invalid"],
    ["caritas/x", "slug_invalid"],
    ["%2e%2e", "slug_invalid"],
    ["x".repeat(41), "slug_invalid"],
    ["calendar-feed", "slug_reserved"],
    ["platform", "slug_reserved"],
  ])("refuse %j (%s)", (slug, code) => {
    const r = slugSchema.safeParse(slug);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe(code);
  });
});
