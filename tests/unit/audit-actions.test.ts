import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { adminLocales } from "@/i18n/config";
import { shippedCatalogue } from "@/i18n/messages";

/**
 * Every audit action the code writes has a name in the activity feed and the audit page, in
 * every coordinator language. The actions are found in the source the way a reader would grep
 * for them: string literals like "request.cancel" in the files that write audit entries
 * (recordAudit, deny/admit, adminAction, withActor, operation, withRequest, audit(…)), and
 * template literals (`request.${reason}`), whose expansions are listed below.
 */

const ROOT = join(__dirname, "..", "..");
/** The object families of audit actions ("<family>.<verb>"). */
const FAMILIES = ["member", "organization", "platform", "activity", "volunteer", "qualification", "privacy", "request", "invitation", "attendance", "certificate", "report", "series"];
/** Calls that write an audit entry under an action name. */
const AUDIT_WRITERS = /\b(recordAudit|deny|admit|invalid|adminAction|manageAction|withActor|operation|withRequest|rejectInput|audit)\(/;
/** Every template literal that names an action, with the values it can take (keep in step with the code). */
const DYNAMIC: Record<string, string[]> = {
  "request.${reason}": ["request.filled", "request.closed", "request.cancelled"],
  "volunteer.confirmed_${channel}": ["volunteer.confirmed_email", "volunteer.confirmed_sms"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function actionsInCode(): { literal: Map<string, string>; templates: Map<string, string> } {
  const literal = new Map<string, string>();
  const templates = new Map<string, string>();
  const family = FAMILIES.join("|");
  const literalRe = new RegExp(`"((?:${family})\\.[a-z_]+)"`, "g");
  const templateRe = new RegExp("`((?:" + family + ")\\.[a-z_]*\\$\\{[a-zA-Z.]+\\}[a-z_]*)`", "g");
  for (const file of [...sourceFiles(join(ROOT, "lib")), ...sourceFiles(join(ROOT, "app"))]) {
    const text = readFileSync(file, "utf8");
    if (!AUDIT_WRITERS.test(text)) continue;
    const where = relative(ROOT, file);
    // translation keys look alike ("certificate.title"): only strings in an audit position count
    for (const line of text.split("\n")) {
      if (/\bt\(|getTranslations|useTranslations|translator\(/.test(line) && !/action/.test(line)) continue;
      for (const m of line.matchAll(literalRe)) if (/action|audit|deny|admit|manageAction|withRequest|withActor|\?/.test(line)) literal.set(m[1], where);
      for (const m of line.matchAll(templateRe)) templates.set(m[1], where);
    }
  }
  return { literal, templates };
}

function has(tree: unknown, path: string): boolean {
  let node: unknown = tree;
  for (const part of path.split(".")) {
    if (!node || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" && node.length > 0;
}

describe("the catalogue of audit action names", () => {
  const { literal, templates } = actionsInCode();

  it("finds the actions the code writes (the search itself works)", () => {
    for (const a of ["request.create", "request.cancel", "invitation.accept", "member.invite", "volunteer.erased", "volunteer.export", "report.view"]) expect(literal.has(a), a).toBe(true);
    expect(literal.size).toBeGreaterThan(40);
  });

  it("knows the values of every template literal that names an action", () => {
    for (const [template, where] of templates) expect(DYNAMIC[template], `${template} in ${where}: list its values in DYNAMIC`).toBeDefined();
  });

  it.each([...adminLocales])("names every action in %s", (locale) => {
    const admin = shippedCatalogue(locale, "admin");
    const actions = [...literal.keys(), ...[...templates.keys()].flatMap((k) => DYNAMIC[k] ?? [])];
    const missing = actions.filter((a) => !has(admin, `audit.actions.${a}`)).map((a) => `${a} (${literal.get(a) ?? "template"})`);
    expect(missing).toEqual([]);
  });
});
