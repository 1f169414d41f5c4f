import { randomFillSync } from "node:crypto";

/**
 * Cryptographically secure random bytes from a pooled buffer: one `randomFillSync` (OpenSSL's
 * CSPRNG, as `randomBytes`) per 4 KiB instead of one native call per token. A send to thousands
 * draws a 32-byte unsubscribe token and a 12-byte AES-GCM nonce per message, and `randomBytes`
 * cost ~9 µs per call there (issue 19, docs/benchmarks.md); Node's own `crypto.randomUUID` keeps
 * such a cache. Every byte is handed out once, copied, and wiped from the pool right away.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

export function secureRandomBytes(size: number): Buffer {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`secureRandomBytes: size ${size}`);
  if (size > POOL_SIZE / 4) return randomFillSync(Buffer.alloc(size));
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_SIZE));
    offset = 0;
  }
  const out = Buffer.alloc(size);
  pool.copy(out, 0, offset, offset + size);
  pool.fill(0, offset, offset + size);
  offset += size;
  return out;
}
