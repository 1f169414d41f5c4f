/** A small seeded PRNG (mulberry32), so a fuzz run is repeatable: the seed is printed on failure. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}

export type Rng = ReturnType<typeof prng>;

/** Values that have broken forms elsewhere: empty, huge, control characters, NUL, markup, odd Unicode, SQL, numbers at the edges. */
export function nastyString(r: Rng): string {
  const pool = [
    "",
    " ",
    "a".repeat(r.pick([10, 300, 5000, 70_000])),
    "\0",
    "An\0na",
    "\r\nX-Injected: 1",
    "<script>alert(1)</script>",
    "'; drop table volunteers; --",
    "=cmd|' /C calc'!A0",
    "😀".repeat(r.int(50) + 1),
    "\u202e\u200b\ufeff",
    "%E2%82",
    "-1",
    "0",
    "1e309",
    "9".repeat(30),
    "2026-02-30T25:61",
    "null",
    "[]",
    "{\"a\":1}",
    "../../etc/passwd",
    "+49 151 2345 6789",
    "anna@example.net",
    "\\",
    "\u0001\u0002\u001f",
  ];
  return r.pick(pool);
}
