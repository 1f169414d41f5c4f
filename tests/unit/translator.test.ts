import { describe, expect, it } from "vitest";
import { translator } from "@/i18n/translator";

describe("translator (one per language and namespace, issue 19)", () => {
  it("hands out the same translator for the same language and namespace, and the right one for others", () => {
    expect(translator("de", "requests")).toBe(translator("de", "requests"));
    expect(translator("de", "requests")).not.toBe(translator("en", "requests"));
    expect(translator("de", "requests")("mail.what")).toBe("Was");
    expect(translator("en", "requests")("mail.what")).toBe("What");
    expect(translator("de", "requests")("mail.confirmSubject", { title: "Fahrt" })).toContain("Fahrt");
  });
});
