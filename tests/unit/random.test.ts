import { describe, expect, it } from "vitest";
import { secureRandomBytes } from "@/lib/random";
import { generateToken } from "@/lib/tokens";

describe("secureRandomBytes (pooled CSPRNG bytes)", () => {
  it("returns the asked number of bytes, never the same bytes twice, across pool refills", () => {
    const seen = new Set<string>();
    // 32-byte draws: 4096 / 32 = 128 per pool, so 1,000 draws refill it several times
    for (let i = 0; i < 1000; i++) {
      const b = secureRandomBytes(32);
      expect(b.length).toBe(32);
      seen.add(b.toString("hex"));
    }
    expect(seen.size).toBe(1000);
    for (const n of [0, 1, 12, 1024, 1025, 5000]) expect(secureRandomBytes(n).length).toBe(n);
  });

  it("hands out copies: changing one does not change the next", () => {
    const a = secureRandomBytes(16);
    a.fill(0);
    expect(secureRandomBytes(16).equals(Buffer.alloc(16))).toBe(false);
  });

  it("looks uniform (every byte value, each bit set about half the time)", () => {
    const sample = Buffer.concat(Array.from({ length: 2000 }, () => secureRandomBytes(12)));
    expect(new Set(sample).size).toBe(256);
    const ones = [...sample].reduce((n, byte) => n + byte.toString(2).replace(/0/g, "").length, 0);
    const bits = sample.length * 8;
    // 192,000 bits: 5 standard deviations are ~1.1 %
    expect(Math.abs(ones / bits - 0.5)).toBeLessThan(0.006);
  });

  it("rejects a negative or fractional size", () => {
    expect(() => secureRandomBytes(-1)).toThrow(RangeError);
    expect(() => secureRandomBytes(1.5)).toThrow(RangeError);
  });

  it("gives tokens of 256 bits (43 base64url characters)", () => {
    expect(generateToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
