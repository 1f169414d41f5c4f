import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { namespaceFiles, volunteerNamespaces, type Namespace } from "@/i18n/catalogue-files";

/**
 * Every namespace that code a volunteer or helper can reach reads must be registered in
 * `volunteerNamespaces` (so the completeness test demands it in all seven languages); otherwise a
 * page such as /accessibility or "my commitments" shows German to an Arabic reader without any
 * test noticing. The scan reads the namespace literals of getTranslations / useTranslations /
 * translator calls in everything outside the coordinator area.
 */

const ROOT = process.cwd();

/** Coordinator-only code (stays German/English) and code that writes to the organisation in German. */
const NOT_VOLUNTEER_FACING: Record<string, string> = {
  "app/admin": "coordinator area",
  "app/api/admin": "coordinator area",
  "app/dev": "development outbox (de/en)",
  "app/platform": "platform area (platform administrators, de/en)",
  "components/platform": "platform area (platform administrators, de/en)",
  "components/admin": "coordinator area",
  "components/reports": "coordinator reports and the attendance form on the board",
  "lib/reports": "coordinator reports",
  "lib/auth/sign-in-mail.ts": "coordinators' sign-in e-mail",
  "lib/members/index.ts": "coordinator invitations",
  "lib/volunteers/csv-export.ts": "coordinators' directory export",
  "lib/requests/coordinator-notices.ts": "notices to coordinators, in their admin language",
  "lib/requests/escalation.ts": "notices to coordinators, in their admin language",
  "lib/members/notice-preferences.ts": "coordinators' own notice settings",
  "lib/accessibility/feedback.ts": "the feedback e-mail goes to the organisation, in German",
};

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    const rel = path.posix.join(dir, name);
    if (Object.keys(NOT_VOLUNTEER_FACING).some((x) => rel === x || rel.startsWith(`${x}/`))) return [];
    if (statSync(path.join(abs, name)).isDirectory()) return files(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

/** namespace (possibly with a dotted subtree) of every translation call in a file */
function namespacesIn(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:getTranslations|useTranslations)\(\s*"([^"]+)"/g,
    /(?:getTranslations|useTranslations)\(\s*\{[^}]*namespace:\s*"([^"]+)"/g,
    /translator(?:<[^>]*>)?\([^,()]+,\s*"([^"]+)"/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
  return found;
}

const used = ["app", "components", "lib"].flatMap(files).flatMap((file) => namespacesIn(readFileSync(path.join(ROOT, file), "utf8")).map((ns) => ({ file, ns })));

describe("volunteer-facing namespaces", () => {
  it("finds the translation calls of the public pages (the scan works)", () => {
    const namespaces = new Set(used.map((u) => u.ns.split(".")[0]));
    for (const ns of ["common", "landing", "volunteers", "respond", "unsubscribe", "accessibility", "commitments", "privacy", "legal"]) expect(namespaces, ns).toContain(ns);
  });

  it.each(used)("$file: $ns is registered in volunteerNamespaces", ({ ns }) => {
    const [root, subtree] = ns.split(".");
    expect(Object.keys(namespaceFiles), `${root} is a namespace`).toContain(root);
    const scope = volunteerNamespaces[root as Namespace];
    expect(scope, `${root} must be in volunteerNamespaces (i18n/catalogue-files.ts)`).toBeDefined();
    if (subtree && scope !== "all") expect(scope, `${root}.${subtree} must be one of its volunteer subtrees`).toContain(subtree);
  });
});
